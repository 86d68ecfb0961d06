"""Triage of statement flags: dismissing a group at once, undoing the last dismissal or claim (the
newsroom's preset reasons are set on the house-style page, views/copydesk.py). Every route answers JSON to fetch() (Accept: application/json) and redirects a plain form."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, request, url_for
from flask_login import current_user, login_required

from editorial.claims import LABELS
from editorial.inputs import whole_number
from editorial.services import claims, triage
from editorial.services.access import get_review_material
from editorial.services.errors import Invalid, ServiceError
from editorial.views.answers import json_error, wants_json
from editorial.views.forms import BulkDismissForm, EmptyForm, shown_span
from editorial.wording import plural

bp = Blueprint("triage", __name__)


def _back(article_id: int):
    return redirect(url_for("articles.show", article_id=article_id, _anchor="flags"))


def _state(article_id: int) -> dict:
    return triage.panel_state(get_review_material(current_user, article_id))


def dismissed_answer(article_id: int, dismissals, message: str | None = None):
    """What fetch() gets after a dismissal: the dismissals, how to undo them (those this person made: a flag
    someone else had just dismissed keeps theirs), and the panel's state."""
    reason = dismissals[0].reason if dismissals else ""
    mine = [d.id for d in dismissals if d.dismissed_by_id == current_user.id]
    undo = {"url": url_for("triage.undo_dismissal", article_id=article_id), "dismissal": mine,
            "label": "Undo the dismissal" if len(mine) == 1 else f"Undo the {len(mine)} dismissals"} if mine else None
    return jsonify(
        message=message or f"Dismissed: “{reason}”.",
        dismissals=[{"id": d.id, "reason": d.reason} for d in dismissals],
        undo=undo,
        state=_state(article_id),
    )


def claim_made_answer(article_id: int, claim, message: str):
    """What fetch() gets after a claim is made from a flag: the claim, how to undo it, the panel's state."""
    return jsonify(
        message=message,
        claim={"id": claim.id, "summary": claim.summary, "url": url_for("claims.show", claim_id=claim.id),
               "exact": claim.exact, "start": claim.start, "end": claim.end, "status": claim.status.value,
               "status_label": LABELS[claim.status]},
        undo={"url": url_for("triage.undo_claim", article_id=article_id, claim_id=claim.id), "label": "Undo the claim"},
        state=_state(article_id),
    ), 201


@bp.post("/articles/<int:article_id>/flags/dismiss-group")
@login_required
def dismiss_group(article_id: int):
    """`key`/`exact` pairs as shown at `version`, one reason: all dismissed, or none."""
    form = BulkDismissForm()
    keys, exacts = request.form.getlist("key"), request.form.getlist("exact")
    try:
        if not form.validate_on_submit():
            raise Invalid("Choose the reason these flags can stay.", field="reason")
        if not keys or len(keys) != len(exacts):
            raise Invalid("Each flag comes with its words: reload the page and try again.", field="key")
        version = shown_span(form.version.data, exacts[0])["version"]
        made = triage.dismiss_many(current_user, article_id, flags=list(zip(keys, exacts, strict=True)),
                                   reason=form.reason.data, version=version)
    except ServiceError as e:
        if wants_json():
            return json_error(e)
        flash(e.message, "error")
        return _back(article_id)
    message = f"{plural(len(made), 'flag')} dismissed: “{form.reason.data.strip()}”."
    if wants_json():
        return dismissed_answer(article_id, made, message)
    flash(message, "success")
    return _back(article_id)


@bp.post("/articles/<int:article_id>/flags/undo-dismissal")
@login_required
def undo_dismissal(article_id: int):
    """`dismissal` repeats: the ids of the dismissals of the last step (one, or a group's)."""
    ids = [whole_number(raw) for raw in request.form.getlist("dismissal")]
    try:
        if not EmptyForm().validate_on_submit():
            raise Invalid("The form expired: reload the page and try again.")
        if not ids or None in ids:
            raise Invalid("Name the dismissal to undo.", field="dismissal")
        undone = triage.undo_dismissals(current_user, article_id, ids)
    except ServiceError as e:
        if wants_json():
            return json_error(e)
        flash(e.message, "error")
        return _back(article_id)
    message = ("Dismissal undone: the flag is open again." if len(undone) == 1
               else f"{plural(len(undone), 'dismissal')} undone: the flags are open again.")
    if wants_json():
        return jsonify(message=message, state=_state(article_id))
    flash(message, "success")
    return _back(article_id)


@bp.post("/articles/<int:article_id>/claims/<int:claim_id>/undo")
@login_required
def undo_claim(article_id: int, claim_id: int):
    try:
        if not EmptyForm().validate_on_submit():
            raise Invalid("The form expired: reload the page and try again.")
        claims.undo_create(current_user, article_id, claim_id)
    except ServiceError as e:
        if wants_json():
            return json_error(e)
        flash(e.message, "error")
        return _back(article_id)
    message = "Claim undone: it is closed (reason “undone”), and its flag is open again."
    if wants_json():
        return jsonify(message=message, state=_state(article_id))
    flash(message, "success")
    return _back(article_id)

