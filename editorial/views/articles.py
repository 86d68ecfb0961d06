"""Writing, importing, reading, history, comparing, restoring, moving through the workflow."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from editorial import workflow
from editorial.diffing import word_diff
from editorial.inputs import whole_number
from editorial.permissions import can_add_to_dictionary, can_work_claims
from editorial.services import (
    articles,
    assignments,
    claims,
    comments,
    copydesk,
    corrections,
    gate,
    locks,
    people,
    public,
    queues,
    reviews,
    schedule,
    transitions,
)
from editorial.services.access import capacities_on, get_article, get_review_material, may_read_review
from editorial.services.errors import Invalid, ServiceError, StaleVersion
from editorial.views import claims as claim_views
from editorial.views import comments as comment_views
from editorial.views import edit_locks
from editorial.views.forms import (
    ArticleForm,
    AssignForm,
    DismissForm,
    EmptyForm,
    ImportForm,
    ImportReviewForm,
    RestoreForm,
    ScheduleForm,
    TransitionForm,
    WordForm,
    people_choices,
)

bp = Blueprint("articles", __name__, url_prefix="/articles")


def _byline_choices(form: ArticleForm) -> None:
    form.byline.choices = people_choices(people.list_people(include_inactive=False))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    form = ArticleForm()
    _byline_choices(form)
    if request.method == "GET":
        form.byline.data = [current_user.id]
    if form.validate_on_submit():
        try:
            article = articles.create(current_user, form.values())
        except Invalid as e:
            _field_error(form, e)
        else:
            flash("Draft created.", "success")
            return redirect(url_for("articles.edit", article_id=article.id))
    return render_template("articles/edit.html", form=form, article=None, conflict=None, lock=None), (
        422 if form.errors else 200
    )


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_():
    form = ImportForm()
    if form.validate_on_submit():
        text, filename = form.text.data or "", ""
        upload = form.file.data
        if upload and upload.filename:
            filename = upload.filename
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                form.file.errors.append("The file is not UTF-8 text. Save it as UTF-8 (or paste its text).")
                return render_template("articles/import.html", form=form), 422
        try:
            if request.form.get("action") == "review":
                proposal = articles.preview_import(text, filename=filename)
                review = ImportReviewForm(formdata=None, data={
                    "text": text, "filename": filename, "headline": proposal.headline,
                    "standfirst": proposal.standfirst, "byline": ", ".join(proposal.byline),
                    "dateline": proposal.dateline, "section": form.section.data or proposal.section,
                })
                return _render_import_review(review, proposal, put_back=set())
            article = articles.import_draft(
                current_user,
                text,
                filename=filename,
                headline=form.headline.data or "",
                extra={"section": form.section.data or ""},
            )
        except ServiceError as e:
            flash(e.message, "error")
            return render_template("articles/import.html", form=form), e.status
        flash("Imported as a draft. Nothing was removed: the checks will flag leftovers.", "success")
        return redirect(url_for("articles.edit", article_id=article.id))
    return render_template("articles/import.html", form=form)


@bp.post("/import/review")
@login_required
def import_review():
    """The review step's answer: the fields kept, the set-aside lines put back → the draft."""
    form = ImportReviewForm()
    put_back = {n for n in (whole_number(v, minimum=0) for v in request.form.getlist("put_back")) if n is not None}
    try:
        if form.validate_on_submit():
            article = articles.import_reviewed(current_user, form.text.data, filename=form.filename.data or "",
                                               chosen=form.chosen(), put_back=put_back)
            flash("Imported as a draft from your review: the lines you left set aside are not in the body.",
                  "success")
            return redirect(url_for("articles.edit", article_id=article.id))
        status = 422
    except ServiceError as e:
        flash(e.message, "error")
        status = e.status
    try:
        proposal = articles.preview_import(form.text.data or "", filename=form.filename.data or "")
    except ServiceError:  # the page itself is gone (a tampered form): start again
        return redirect(url_for("articles.import_"))
    return _render_import_review(form, proposal, put_back=put_back, status=status)


def _render_import_review(form: ImportReviewForm, proposal, *, put_back: set[int], status: int = 200):
    return render_template("articles/import_review.html", form=form, proposal=proposal,
                           set_aside=list(enumerate(proposal.set_aside)), put_back=put_back), status


@bp.get("/<int:article_id>")
@login_required
def show(article_id: int):
    article = get_article(current_user, article_id)
    if not may_read_review(current_user, article):  # the newsroom's page of a piece is its review record
        return redirect(url_for("public.article", article_id=article.id))
    return _render_show(article_id, TransitionForm())


def _render_show(article_id: int, transition_form: TransitionForm, schedule_form: ScheduleForm | None = None):
    article = get_review_material(current_user, article_id)
    capacities = capacities_on(current_user, article)
    assign_form = AssignForm()
    assign_form.user_id.choices = people_choices(assignments.candidates(article))
    article_claims, threads = claims.for_article(article), comments.for_article(article)  # panels and gate alike
    flags = copydesk.shown_flags(article, article_claims)
    readiness = gate.readiness(article, flags, article_claims=article_claims, threads=threads)
    blockers = readiness.blockers
    offered = transitions.available(current_user, article)
    if schedule_form is None:
        schedule_form = ScheduleForm(formdata=None, publish_at=article.publish_at,
                                     correction_note=article.scheduled_correction_note)
    claim_context = claim_views.panel_context(article, blockers, flags, article_claims)
    comment_context = comment_views.panel_context(article, threads)
    return render_template(
        "articles/show.html",
        article=article,
        flags=flags,
        dismiss_form=DismissForm(),
        word_form=WordForm(),
        may_add_words=can_add_to_dictionary(current_user.roles),
        transitions=[t for t in offered if t.name != "publish"],  # Publish lives in the publish box
        publish_control=_publish_control(article, capacities, offered, readiness),
        transition_form=transition_form,
        assign_form=assign_form,
        empty_form=EmptyForm(),
        blockers=blockers,
        readiness=readiness,
        may_schedule=workflow.Capacity.EDITOR in capacities and article.state == workflow.State.APPROVED,
        schedule_form=schedule_form,
        corrections=corrections.history(article.id),
        needs_correction_note=corrections.needs_note(article),
        may_edit=articles.may_edit(current_user, article),
        lock=locks.holder(article, other_than=current_user),
        timeline=queues.timeline(article),
        **claim_context,
        **comment_context,
        tab_counts=_tab_counts(flags, claim_context["claims"], comment_context["open_threads"]),
        tab_blocking=_tab_blocking(blockers),
        comment_next="show",
        **_review_context(article, capacities),
    )


def _tab_counts(flags, claims, open_threads) -> dict[str, int]:
    """What the workspace's tabs count: what is still open in each (dismissed flags, closed claims and
    resolved comments are listed in their tabs but not counted)."""
    return {
        "flags": sum(1 for f in flags if f.dismissal is None),
        "claims": sum(1 for c in claims if c.closed_at is None),
        "comments": len(open_threads),
    }


def _tab_blocking(blockers) -> dict[str, int]:
    """How many of the gate's blockers each tab holds (a blocker's field names the card it links to)."""
    kinds = {"flag-": "flags", "claim-": "claims", "comment-": "comments"}
    counts = dict.fromkeys(kinds.values(), 0)
    for b in blockers:
        kind = next((tab for prefix, tab in kinds.items() if (b.field or "").startswith(prefix)), None)
        if kind:
            counts[kind] += 1
    return counts


def _publish_control(article, capacities, offered, readiness: gate.Readiness) -> str | None:
    """What the publish box offers this person: a live button ("live"), a button that asks for an override
    reason ("override"), a disabled one with the reasons ("blocked"), or nothing (they may never publish)."""
    if any(t.name == "publish" for t in offered):
        if readiness.ready:
            return "live"
        return "blocked" if readiness.hard else "override"
    would_publish = any(t.name == "publish" for t in workflow.available(workflow.State.APPROVED, capacities))
    if would_publish and article.state in (workflow.State.IN_REVIEW, workflow.State.APPROVED):
        return "blocked"  # an editor on a piece not yet approved: show what stands in the way
    return None


SINCE_LAST_REVIEW = "last-review"
_REVIEWED_AS = {"approve": "approved", "request_changes": "sent back", "reopen": "reopened"}


def _review_context(article, capacities) -> dict:
    """The "what changed since I last looked" toggle: offered to editors on a piece in review, shown on
    `?since=last-review` as word diffs of headline, standfirst and body against the baseline revision."""
    offered = article.state == workflow.State.IN_REVIEW and workflow.Capacity.EDITOR in capacities
    if not offered or request.args.get("since") != SINCE_LAST_REVIEW:
        return {"review_offered": offered, "review": None}
    baseline = reviews.review_baseline(current_user, article)
    old = articles.revision(article, baseline.version)
    diffs = {
        "headline": word_diff(old.headline or "", article.headline or ""),
        "standfirst": word_diff(old.standfirst or "", article.standfirst or ""),
        "body": word_diff(old.body_text or "", article.body_text or ""),
    }
    changed = any(chunk.op != "equal" for chunks in diffs.values() for chunk in chunks)
    return {"review_offered": True, "review": {**diffs, "changed": changed, "since": _since(baseline, changed)}}


def _since(baseline: reviews.Baseline, changed: bool) -> str:
    lead = f"Changes since revision {baseline.version}" if changed else f"Nothing has changed since revision {baseline.version}"
    when = _day(baseline.at) if baseline.at else ""
    if baseline.reason == "reviewed":
        return f"{lead}, which you {_REVIEWED_AS.get(baseline.transition, 'reviewed')} on {when}."
    if baseline.reason == "approved":
        return f"{lead}, the last approved one ({baseline.by} approved it on {when}); you have not reviewed this piece."
    return f"{lead}, the first: you have not reviewed this piece and it has never been approved."


def _day(moment) -> str:
    today = datetime.now(UTC)
    return f"{moment.day} {moment:%b}" + ("" if moment.year == today.year else f" {moment.year}")


def _not_editable(article):
    flash(f"This article is {workflow.label(article.state)}: you cannot edit it now.", "error")
    return redirect(url_for("articles.show", article_id=article.id))


@bp.route("/<int:article_id>/edit", methods=["GET", "POST"])
@login_required
def edit(article_id: int):
    article = get_article(current_user, article_id)
    if not articles.may_edit(current_user, article):
        return _not_editable(article)
    form = ArticleForm(obj=None if request.method == "POST" else article)
    _byline_choices(form)
    conflict = None
    status = 200
    if request.method == "GET":
        form.byline.data = [row.user_id for row in article.byline_rows]
        form.tags.data = ", ".join(article.tags or [])
        form.dateline_date.data = article.dateline_date.isoformat() if article.dateline_date else ""
        form.version.data = article.version
    elif form.validate_on_submit():
        base = form.version.data or ""
        try:
            articles.save(
                current_user, article.id, form.values(), base_version=whole_number(base) or -1,
                note=form.note.data or "",
            )
        except StaleVersion as e:
            conflict = _conflict(e, base)
            form.version.data = e.current.version  # saving again now is a deliberate overwrite
            status = 409
        except Invalid as e:
            _field_error(form, e)
            status = 422
        else:
            if request.form.get("hand_over_to"):
                return _hand_over_after_save(article, request.form["hand_over_to"])
            flash("Saved.", "success")
            return redirect(url_for("articles.edit", article_id=article.id))
    else:
        status = 422
    return render_template(
        "articles/edit.html", form=form, article=article, conflict=conflict, **edit_locks.editor_context(article),
        change_request=reviews.change_request(article),
        may_add_words=can_add_to_dictionary(current_user.roles), comment_next="edit",
        may_work_claims=can_work_claims(current_user.roles),
        **comment_views.panel_context(article),
    ), status


def _hand_over_after_save(article, raw_asker: str):
    """The editor's "Save and hand over": the save is done; now the lock goes to who asked, if they still do."""
    asker_id = whole_number(raw_asker)
    try:
        if asker_id is None:
            raise Invalid("Nobody to hand over to was named.")
        asker = locks.hand_over(article, current_user, asker_id)
    except ServiceError as e:
        flash(f"Saved, but not handed over: {e.message}", "error")
        return redirect(url_for("articles.edit", article_id=article.id))
    flash(f"Saved, and handed over to {asker.display_name}; they are told so.", "success")
    return redirect(url_for("articles.show", article_id=article.id))


def _conflict(error: StaleVersion, base: str) -> dict:
    """What changed between the version this person started from and the current one."""
    current = error.current
    number = whole_number(base)
    old = articles.revision(current, number) if number is not None and number <= current.version else None
    return {
        "message": error.message,
        "version": current.version,
        "headline": word_diff(old.headline if old else "", current.headline),
        "body": word_diff(old.body_text if old else "", current.body_text),
    }


@bp.get("/<int:article_id>/history")
@login_required
def history(article_id: int):
    article = get_review_material(current_user, article_id)
    return render_template(
        "articles/history.html",
        article=article,
        revisions=articles.revisions(article),
        live_revision_id=article.published_revision_id if public.is_live(article) else None,
        restore_form=RestoreForm(),
        may_edit=articles.may_edit(current_user, article),
    )


@bp.get("/<int:article_id>/compare")
@login_required
def compare(article_id: int):
    article = get_review_material(current_user, article_id)
    a, b = whole_number(request.args.get("a", "")), whole_number(request.args.get("b", ""))
    if a is None or b is None:
        flash("Choose two revisions to compare.", "error")
        return redirect(url_for("articles.history", article_id=article.id))
    old, new = articles.revision(article, a), articles.revision(article, b)
    diffs = {
        "Headline": word_diff(old.headline, new.headline),
        "Standfirst": word_diff(old.standfirst, new.standfirst),
        "Body": word_diff(old.body_text, new.body_text),
    }
    return render_template("articles/compare.html", article=article, old=old, new=new, diffs=diffs)


@bp.get("/<int:article_id>/revisions/<int:number>/restore")
@login_required
def confirm_restore(article_id: int, number: int):
    """Restoring asks first, and says what it will do (a new revision; back to review if approved or live)."""
    article = get_review_material(current_user, article_id)
    if not articles.may_edit(current_user, article):
        flash(f"This article is {workflow.label(article.state)}: you cannot restore a revision now.", "error")
        return redirect(url_for("articles.history", article_id=article.id))
    old = articles.revision(article, number)
    return render_template("articles/restore.html", article=article, old=old, restore_form=RestoreForm(),
                           consequence=articles.edit_consequence(article))


@bp.post("/<int:article_id>/revisions/<int:number>/restore")
@login_required
def restore(article_id: int, number: int):
    get_article(current_user, article_id)  # 404, not a redirect, for an article this person may not see
    form = RestoreForm()
    if form.validate_on_submit():
        base = form.version.data or ""
        try:
            articles.restore(current_user, article_id, number, base_version=whole_number(base) or -1)
        except ServiceError as e:
            flash(e.message, "error")
        else:
            flash(f"Revision {number} restored as a new revision.", "success")
    return redirect(url_for("articles.history", article_id=article_id))


@bp.post("/<int:article_id>/transition")
@login_required
def transition(article_id: int):
    get_article(current_user, article_id)  # 404, not a redirect, for an article this person may not see
    form = TransitionForm()
    if not form.validate_on_submit():
        if form.comment.errors or form.override_reason.errors or form.correction_note.errors:  # shown by the field
            return _render_show(article_id, form), 422
        flash("The form was incomplete; try again.", "error")
        return redirect(url_for("articles.show", article_id=article_id))
    typed = (form.comment.data or "").strip() or (form.correction_note.data or "").strip()
    try:
        article = transitions.transition(current_user, article_id, form.to.data, form.comment.data or "",
                                         override_reason=form.override_reason.data or "",
                                         correction_note=form.correction_note.data or "",
                                         public_reason=bool(form.public_reason.data))
    except transitions.GateBlocked as e:
        flash(e.message, "error")  # the page offers the override field when a reason would do
        return redirect(url_for("articles.show", article_id=article_id, _anchor="readiness"))
    except ServiceError as e:
        flash(e.message, "error")
        if e.field in ("comment", "override_reason", "correction_note"):
            getattr(form, e.field).errors = [*getattr(form, e.field).errors, e.message]
        if e.status == 422 or typed:  # keep what was typed: show the page again with the comment filled in
            return _render_show(article_id, form), e.status
        return redirect(url_for("articles.show", article_id=article_id))
    flash(_MOVED.get(article.state, f"The article is now {workflow.label(article.state)}."), "success")
    return redirect(url_for("articles.show", article_id=article_id))


# States whose label does not read after "The article is now …"
_MOVED = {workflow.State.CHANGES_REQUESTED: "Changes requested: the article is back with its author."}


@bp.post("/<int:article_id>/schedule")
@login_required
def schedule_publication(article_id: int):
    get_article(current_user, article_id)  # 404 for an article this person may not see
    form = ScheduleForm()
    if not form.validate_on_submit():
        return _render_show(article_id, TransitionForm(formdata=None), form), 422
    when = None if request.form.get("action") == "clear" else form.publish_at.data
    if when is None and request.form.get("action") != "clear":
        form.publish_at.errors = [*form.publish_at.errors, "Choose a date and time (UTC)."]
        return _render_show(article_id, TransitionForm(formdata=None), form), 422
    try:
        article = schedule.set_publish_time(current_user, article_id, when,
                                            correction_note=form.correction_note.data or "")
    except ServiceError as e:
        if e.field in ("publish_at", "correction_note"):
            getattr(form, e.field).errors = [*getattr(form, e.field).errors, e.message]
            return _render_show(article_id, TransitionForm(formdata=None), form), e.status
        flash(e.message, "error")
        return redirect(url_for("articles.show", article_id=article_id))
    if article.publish_at:
        flash(f"Scheduled to publish at {article.publish_at:%Y-%m-%d %H:%M} UTC.", "success")
    else:
        flash("The schedule is cleared.", "success")
    return redirect(url_for("articles.show", article_id=article_id))


@bp.post("/<int:article_id>/assign")
@login_required
def assign(article_id: int):
    form = AssignForm()
    form.user_id.choices = people_choices(assignments.candidates(get_article(current_user, article_id)))
    if form.validate_on_submit():
        try:
            assignments.assign(current_user, article_id, form.user_id.data)
        except ServiceError as e:
            flash(e.message, "error")
        else:
            flash("Assigned.", "success")
    return redirect(url_for("articles.show", article_id=article_id))


@bp.post("/<int:article_id>/unassign/<int:user_id>")
@login_required
def unassign(article_id: int, user_id: int):
    get_article(current_user, article_id)  # 404, not a redirect, for an article this person may not see
    if EmptyForm().validate_on_submit():
        try:
            assignments.unassign(current_user, article_id, user_id)
        except ServiceError as e:
            flash(e.message, "error")
    return redirect(url_for("articles.show", article_id=article_id))


def _field_error(form, error: Invalid) -> None:
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")
