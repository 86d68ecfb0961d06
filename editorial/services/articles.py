"""Creating and saving articles: every save is an immutable revision; stale saves are refused."""

from __future__ import annotations

import html as html_lib
from collections.abc import Iterable, Mapping

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from editorial import metrics, workflow
from editorial.database import db, utcnow
from editorial.import_structure import FIELDS as IMPORT_FIELDS
from editorial.import_structure import Proposal, assemble, propose, split_names
from editorial.importer import ImportError_, import_text
from editorial.models import Article, Byline, Revision, User
from editorial.permissions import can_create_article
from editorial.services import claims, comments, copydesk, fields, locks, notifications
from editorial.services.access import capacities_on, get_article
from editorial.services.audit import Kind, record
from editorial.services.errors import Forbidden, Invalid, NotFound, StaleVersion

SNAPSHOT = ("headline", "standfirst", "section", "tags", "dateline_date", "body_html", "body_text")


def create(actor: User, raw: Mapping) -> Article:
    if not can_create_article(actor.roles):
        raise Forbidden("Only reporters and editors can write articles.")
    values = fields.normalize(raw, partial=False)
    byline = values.pop("byline") or [actor.id]
    article = Article(created_by_id=actor.id, state=workflow.State.DRAFT, version=1, **values)
    article.byline_rows = [Byline(user_id=uid, position=i) for i, uid in enumerate(byline)]
    db.session.add(article)
    db.session.flush()
    _snapshot(article, actor, number=1)
    record(Kind.ARTICLE_CREATED, actor=actor, article=article, to_state=article.state.value)
    db.session.commit()
    return article


def import_draft(actor: User, text: str, *, filename: str = "", headline: str = "", extra: Mapping | None = None):
    """A pasted or uploaded page → a new draft, text kept as given."""
    try:
        imported = import_text(text, filename=filename, headline=headline)
    except ImportError_ as e:
        raise Invalid(str(e), field="text") from e
    raw = {"headline": imported.headline, "body_html": imported.body_html, **(extra or {})}
    return create(actor, raw)


def preview_import(text: str, *, filename: str = "") -> Proposal:
    """What an import would propose (nothing saved): fields, body, and the lines set aside with why."""
    try:
        return propose(text, filename=filename)
    except ImportError_ as e:
        raise Invalid(str(e), field="text") from e


def import_reviewed(actor: User, text: str, *, filename: str = "", chosen: Mapping[str, str],
                    put_back: Iterable[int] = ()) -> Article:
    """The import's review step → a new draft. `chosen` holds the proposed fields the reporter kept, as they
    left them; a field not kept goes back into the body where its line was, and so do the set-aside lines
    named in `put_back` (indexes into the proposal's set-aside list). Byline names become byline people when
    someone has that user or display name; the rest open the body as "By …", so the checks still read them."""
    proposal = preview_import(text, filename=filename)
    unused = frozenset(name for name in IMPORT_FIELDS if name not in chosen)
    body = assemble(proposal.lines, unused=unused, put_back=frozenset(put_back))
    people, strangers = _byline_people(chosen.get("byline", ""))
    if strangers:
        body = f"<p>By {html_lib.escape(' and '.join(strangers), quote=False)}</p>" + body
    raw = {"headline": chosen.get("headline", ""), "standfirst": chosen.get("standfirst", ""),
           "section": chosen.get("section", ""), "dateline_date": chosen.get("dateline") or None,
           "body_html": body, "byline": [person.id for person in people]}
    return create(actor, raw)


def _byline_people(names: str) -> tuple[list[User], list[str]]:
    people, strangers = [], []
    for name in split_names(names):
        person = db.session.execute(sa.select(User).where(
            User.active.is_(True),
            sa.or_(User.username == name.lower(), sa.func.lower(User.display_name) == name.lower()),
        ).limit(1)).scalar_one_or_none()
        if person is None:
            strangers.append(name)
        elif person not in people:
            people.append(person)
    return people, strangers


def save(actor: User, article_id: int, raw: Mapping, *, base_version: int, note: str = "") -> Article:
    """Apply an edit made on `base_version`. Refused with StaleVersion if someone saved since."""
    article = get_article(actor, article_id, for_update=True)
    _check_editable(actor, article)
    if base_version != article.version:
        current = article
        db.session.rollback()
        raise StaleVersion(
            f"Someone saved this article since you opened it (you edited version {base_version}, "
            f"it is now at version {current.version}). Your text is kept: compare and save again.",
            current=current,
        )
    values = fields.normalize(raw, partial=True)
    settings_changed = _apply_settings(actor, article, {n: values.pop(n) for n in fields.SETTINGS if n in values})
    before = (article.body_text, article.headline)
    if not _apply(article, values):
        if settings_changed:
            db.session.commit()
        else:
            db.session.rollback()
        return article
    return _commit_new_revision(actor, article, before, note=note)


def restore(actor: User, article_id: int, number: int, *, base_version: int) -> Article:
    article = get_article(actor, article_id, for_update=True)
    _check_editable(actor, article)
    old = revision(article, number)
    if base_version != article.version:
        db.session.rollback()
        raise StaleVersion("The article changed since you opened its history; reload and try again.", current=article)
    values = {name: getattr(old, name) for name in SNAPSHOT}
    values["byline"] = list(old.byline)
    before = (article.body_text, article.headline)
    _apply(article, values)
    return _commit_new_revision(actor, article, before, note=f"Restored revision {number}", restored_from=number)


def edit_consequence(article: Article) -> str | None:
    """What saving (or restoring) a new revision does to the piece's place in the workflow, in words; None when
    it stays where it is. Read from the workflow table's edit rule, so the warning and the effect agree."""
    after = workflow.state_after_edit(article.state)
    if after == article.state:
        return None
    said = f"It sends the piece back to {workflow.label(after)}: its approval is cleared and an editor must approve it again"
    if article.state == workflow.State.PUBLISHED:
        said += "; the published version stays live until the new one is approved and published"
    return said + "."


def revisions(article: Article) -> list[Revision]:
    return list(
        db.session.execute(
            sa.select(Revision).where(Revision.article_id == article.id).order_by(Revision.number.desc())
        ).scalars()
    )


def revision(article: Article, number: int) -> Revision:
    found = db.session.execute(
        sa.select(Revision).where(Revision.article_id == article.id, Revision.number == number)
    ).scalar_one_or_none()
    if found is None:
        raise NotFound(f"Article {article.id} has no revision {number}.")
    return found


def may_edit(actor: User, article: Article) -> bool:
    return workflow.may_edit(article.state, capacities_on(actor, article))


def _check_editable(actor: User, article: Article) -> None:
    if not may_edit(actor, article):
        db.session.rollback()
        state = workflow.label(article.state)
        if article.state == workflow.State.UNPUBLISHED:
            raise Forbidden("An unpublished article must be moved back to draft before it is edited.")
        raise Forbidden(f"You may not edit this article while it is {state}.")


def _apply(article: Article, values: dict) -> bool:
    """Set the changed fields; True if anything changed."""
    changed = False
    byline = values.pop("byline", None)
    if byline is not None and byline != [row.user_id for row in article.byline_rows]:
        if not byline:
            raise Invalid("An article needs at least one person on its byline.", field="byline")
        article.byline_rows = [Byline(user_id=uid, position=i) for i, uid in enumerate(byline)]
        changed = True
    for name, value in values.items():
        if getattr(article, name) != value:
            setattr(article, name, value)
            changed = True
    return changed


def _apply_settings(actor: User, article: Article, settings: dict) -> bool:
    """Settings (show_sources) are not part of the text: no revision, no version bump, no trip back to review,
    and restoring an old revision leaves them alone. Each change is on the audit trail. True if any changed."""
    changed = {name: value for name, value in settings.items() if getattr(article, name) != value}
    for name, value in changed.items():
        setattr(article, name, value)
    if changed:
        record(Kind.SETTINGS_CHANGED, actor=actor, article=article, details=changed)
    return bool(changed)


def _commit_new_revision(
    actor: User, article: Article, before: tuple[str, str], *, note: str, restored_from: int | None = None
) -> Article:
    state_before = article.state  # `before` holds the old text, for re-anchoring below
    after = workflow.state_after_edit(state_before)
    article.version += 1
    article.updated_at = utcnow()
    if after != state_before:
        article.state = after
        article.state_changed_at = article.updated_at
        article.approved_revision_id = None
        article.publish_at, article.scheduled_by_id = None, None  # a fresh review; the schedule must not fire
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        current = db.session.get(Article, article.id)
        raise StaleVersion("Someone saved this article at the same moment; compare and save again.", current=current) from None
    rev = _snapshot(article, actor, number=article.version, note=note, restored_from=restored_from)
    kind = Kind.REVISION_RESTORED if restored_from else Kind.ARTICLE_SAVED
    record(kind, actor=actor, article=article, details={"revision": rev.number, "version": article.version})
    if after != state_before:
        event = record(
            Kind.SENT_BACK_BY_EDIT,
            actor=actor,
            article=article,
            from_state=state_before.value,
            to_state=after.value,
            comment="Edited after approval: needs a fresh review.",
        )
        notifications.on_transition(event, article, actor, name="sent_back")
    with metrics.timed(metrics.ANCHORING_SECONDS):
        copydesk.reanchor_dismissals(article, old_body=before[0], old_headline=before[1])
        claims.reanchor_claims(article, old_body=before[0])
        comments.reanchor_threads(article, old_body=before[0])
    locks.refresh_if_held(article, actor)
    db.session.commit()
    return article


def _snapshot(article: Article, actor: User, *, number: int, note: str = "", restored_from: int | None = None):
    rev = Revision(
        article_id=article.id,
        number=number,
        author_id=actor.id,
        byline=[row.user_id for row in article.byline_rows],
        note=note[:300],
        restored_from=restored_from,
        **{name: getattr(article, name) for name in SNAPSHOT},
    )
    db.session.add(rev)
    db.session.flush()
    return rev

