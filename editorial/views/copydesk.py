"""Copy-desk pages and endpoints: dismissing flags, checking unsaved text, the dictionary, house style."""

from __future__ import annotations

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from editorial.inputs import strip_controls
from editorial.services import copydesk, fields
from editorial.services.access import get_article
from editorial.services.errors import ServiceError
from editorial.views.admin import settings_required
from editorial.views.forms import (
    DictionaryImportForm,
    DismissForm,
    EmptyForm,
    SpellingVarietyForm,
    StyleRuleForm,
    WordForm,
)
from editorial.wording import plural

bp = Blueprint("copydesk", __name__)


@bp.post("/articles/<int:article_id>/flags/dismiss")
@login_required
def dismiss(article_id: int):
    form = DismissForm()
    if form.validate_on_submit():
        try:
            copydesk.dismiss(current_user, article_id, key=form.key.data, reason=form.reason.data, **form.shown())
        except ServiceError as e:  # the reason typed is given back, to paste again
            flash(f"{e.message} Your reason was: “{form.reason.data.strip()}”", "error")
        else:
            flash("Flag dismissed; the reason is kept with it.", "success")
    else:
        flash("Say why the flag can stay: a reason is required.", "error")
    return redirect(url_for("articles.show", article_id=article_id, _anchor="flags"))


@bp.post("/articles/<int:article_id>/check")
@login_required
def check_draft(article_id: int):
    """Check unsaved text from the editor (JSON in, JSON out; CSRF token in the X-CSRFToken header)."""
    article = get_article(current_user, article_id)
    data = request.get_json(silent=True) or {}
    try:
        values = fields.normalize(
            {k: data[k] for k in ("headline", "body_html", "dateline_date") if k in data}, partial=True
        )
    except ServiceError as e:
        return jsonify(error={"code": e.code, "message": e.message, "field": e.field}), e.status
    body = values.get("body_text", article.body_text)
    headline = values.get("headline", article.headline)
    dateline = values.get("dateline_date", article.dateline_date)
    flags = copydesk.check(body, headline=headline, dateline=dateline)
    return jsonify(flags=[f.to_dict() for f in flags], body_text=body)


@bp.post("/dictionary/words")
@login_required
def add_word():
    form = WordForm()
    wants_json = request.accept_mimetypes.best == "application/json"
    if not form.validate_on_submit():
        message = "Give the word or name to add."
        return (jsonify(error={"code": "invalid", "message": message}), 422) if wants_json else _back(message)
    try:
        entry = copydesk.add_word(current_user, form.word.data)
    except ServiceError as e:
        return (jsonify(error={"code": e.code, "message": e.message}), e.status) if wants_json else _back(e.message)
    if wants_json:
        return jsonify(word=entry.word), 201
    flash(f"“{entry.word}” is in the newsroom dictionary now.", "success")
    return redirect(request.referrer or url_for("copydesk.dictionary"))


def _back(message: str):
    flash(message, "error")
    return redirect(request.referrer or url_for("dashboard.home"))


@bp.get("/admin/dictionary")
@settings_required
def dictionary():
    return render_template(
        "admin/dictionary.html", words=copydesk.dictionary(), word_form=WordForm(),
        import_form=DictionaryImportForm(), empty_form=EmptyForm(),
    )


@bp.post("/admin/dictionary/<int:word_id>/remove")
@settings_required
def remove_word(word_id: int):
    if EmptyForm().validate_on_submit():
        try:
            copydesk.remove_word(current_user, word_id)
        except ServiceError as e:
            flash(e.message, "error")
    return redirect(url_for("copydesk.dictionary"))


@bp.post("/admin/dictionary/import")
@settings_required
def import_words():
    form = DictionaryImportForm()
    if form.validate_on_submit():
        try:
            text = strip_controls(form.file.data.read().decode("utf-8"))
            added = copydesk.import_words(current_user, text)
        except UnicodeDecodeError:
            flash("The file is not UTF-8 text.", "error")
        except ServiceError as e:
            flash(e.message, "error")
        else:
            flash(f"{plural(added, 'new word')} imported.", "success")
    else:
        flash("Choose a text file with one word or name per line.", "error")
    return redirect(url_for("copydesk.dictionary"))


@bp.get("/admin/dictionary.txt")
@settings_required
def export_words():
    return Response(
        copydesk.export_words(), mimetype="text/plain; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="newsroom-dictionary.txt"'},
    )


@bp.route("/admin/style", methods=["GET", "POST"])
@settings_required
def style():
    form = StyleRuleForm()
    if form.validate_on_submit():
        try:
            copydesk.add_style_rule(
                current_user, kind=form.kind.data, phrase=form.phrase.data,
                replacement=form.replacement.data or "", reason=form.reason.data or "",
            )
        except ServiceError as e:
            flash(e.message, "error")
        else:
            flash("House-style rule added.", "success")
            return redirect(url_for("copydesk.style"))
    spelling_form = SpellingVarietyForm(spelling=copydesk.spelling_variety())
    return render_template("admin/style.html", rules=copydesk.style_rules(), form=form, empty_form=EmptyForm(),
                           spelling_form=spelling_form)


@bp.post("/admin/style/spelling")
@settings_required
def set_spelling():
    form = SpellingVarietyForm()
    if form.validate_on_submit():
        try:
            copydesk.set_spelling_variety(current_user, form.spelling.data)
        except ServiceError as e:
            flash(e.message, "error")
        else:
            flash("House spelling saved.", "success")
    else:
        flash("Choose British, American or either.", "error")
    return redirect(url_for("copydesk.style"))


@bp.post("/admin/style/<int:rule_id>/remove")
@settings_required
def remove_style_rule(rule_id: int):
    if EmptyForm().validate_on_submit():
        try:
            copydesk.remove_style_rule(current_user, rule_id)
        except ServiceError as e:
            flash(e.message, "error")
    return redirect(url_for("copydesk.style"))
