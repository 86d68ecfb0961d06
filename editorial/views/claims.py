"""Claims in the browser: made from a selection, a claim flag or quoted words; their status, summary,
sources, assignment; orphans closed or re-attached. Each view parses a form, calls one service, and
either redirects or shows the form again with what was typed and the service's reason."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from editorial.claims import LABELS, SETTABLE, VERDICTS, ClaimStatus
from editorial.input_guard import page_number
from editorial.inputs import whole_number
from editorial.models import Article
from editorial.permissions import can_work_claims
from editorial.search_query import parse
from editorial.services import claim_archive, claim_memory, claims, people, queues, search
from editorial.services.access import get_article, get_review_material
from editorial.services.errors import Forbidden, Invalid, ServiceError
from editorial.views import triage as triage_views
from editorial.views.answers import json_error, wants_json
from editorial.views.forms import (
    ClaimArchiveForm,
    ClaimAssignForm,
    ClaimForm,
    ClaimStatusForm,
    ClaimSummaryForm,
    CloseClaimForm,
    ReattachForm,
    ReuseClaimForm,
    SourceForm,
    people_choices,
    shown_span,
)
from editorial.wording import plural

bp = Blueprint("claims", __name__)

CLAIM_EVENTS = frozenset(
    {"claim_created", "claim_status", "claim_edited", "claim_reanchored", "claim_closed", "claim_assigned",
     "source_attached", "claim_reused"}
)


@bp.app_template_filter("claim_status")
def claim_status_label(value) -> str:
    return LABELS[ClaimStatus(value)]


@bp.app_template_filter("claim_rating")
def claim_rating_label(claim) -> str:
    """A claim's verdict as readers see it (the newsroom's rating label), else its status."""
    shown = claims.shown_rating(claim)
    return shown.label if shown else LABELS[ClaimStatus(claim.status)]


def panel_context(article: Article, blockers, flags=(), article_claims=None) -> dict:
    """What the article page needs for its claim panel and the flags' "Make it a claim" buttons
    (`article_claims`: claims.for_article, when read already)."""
    if article_claims is None:
        article_claims = claims.for_article(article)
    statements = [f.flag.text for f in flags if f.flag.category == "claim" and f.flag.field == "body"
                  and f.dismissal is None]
    return {
        "claims": article_claims,
        # claim memory: earlier checked claims beside each claim, and beside each open statement-to-check flag
        "checked_before": claim_memory.checked_before(current_user, [c.id for c in article_claims if not c.closed_at]),
        "flag_memory": claim_memory.checked_for_texts(current_user, article, statements),
        "claim_statuses": [(s.value, LABELS[s]) for s in ClaimStatus],
        "may_work_claims": can_work_claims(current_user.roles),
        "claim_form": ClaimForm(formdata=None),
        "close_form": CloseClaimForm(formdata=None),
        "reattach_form": ReattachForm(formdata=None),
        # claim flags the gate still counts are the ones no claim covers yet: one rule, in the service
        "unclaimed_flags": {b.field.removeprefix("flag-") for b in blockers if b.code == "claim_flag"},
    }


# -- the list ---------------------------------------------------------------------------------------------


@bp.get("/claims")
@login_required
def index():
    """Every claim this person may read, searched by words and narrowed by status."""
    q = request.args.get("q", "").strip()[:200]
    status = request.args.get("status", "")
    status = ClaimStatus(status) if status in ClaimStatus._value2member_map_ else None
    pagination = search.claims_page(current_user, q, status, page=page_number(),
                                    per_page=current_app.config["PAGE_SIZE"])
    return render_template("claims/list.html", pagination=pagination, q=q, status=status,
                           text=parse(q), statuses=[(s.value, LABELS[s]) for s in ClaimStatus])


# -- making a claim ---------------------------------------------------------------------------------------


@bp.route("/articles/<int:article_id>/claims/new", methods=["GET", "POST"])
@login_required
def create(article_id: int):
    if request.method == "POST" and wants_json():
        return _create_json(article_id)
    article = get_review_material(current_user, article_id)
    form = ClaimForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            # a selection or a flag: offsets with the version of the text the page showed and the words
            chosen = form.selection()
            if not chosen and form.flag_key.data:
                chosen = {"flag_key": form.flag_key.data, **shown_span(form.version.data, form.exact.data)}
            claim = claims.create(current_user, article.id, summary=form.summary.data or "",
                                  **(chosen or {"exact": form.exact.data}))
        except ServiceError as e:
            target = form.exact if e.field in ("exact", "start", "version") else getattr(form, e.field or "", None)
            if target is not None and hasattr(target, "errors"):
                target.errors = [*target.errors, e.message]
            else:
                flash(e.message, "error")
            # the quoted words and the summary stay; retry by the words
            form.start.data = form.end.data = form.flag_key.data = form.version.data = ""
            return render_template("claims/new.html", article=article, form=form), e.status
        flash(_created(claim), "success")
        return redirect(url_for("articles.show", article_id=article.id, _anchor=f"claim-{claim.id}"))
    status = 422 if request.method == "POST" else 200
    return render_template("claims/new.html", article=article, form=form), status


def _created(claim) -> str:
    stop = "" if claim.summary.rstrip().endswith((".", "!", "?", "…")) else "."  # no “….”.
    return f"Claim created: “{claim.summary}”{stop}"


def _create_json(article_id: int):
    """fetch() making a claim from a flag (triage's `c`): JSON errors, and on success the claim with its undo."""
    form = ClaimForm()
    try:
        if not form.validate_on_submit():
            raise Invalid("The form expired or is incomplete: reload the page and try again.")
        get_review_material(current_user, article_id)
        chosen = form.selection()
        if not chosen and form.flag_key.data:
            chosen = {"flag_key": form.flag_key.data, **shown_span(form.version.data, form.exact.data)}
        if not chosen:
            raise Invalid("Choose a flag or select the words of the claim.", field="exact")
        claim = claims.create(current_user, article_id, summary=form.summary.data or "", **chosen)
    except ServiceError as e:
        return json_error(e)
    return triage_views.claim_made_answer(article_id, claim, _created(claim))


# -- the archive of checked claims ------------------------------------------------------------------------


@bp.get("/claims/archive")
@login_required
def archive():
    """Every checked claim, newest first; filters in the query string; "Older claims" pages by claim id."""
    if not claim_archive.may_read(current_user):
        raise Forbidden("The claim archive is for fact-checkers, editors and admins.")
    form = ClaimArchiveForm(request.args)
    form.verdict.choices = [("", "Any verdict"), *((s.value, LABELS[s]) for s in ClaimStatus if s in VERDICTS)]
    form.section.choices = [("", "Any section"), *((s, s) for s in claim_archive.sections())]
    checkers = [u for u in people.list_people(include_inactive=True) if can_work_claims(u.roles)]
    form.checker.choices = [("", "Anyone"), *((str(u.id), u.display_name) for u in checkers)]
    form.validate()  # a bad date shows by its field; the other filters still apply
    verdict = form.verdict.data if form.verdict.data in {s.value for s in VERDICTS} else None
    filters = claim_archive.ArchiveFilters(
        q=(form.q.data or "").strip()[:200],
        verdict=ClaimStatus(verdict) if verdict else None,
        section=form.section.data or "",
        checker_id=whole_number((form.checker.data or "").strip(), minimum=1),
        since=form.since.data if not form.since.errors else None,
        until=form.until.data if not form.until.errors else None,
    )
    before = whole_number(request.args.get("before", "").strip(), minimum=1)
    page = claim_archive.archive(current_user, filters, before=before)  # Forbidden: the error page (403)
    query = {k: v for k, v in request.args.items() if k != "before" and v}
    status = 422 if form.since.errors or form.until.errors else 200
    return render_template("claims/archive.html", form=form, page=page, query=query, before=before), status


# -- one claim --------------------------------------------------------------------------------------------


@bp.get("/claims/<int:claim_id>")
@login_required
def show(claim_id: int):
    return _render_claim(claim_id)


def _render_claim(claim_id: int, status: int = 200, **forms):
    claim = claims.get(current_user, claim_id)
    article = get_article(current_user, claim.article_id)
    q = request.args.get("q", "").strip()
    found = claims.search_sources(q) if q or request.args.get("library") else []
    source_form = forms.get("source_form") or SourceForm(formdata=None)
    use = request.args.get("use", "")
    chosen = next((s for s in found if str(s.id) == use), None)
    if chosen is not None and "source_form" not in forms:  # reuse a library source: its fields prefilled
        source_form = SourceForm(formdata=None, obj=chosen)
    status_form = forms.get("status_form") or _status_form(claim)
    _status_choices(status_form, claim)
    assign_form = forms.get("assign_form") or ClaimAssignForm(formdata=None, user_id=claim.assigned_to_id or 0)
    assign_form.user_id.choices = _checker_choices()
    history = [e for e in queues.timeline(article) if e.kind in CLAIM_EVENTS and (e.details or {}).get("claim") == claim.id]
    checked = claim_memory.checked_before(current_user, [claim.id]).get(claim.id, [])
    reused = next((f for f in checked if f.claim.id == claim.reused_from_id), None)
    return render_template(
        "claims/show.html",
        claim=claim, article=article, history=history, q=q, found=found, checked=checked, reused=reused,
        reuse_form=ReuseClaimForm(formdata=None),
        may_work_claims=can_work_claims(current_user.roles),
        status_form=status_form,
        summary_form=forms.get("summary_form") or ClaimSummaryForm(formdata=None, summary=claim.summary),
        source_form=source_form,
        close_form=forms.get("close_form") or CloseClaimForm(formdata=None),
        assign_form=assign_form,
    ), status


def _status_form(claim) -> ClaimStatusForm:
    """The status form as the claim stands; after "Reuse verdict and sources" of an earlier claim and before
    any verdict of its own, the earlier verdict, rating and notes are proposed: the checker confirms them."""
    status, rating, notes = claim.status.value if claim.status in SETTABLE else "", claim.rating or "", claim.notes
    earlier = claims.proposed_from(current_user, claim)
    if earlier is not None:
        status, rating = earlier.status.value, earlier.rating or ""
        notes = notes or f"Checked before as claim {earlier.id}." + (f" {earlier.notes}" if earlier.notes else "")
    return ClaimStatusForm(formdata=None, status=status, notes=notes, rating=rating)


def _status_choices(form: ClaimStatusForm, claim) -> None:
    """A claim the app put in needs_recheck has no verdict to preselect: the checker chooses one afresh."""
    if claim.status not in SETTABLE:
        form.status.choices = [("", "Choose a new verdict…"), *form.status.choices]
    form.rating.choices = [("", "The status's usual rating"), *(
        (r.key, f"{r.label} ({LABELS[r.status].lower()})") for r in current_app.config["RATING_SCALE"])]


def _checker_choices():
    workers = [u for u in people.list_people(include_inactive=False) if can_work_claims(u.roles)]
    return [(0, "Nobody"), *people_choices(workers)]


def _refused(claim_id: int, error: ServiceError, form_name: str, form):
    """Show the claim page again with the refused form as typed, its reason by the field it concerns."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message]
    flash(error.message, "error")
    return _render_claim(claim_id, error.status, **{form_name: form})


@bp.post("/claims/<int:claim_id>/status")
@login_required
def change_status(claim_id: int):
    claim = claims.get(current_user, claim_id)
    form = ClaimStatusForm()
    _status_choices(form, claim)
    if not form.validate_on_submit():
        return _render_claim(claim_id, 422, status_form=form)
    rating = form.rating.data if form.rating.data not in ("", claim.rating) else None
    status = form.status.data if form.status.data not in ("", claim.status.value) or rating else None
    notes = form.notes.data if (form.notes.data or "").strip() != claim.notes else None
    if status is None and notes is None:
        flash("Nothing changed: choose another status or rating, or edit the notes.", "info")
        return redirect(url_for("claims.show", claim_id=claim_id))
    try:
        claim = claims.update(current_user, claim_id, status=status, notes=notes, comment=form.comment.data or "",
                              rating=rating)
    except ServiceError as e:
        return _refused(claim_id, e, "status_form", form)
    shown = claims.shown_rating(claim)
    flash((f"The claim is now {LABELS[claim.status].lower()}" + (f", rated “{shown.label}”." if shown else ".")
           ) if status else "Verdict notes saved.", "success")
    return redirect(url_for("claims.show", claim_id=claim_id))


@bp.post("/claims/<int:claim_id>/reuse")
@login_required
def reuse(claim_id: int):
    """"Reuse verdict and sources" of a claim checked before: its sources are linked, its verdict proposed."""
    form = ReuseClaimForm()
    earlier = whole_number((form.earlier.data or "").strip(), minimum=1)
    if not form.validate_on_submit() or earlier is None:
        claims.get(current_user, claim_id)  # an unreadable claim is a 404, never a form error
        flash("The form expired or names no earlier claim: reload the page and try again.", "error")
        return _render_claim(claim_id, 422)
    try:
        claim, added = claims.reuse(current_user, claim_id, earlier)
    except ServiceError as e:
        flash(e.message, "error")
        return _render_claim(claim_id, e.status)
    linked = plural(added, "new source") if added else "no new source (they were attached already)"
    flash(f"Reused claim {earlier}: {linked} linked. Its verdict is proposed below: check it and press "
          "“Save status” to confirm.", "success")
    return redirect(url_for("claims.show", claim_id=claim.id, _anchor="verdict"))


@bp.post("/claims/<int:claim_id>/summary")
@login_required
def edit_summary(claim_id: int):
    form = ClaimSummaryForm()
    if not form.validate_on_submit():
        return _render_claim(claim_id, 422, summary_form=form)
    try:
        claims.update(current_user, claim_id, summary=form.summary.data)
    except ServiceError as e:
        return _refused(claim_id, e, "summary_form", form)
    flash("Summary saved.", "success")
    return redirect(url_for("claims.show", claim_id=claim_id))


@bp.post("/claims/<int:claim_id>/sources")
@login_required
def attach_source(claim_id: int):
    form = SourceForm()
    if not form.validate_on_submit():
        return _render_claim(claim_id, 422, source_form=form)
    try:
        link = claims.attach_source(
            current_user, claim_id, url=form.url.data, title=form.title.data or "",
            publisher=form.publisher.data or "", author=form.author.data or "",
            date_published=form.date_published.data, date_accessed=form.date_accessed.data,
            excerpt=form.excerpt.data or "", stance=form.stance.data, kind=form.kind.data,
        )
    except ServiceError as e:
        return _refused(claim_id, e, "source_form", form)
    flash(f"Source attached: {link.source.title or link.source.url}.", "success")
    return redirect(url_for("claims.show", claim_id=claim_id, _anchor="sources"))


@bp.post("/claims/<int:claim_id>/close")
@login_required
def close(claim_id: int):
    form = CloseClaimForm()
    if not form.validate_on_submit():
        form.reason.errors = ["Say why the claim is closed."]
        return _render_claim(claim_id, 422, close_form=form)
    try:
        claim = claims.close(current_user, claim_id, form.reason.data)
    except ServiceError as e:
        return _refused(claim_id, e, "close_form", form)
    flash("Claim closed; it stays in the history.", "success")
    return redirect(url_for("articles.show", article_id=claim.article_id, _anchor="claims"))


@bp.post("/claims/<int:claim_id>/reattach")
@login_required
def reattach(claim_id: int):
    claim = claims.get(current_user, claim_id)
    form = ReattachForm()
    back = url_for("articles.show", article_id=claim.article_id, _anchor=f"claim-{claim_id}")
    start = whole_number((form.start.data or "").strip(), minimum=0)
    end = whole_number((form.end.data or "").strip(), minimum=0)
    if not (form.validate_on_submit() and start is not None and end is not None):
        flash("Select the words in the article first, then press “Re-attach to the selected words”.", "error")
        return redirect(back)
    try:
        claims.reattach(current_user, claim_id, start=start, end=end,
                        **shown_span(form.version.data, form.exact.data))
    except ServiceError as e:
        flash(e.message, "error")
    else:
        flash("Claim re-attached to the selected words.", "success")
    return redirect(back)


@bp.post("/claims/<int:claim_id>/assign")
@login_required
def assign(claim_id: int):
    form = ClaimAssignForm()
    form.user_id.choices = _checker_choices()
    if not form.validate_on_submit():
        return _render_claim(claim_id, 422, assign_form=form)
    try:
        claim = claims.assign(current_user, claim_id, form.user_id.data or None)
    except ServiceError as e:
        return _refused(claim_id, e, "assign_form", form)
    flash(f"Assigned to {claim.assigned_to.display_name}." if claim.assigned_to else "Nobody is assigned now.",
          "success")
    return redirect(url_for("claims.show", claim_id=claim_id))
