"""Copy-desk pages and endpoints: dismissing flags, checking unsaved text, the dictionary, house style."""

from __future__ import annotations

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from editorial.inputs import strip_controls
from editorial.services import copydesk, fields, triage
from editorial.services.access import get_article
from editorial.services.errors import ServiceError
from editorial.views import triage as triage_views
from editorial.views.admin import settings_required
from editorial.views.answers import json_error, wants_json
from editorial.views.forms import (
    DictionaryImportForm,
    DismissForm,
    DismissPresetsForm,
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
    """Plain form: back to the flags with a message. fetch() (Accept: application/json): the dismissal, how to
    undo it, and the panel's state (triage.js updates the page in place)."""
    form = DismissForm()
    reason = form.chosen_reason()
    if not (form.validate_on_submit() and reason):
        message = "Say why the flag can stay: a reason is required."
        if wants_json():
            return jsonify(error={"code": "invalid", "message": message, "field": "reason"}), 422
        flash(message, "error")
        return redirect(url_for("articles.show", article_id=article_id, _anchor="flags"))
    try:
        dismissal = copydesk.dismiss(current_user, article_id, key=form.key.data, reason=reason, **form.shown())
    except ServiceError as e:  # the reason typed is given back, to paste again
        if wants_json():
            return json_error(e)
        flash(f"{e.message} Your reason was: “{reason}”", "error")
    else:
        if wants_json():
            return triage_views.dismissed_answer(article_id, [dismissal])
        flash("Flag dismissed; the reason is kept with it.", "success")
    return redirect(url_for("articles.show", article_id=article_id, _anchor="flags"))


@bp.post("/articles/<int:article_id>/check")
@login_required
def check_draft(article_id: int):
    """Check unsaved text from the editor (JSON in, JSON out; CSRF token in the X-CSRFToken header). When the
    text is the saved version, each flag also carries its key and triage state, so the editor can offer
    "Dismiss…" and "Make it a claim" on it (`saved`, `version`)."""
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
    saved = (body, headline, dateline) == (article.body_text, article.headline, article.dateline_date)
    state = triage.panel_state(article)["flags"] if saved else {}  # first: it keeps the revision's flags
    checked = copydesk.revision_flags(article) if saved else copydesk.check(body, headline=headline, dateline=dateline)
    flags = [f.to_dict() | ({"key": copydesk.flag_key(f), **state.get(copydesk.flag_key(f), {})} if saved else {})
             for f in checked]
    return jsonify(flags=flags, body_text=body, saved=saved, version=article.version)


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
    return _render_style(form=form)


def _render_style(status: int = 200, **forms):
    spelling_form = SpellingVarietyForm(spelling=copydesk.spelling_variety())
    presets_form = forms.pop("presets_form", None) or DismissPresetsForm(
        formdata=None, presets="\n".join(triage.presets()))
    forms.setdefault("form", StyleRuleForm(formdata=None))
    return render_template("admin/style.html", rules=copydesk.style_rules(), empty_form=EmptyForm(),
                           spelling_form=spelling_form, presets_form=presets_form, **forms), status


@bp.post("/admin/style/presets")
@settings_required
def set_presets():
    """The preset reasons for dismissing a statement to check (triage's 1, 2, 3…); refused text is shown again."""
    form = DismissPresetsForm()
    if form.validate_on_submit():
        try:
            triage.set_presets(current_user, form.presets.data or "")
        except ServiceError as e:
            form.presets.errors = [*form.presets.errors, e.message]
        else:
            flash("Preset reasons saved.", "success")
            return redirect(url_for("copydesk.style", _anchor="dismiss-presets"))
    return _render_style(422, presets_form=form)


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
