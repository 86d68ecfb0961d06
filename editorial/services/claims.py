"""Claims and their sources: created from a selection, a quote or a copy-desk flag; re-anchored on every
revision; their status changes audited; the publish gate's view of what is still unchecked."""

from __future__ import annotations

import logging
from datetime import date
from urllib.parse import urlsplit, urlunsplit

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import orm

from editorial.anchoring import AnchorState, Revision
from editorial.claims import (
    BLOCKING,
    LABELS,
    SETTABLE,
    VERDICTS,
    ClaimStatus,
    Rating,
    SourceKind,
    Stance,
    rating_for,
    status_after_text_change,
)
from editorial.database import db, utcnow
from editorial.models import Article, Claim, ClaimMatch, ClaimSource, Event, Source, User
from editorial.permissions import can_undo_triage, can_work_claims
from editorial.services import claim_memory, copydesk, notifications, people, public, search, spans
from editorial.services.access import get_article, get_review_material
from editorial.services.audit import Kind, record
from editorial.services.errors import Conflict, Forbidden, Invalid, NotFound
from editorial.workflow import State

logger = logging.getLogger(__name__)

SUMMARY_MAX = 300
_BLOCKING_WORDS = {
    ClaimStatus.UNVERIFIED: "is unverified",
    ClaimStatus.IN_PROGRESS: "is still being checked",
    ClaimStatus.NEEDS_RECHECK: "needs a recheck: its words changed after the verdict",
    ClaimStatus.FALSE: "is false: correct or remove it",
}


# -- reading ---------------------------------------------------------------------------------------------


def for_article(article: Article, *, include_closed: bool = True) -> list[Claim]:
    """Claims in text order; orphans (no place in the current text) last."""
    query = sa.select(Claim).where(Claim.article_id == article.id).options(orm.joinedload(Claim.links))
    if not include_closed:
        query = query.where(Claim.closed_at.is_(None))
    rows = db.session.execute(query).unique().scalars().all()  # sources in the same statement
    return sorted(rows, key=lambda c: (c.closed_at is not None, c.anchor_state == "orphaned", c.start, c.id))


def get(actor: User, claim_id: int, *, for_update: bool = False) -> Claim:
    claim = db.session.get(Claim, claim_id)
    if claim is None:
        raise NotFound("No such claim, or you do not have access to it.")
    try:  # who may read the piece's review record decides; a claim's existence is not revealed
        get_review_material(actor, claim.article_id, for_update=for_update)
    except (NotFound, Forbidden):
        raise NotFound("No such claim, or you do not have access to it.") from None
    return claim


# -- creating and changing -------------------------------------------------------------------------------


def create(
    actor: User,
    article_id: int,
    *,
    start: int | None = None,
    end: int | None = None,
    exact: str | None = None,
    prefix: str = "",
    suffix: str = "",
    flag_key: str | None = None,
    summary: str = "",
    version: int | None = None,
) -> Claim:
    """A claim on body_text[start:end] as selected at `version` (see spans.place: on the same words in the
    current text, or refused), on a quote found with its context, or on a copy-desk claim flag."""
    article = get_article(actor, article_id, for_update=True)
    _check_may_work(actor)
    flag_rule = None
    if flag_key:
        found = copydesk.find_flag(article, flag_key, version=version, exact=exact)
        if found.flag.field != "body":
            raise NotFound("That flag is no longer there: the text changed. Reload to see the current flags.")
        start, end, flag_rule = found.flag.start, found.flag.end, found.flag.rule
        exact, version = found.flag.text, article.version
    anchor = spans.place(article, start=start, end=end, exact=exact, prefix=prefix, suffix=suffix, version=version,
                         what="A claim")
    duplicate = db.session.execute(
        sa.select(Claim).where(Claim.article_id == article.id, Claim.start == anchor.start, Claim.end == anchor.end,
                               Claim.closed_at.is_(None))
    ).scalar_one_or_none()
    if duplicate is not None:
        raise Conflict(f"There is already a claim on these words (claim {duplicate.id}).")
    claim = Claim(
        article_id=article.id, summary=_summary(summary or anchor.exact), status=ClaimStatus.UNVERIFIED,
        exact=anchor.exact, prefix=anchor.prefix, suffix=anchor.suffix, start=anchor.start, end=anchor.end,
        anchor_state=AnchorState.ANCHORED.value, anchored_version=article.version, flag_rule=flag_rule,
        created_by_id=actor.id,
    )
    db.session.add(claim)
    db.session.flush()
    claim_memory.remember(claim)  # the same claim, or another figure, in other articles: stored with it
    record(Kind.CLAIM_CREATED, actor=actor, article=article, comment=claim.summary,
           details={"claim": claim.id, "text": claim.exact[:200], "from_flag": flag_rule})
    db.session.commit()
    return claim


def update(actor: User, claim_id: int, *, status=None, summary: str | None = None, notes: str | None = None,
           comment: str = "", rating: str | None = None) -> Claim:
    """`rating`: a key of the newsroom's scale (RATING_SCALE); it stands for a verdict status, which the claim
    takes (a `status` given with it must be that one). A verdict status without a rating takes the scale's
    default for it; any other status has no rating."""
    claim = get(actor, claim_id, for_update=True)
    _check_may_work(actor)
    if claim.closed_at is not None:
        raise Conflict("This claim is closed.")
    article = db.session.get(Article, claim.article_id)
    if summary is not None:
        claim.summary = _summary(summary)
    if notes is not None:
        if not isinstance(notes, str) or len(notes) > 20_000:
            raise Invalid("Verdict notes are text, 20,000 characters at most.", field="notes")
        claim.notes = notes.strip()
    chosen = _rating(rating, status) if rating not in (None, "") else None
    if chosen is not None:
        status = chosen.status
    rating_before = claim.rating
    if status is not None:
        target = parse_status(status)
        kept = claim.rating if target == claim.status else None
        shown = chosen or rating_for(_scale(), target, kept)
        claim.rating = shown.key if shown else None
    if status is not None and (status != claim.status or claim.rating != rating_before):
        new = parse_status(status)
        before = claim.status
        claim.status = new
        if new in (ClaimStatus.VERIFIED, ClaimStatus.DISPUTED, ClaimStatus.FALSE):
            claim.verified_exact = claim.exact
        live = public.is_live(article)  # the change is on the public page at once: dated there, editors told
        event = record(Kind.CLAIM_STATUS, actor=actor, article=article, from_state=before.value, to_state=new.value,
                       comment=(comment or "").strip()[:5000],
                       details={"claim": claim.id, "text": claim.exact[:200], "rating": claim.rating,
                                **({"live": True} if live else {})})
        if live:
            logger.info("%s changed claim %s on published article %s from %s to %s", actor.username, claim.id,
                        article.id, before.value, new.value)
            notifications.on_live_verdict_change(event, article, actor, _publishing_editors(article))
    elif summary is not None or notes is not None:
        record(Kind.CLAIM_EDITED, actor=actor, article=article, details={"claim": claim.id})
    claim.updated_at = utcnow()
    db.session.commit()
    return claim


def _publishing_editors(article: Article) -> list[User]:
    """Who approved or published the piece: the editors answerable for what it says in public."""
    ids = db.session.execute(
        sa.select(Event.actor_id).distinct().where(
            Event.article_id == article.id, Event.kind == Kind.TRANSITION.value, Event.actor_id.is_not(None),
            Event.to_state.in_([State.APPROVED.value, State.PUBLISHED.value]))
    ).scalars().all()
    return list(db.session.execute(sa.select(User).where(User.id.in_(ids))).scalars()) if ids else []


def shown_rating(claim: Claim) -> Rating | None:
    """What readers see for this claim's verdict (None when its status is not a verdict)."""
    return rating_for(_scale(), ClaimStatus(claim.status), claim.rating)


def _scale():
    return current_app.config["RATING_SCALE"]


def _rating(key, status) -> Rating:
    """The rating a person chose, checked against the scale and against the status given with it."""
    rating = next((r for r in _scale() if r.key == key), None)
    if rating is None:
        raise Invalid(f"“{str(key)[:40]}” is not a rating of this newsroom: choose one of "
                      f"{', '.join(r.label for r in _scale())}.", field="rating")
    if status not in (None, "") and parse_status(status) != rating.status:
        raise Invalid(f"“{rating.label}” is a rating for {LABELS[rating.status].lower()} claims, not "
                      f"{LABELS[parse_status(status)].lower()} ones.", field="rating")
    return rating


def parse_status(value) -> ClaimStatus:
    if value == ClaimStatus.NEEDS_RECHECK.value:
        raise Invalid("“needs_recheck” is set by the app when verified words change; choose a verdict.", field="status")
    try:
        return ClaimStatus(str(value))
    except ValueError:
        allowed = ", ".join(s.value for s in SETTABLE)
        raise Invalid(f"“{value}” is not a claim status; use one of {allowed}.", field="status") from None


def close(actor: User, claim_id: int, reason: str) -> Claim:
    """A claim whose words left the copy (typically an orphan): closed with a reason, kept in history."""
    claim = get(actor, claim_id, for_update=True)
    _check_may_work(actor)
    if not (reason or "").strip():
        raise Invalid("Say why the claim is closed.", field="reason")
    claim.closed_at, claim.close_reason = utcnow(), reason.strip()[:5000]
    record(Kind.CLAIM_CLOSED, actor=actor, article=db.session.get(Article, claim.article_id), comment=claim.close_reason,
           details={"claim": claim.id, "text": claim.exact[:200]})
    db.session.commit()
    return claim


UNDONE = "undone"


def undo_create(actor: User, article_id: int, claim_id: int) -> Claim:
    """Take back a claim just made (triage's undo): claims are never deleted, so it is closed with the reason
    "undone", stops blocking, and the flag it came from is open again. Only whoever made it, or an editor, and
    only while nobody has worked on it (no verdict, no source)."""
    claim = get(actor, claim_id, for_update=True)
    if claim.article_id != article_id:
        raise NotFound("No such claim, or you do not have access to it.")
    _check_may_work(actor)
    if not can_undo_triage(actor.roles, made_it=claim.created_by_id == actor.id):
        db.session.rollback()
        raise Forbidden("Only whoever made this claim, or an editor, may undo it.")
    if claim.closed_at is not None:
        db.session.rollback()
        raise Conflict("This claim is closed already.")
    if claim.status != ClaimStatus.UNVERIFIED or claim.links:
        db.session.rollback()
        raise Conflict("Someone has worked on this claim since (a verdict or a source): close it on its page, "
                       "with the reason, instead of undoing it.")
    claim.closed_at, claim.close_reason = utcnow(), UNDONE
    record(Kind.CLAIM_CLOSED, actor=actor, article=db.session.get(Article, claim.article_id), comment=UNDONE,
           details={"claim": claim.id, "text": claim.exact[:200], "undone": True})
    db.session.commit()
    return claim


def reattach(actor: User, claim_id: int, *, start: int, end: int, exact: str | None = None,
             version: int | None = None) -> Claim:
    """Put an orphaned (or misplaced) claim on other words of the current text (selected at `version`)."""
    claim = get(actor, claim_id, for_update=True)
    _check_may_work(actor)
    article = db.session.get(Article, claim.article_id)
    anchor = spans.place(article, start=start, end=end, exact=exact, version=version, what="A claim")
    old = claim.exact
    spans.set_anchor(claim, anchor, AnchorState.ANCHORED, article.version)
    if old != anchor.exact:
        claim.previous_exact = old
        claim.status = status_after_text_change(claim.status)
    record(Kind.CLAIM_REANCHORED, actor=actor, article=article, details={"claim": claim.id, "from": old[:200],
                                                                         "to": anchor.exact[:200], "state": "reattached"})
    db.session.commit()
    return claim


def assign(actor: User, claim_id: int, user_id: int | None) -> Claim:
    claim = get(actor, claim_id, for_update=True)
    _check_may_work(actor)
    assignee = people.get(user_id) if user_id else None
    if assignee is not None and not (assignee.active and can_work_claims(assignee.roles)):
        raise Invalid("Only active fact-checkers and editors can be given a claim.", field="user_id")
    claim.assigned_to_id = assignee.id if assignee else None
    article = db.session.get(Article, claim.article_id)
    event = record(Kind.CLAIM_ASSIGNED, actor=actor, article=article, subject_user=assignee, details={"claim": claim.id})
    if assignee is not None:
        notifications.on_claim_assigned(event, article, actor, assignee)
    db.session.commit()
    return claim


# -- sources ---------------------------------------------------------------------------------------------


def normalize_url(url: str) -> str:
    """http(s) only, with a host; scheme and host lower-cased, default port and fragment dropped."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise Invalid(f"“{url[:80]}” is not a web address.", field="url") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise Invalid("A source needs a web address starting with http:// or https://.", field="url")
    if len(url) > 2000:
        raise Invalid("That address is too long (2,000 characters at most).", field="url")
    host = parts.hostname.lower()
    default = {"http": 80, "https": 443}[parts.scheme.lower()]
    netloc = host if port in (None, default) else f"{host}:{port}"
    if parts.username:
        raise Invalid("A source address must not carry a user name or password.", field="url")
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def attach_source(
    actor: User,
    claim_id: int,
    *,
    url: str,
    title: str = "",
    publisher: str = "",
    author: str = "",
    date_published: date | None = None,
    date_accessed: date | None = None,
    excerpt: str = "",
    stance: str = Stance.SUPPORTS.value,
    kind: str = SourceKind.NEWS.value,
) -> ClaimSource:
    claim = get(actor, claim_id, for_update=True)
    _check_may_work(actor)
    stance_value = _choice(Stance, stance, "stance")
    kind_value = _choice(SourceKind, kind, "kind")
    normalized = normalize_url(url)
    source = db.session.execute(sa.select(Source).where(Source.url == normalized)).scalar_one_or_none()
    if source is None:
        source = Source(url=normalized, created_by_id=actor.id, kind=kind_value)
        db.session.add(source)
    # What the person typed fills in what the library does not know yet; it never erases.
    for name, value, limit in (("title", title, 300), ("publisher", publisher, 200), ("author", author, 200)):
        value = " ".join((value or "").split())[:limit]
        if value and not getattr(source, name):
            setattr(source, name, value)
    if date_published and not source.date_published:
        source.date_published = date_published
    db.session.flush()
    if any(link.source_id == source.id for link in claim.links):
        raise Conflict("This source is already attached to the claim.")
    link = ClaimSource(claim_id=claim.id, source_id=source.id, stance=stance_value, excerpt=(excerpt or "").strip()[:10_000],
                       date_accessed=date_accessed or date.today(), added_by_id=actor.id)
    db.session.add(link)
    db.session.flush()
    record(Kind.SOURCE_ATTACHED, actor=actor, article=db.session.get(Article, claim.article_id),
           details={"claim": claim.id, "source": source.id, "url": source.url, "stance": stance_value.value})
    db.session.commit()
    return link


def reuse(actor: User, claim_id: int, earlier_id: int) -> tuple[Claim, int]:
    """"Reuse verdict and sources" of an earlier claim found checked before (claim memory): its sources are
    linked to this claim (the same Source rows), the link between the claims is kept (reused_from_id) and
    audited. The verdict is only proposed: the status does not change here, the checker confirms it on the
    claim page, so nothing is ever verified automatically. Returns the claim and how many sources were new."""
    claim = get(actor, claim_id, for_update=True)
    _check_may_work(actor)
    if claim.closed_at is not None:
        raise Conflict("This claim is closed.")
    try:
        earlier = get(actor, earlier_id)
    except NotFound:
        raise NotFound("No such earlier claim, or you do not have access to it.") from None
    match = db.session.get(ClaimMatch, (claim.id, earlier.id))
    if match is None:
        raise Invalid(f"Claim {earlier.id} is not among the claims checked before that match this one.",
                      field="earlier")
    if match.verdict != "same":
        raise Conflict(f"Claim {earlier.id} gives another figure: its verdict does not carry over.")
    if earlier.status not in VERDICTS or earlier.closed_at is not None:
        raise Conflict(f"Claim {earlier.id} has no verdict to reuse.")
    attached = {link.source_id for link in claim.links}
    new = [link for link in earlier.links if link.source_id not in attached]
    for link in new:
        db.session.add(ClaimSource(claim_id=claim.id, source_id=link.source_id, stance=link.stance, excerpt=link.excerpt,
                                   date_accessed=link.date_accessed, added_by_id=actor.id))
    claim.reused_from_id = earlier.id
    claim.updated_at = utcnow()
    record(Kind.CLAIM_REUSED, actor=actor, article=db.session.get(Article, claim.article_id),
           details={"claim": claim.id, "reused_from": earlier.id, "sources": [link.source_id for link in new],
                    "verdict": earlier.status.value, "rating": earlier.rating})
    db.session.commit()
    db.session.refresh(claim)
    return claim, len(new)


def proposed_from(actor: User, claim: Claim) -> Claim | None:
    """The earlier claim whose verdict this one reused and has not confirmed yet (no verdict of its own);
    None when there is none, or the actor may no longer read it."""
    if claim.reused_from_id is None or claim.status in VERDICTS:
        return None
    try:
        earlier = get(actor, claim.reused_from_id)
    except NotFound:
        return None
    return earlier if earlier.status in VERDICTS else None


def search_sources(q: str, *, limit: int = 20) -> list[Source]:
    return search.sources(q, limit=limit)


# -- after each revision, and for the gate ---------------------------------------------------------------


def reanchor_claims(article: Article, *, old_body: str) -> None:
    """Inside a save's transaction: follow every open claim to its words in the new text."""
    open_claims = [c for c in for_article(article, include_closed=False)]
    if not open_claims or old_body == article.body_text:
        return
    revision = Revision(old_body, article.body_text)
    for claim in open_claims:
        before, old_exact = claim.anchor_state, claim.exact
        result = spans.follow(claim, revision, article.version)
        if claim.anchor_state == AnchorState.ORPHANED.value:
            if before != AnchorState.ORPHANED.value:
                record(Kind.CLAIM_REANCHORED, article=article, details={"claim": claim.id, "state": "orphaned",
                                                                        "text": claim.exact[:200]})
            continue
        if result.state == AnchorState.CHANGED:
            claim.previous_exact = old_exact
            new_status = status_after_text_change(claim.status)
            details = {"claim": claim.id, "state": "changed", "from": old_exact[:200], "to": claim.exact[:200]}
            if new_status != claim.status:
                event = record(Kind.CLAIM_STATUS, article=article, from_state=claim.status.value,
                               to_state=new_status.value, comment="Its words were edited after the verdict.",
                               details=details)
                claim.status = new_status
                notifications.on_claim_recheck(event, article, claim.assigned_to)
            else:
                record(Kind.CLAIM_REANCHORED, article=article, details=details)


def gate_blockers(article: Article, flags: list[copydesk.ArticleFlag],
                  article_claims: list[Claim] | None = None) -> list[tuple[str, str, str]]:
    """(code, message, anchor id) for every claim and claim flag that stands in the way of publishing;
    `article_claims`: for_article(article) when the caller has read it already."""
    found = []
    if article_claims is None:
        open_claims = for_article(article, include_closed=False)
    else:
        open_claims = [c for c in article_claims if c.closed_at is None]
    for claim in open_claims:
        quote = claim.summary if len(claim.summary) <= 80 else claim.summary[:77] + "…"
        if claim.anchor_state == AnchorState.ORPHANED.value:
            found.append(("claim_orphaned", f"Claim “{quote}” lost its words in an edit: re-attach or close it.",
                          f"claim-{claim.id}"))
        elif claim.status in BLOCKING:
            found.append(("claim_open", f"Claim “{quote}” {_BLOCKING_WORDS[claim.status]}.", f"claim-{claim.id}"))
    covered = [(c.start, c.end) for c in open_claims if c.anchor_state != AnchorState.ORPHANED.value]
    for f in flags:
        if f.flag.category != "claim" or f.dismissal is not None or f.flag.field != "body":
            continue
        if any(s < f.flag.end and f.flag.start < e for s, e in covered):
            continue
        quote = f.flag.text if len(f.flag.text) <= 80 else f.flag.text[:77] + "…"
        found.append(("claim_flag", f"Statement to check: “{quote}”: make it a claim or dismiss the flag.",
                      f"flag-{f.key}"))
    return found


# -- helpers ---------------------------------------------------------------------------------------------


def _summary(text: str) -> str:
    if not isinstance(text, str):
        raise Invalid("The summary is text.", field="summary")
    text = " ".join(text.split())
    if not text:
        raise Invalid("Say in one line what is claimed.", field="summary")
    return text if len(text) <= SUMMARY_MAX else text[: SUMMARY_MAX - 1] + "…"


def _choice(enum, value, field: str):
    try:
        return enum(str(value))
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise Invalid(f"“{value}” is not a {field}; use one of {allowed}.", field=field) from None


def _check_may_work(actor: User) -> None:
    if not can_work_claims(actor.roles):
        db.session.rollback()
        raise Forbidden("Only fact-checkers and editors work on claims.")
