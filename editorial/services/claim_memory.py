"""Claim memory: when a claim is made, find the same claim, or another figure for the same quantity, among the
claims of other articles, and store the best matches so pages read them instead of recomputing.

Retrieval is a term index (claim_terms: a claim's names and rarest content words, from
`claim_matching.index_terms`), the same on SQLite and PostgreSQL: candidates are the claims sharing most terms,
then `claim_matching.compare` scores each. A full-text index can replace the retrieval step; the scoring and the
stored rows stay as they are.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

import sqlalchemy as sa
from flask import g, has_app_context

from editorial import claim_matching
from editorial.claims import VERDICTS
from editorial.database import db, unindexed
from editorial.models import Article, Claim, ClaimMatch, ClaimTerm, Event, Revision, RevisionFlags, User
from editorial.services import memory_stamp, public
from editorial.services.access import may_read_review
from editorial.services.errors import NotFound

logger = logging.getLogger(__name__)

CANDIDATES = 30  # claims scored for a new claim (bench/bench_claim_matching.py times this many)
KEPT = 5  # matches stored per claim


def index(claim: Claim) -> list[str]:
    """(Re)write the claim's terms; no commit: part of the caller's unit of work."""
    terms = claim_matching.index_terms(claim_matching.features(claim.exact))
    db.session.execute(sa.delete(ClaimTerm).where(ClaimTerm.claim_id == claim.id))
    db.session.add_all(ClaimTerm(claim_id=claim.id, term=t) for t in terms)
    return terms


def _candidates(claim: Claim, terms: list[str], *where) -> list[Claim]:
    """The open claims of other articles sharing most of the claim's terms, leaving out terms so common they
    would find nothing in particular (claim_matching.retrieval_terms)."""
    return _candidates_for(claim.article_id, terms, *where)


def _candidates_for(article_id: int, terms: list[str], *where) -> list[Claim]:
    query = _candidate_ids(article_id, claim_matching.retrieval_terms(terms, _postings(terms)), *where)
    if query is None:
        return []
    ids = db.session.execute(query).scalars().all()
    if not ids:
        return []
    return list(db.session.execute(sa.select(Claim).where(Claim.id.in_(ids))).scalars())


def _postings(terms) -> dict[str, int]:
    """term → how many claims hold it."""
    return dict(
        db.session.execute(
            sa.select(ClaimTerm.term, sa.func.count()).where(ClaimTerm.term.in_(sorted(set(terms))))
            .group_by(ClaimTerm.term)
        ).all()
    )


PREFETCH = 8  # times CANDIDATES: the claims sharing most terms, of which the first CANDIDATES that qualify are scored


def _candidate_ids(article_id: int, terms: list[str], *where):
    """The ids of the CANDIDATES claims of other articles sharing most of these terms (None: no terms), taken
    from the CANDIDATES × PREFETCH claims sharing most of them: counted from the term index alone, then only
    those few looked up and tested. Filtering first made PostgreSQL start from every open claim in the
    newsroom (the filters look selective to it): 200 ms a statement at 20,000 articles, 5 s an article page at
    100,000."""
    if not terms:
        return None
    shared = sa.func.count().label("shared")
    hits = (
        sa.select(ClaimTerm.claim_id, shared)
        .where(ClaimTerm.term.in_(terms))
        .group_by(ClaimTerm.claim_id)
        .order_by(shared.desc(), ClaimTerm.claim_id.desc())
        .limit(CANDIDATES * PREFETCH)
        .subquery("hits")
    )
    return (
        sa.select(hits.c.claim_id)
        .select_from(hits.join(Claim, Claim.id == hits.c.claim_id))
        .where(Claim.article_id != article_id, Claim.closed_at.is_(None), *where)
        .order_by(hits.c.shared.desc(), hits.c.claim_id.desc())
        .limit(CANDIDATES)
    )


def remember(claim: Claim) -> list[ClaimMatch]:
    """Index a new (or re-worded) claim and store its best matches among other articles' claims; no commit:
    called inside the service function that made the claim, so the claim and its matches commit together."""
    return _store_matches(claim, index(claim))


def _store_matches(claim: Claim, terms: list[str]) -> list[ClaimMatch]:
    db.session.execute(sa.delete(ClaimMatch).where(ClaimMatch.claim_id == claim.id))
    new = claim_matching.features(claim.exact)
    found = []
    for other in _candidates(claim, terms):
        m = claim_matching.compare(new, claim_matching.features(other.exact))
        if m.verdict != claim_matching.Verdict.DIFFERENT:
            found.append((m, other))
    # contradictions first (the copy desk must see them), then the surest matches
    found.sort(key=lambda mo: (mo[0].verdict != claim_matching.Verdict.CONTRADICTION, -mo[0].score, -mo[1].id))
    rows = [
        ClaimMatch(claim_id=claim.id, match_id=other.id, verdict=m.verdict.value, score=round(m.score, 4),
                   reasons="; ".join(m.reasons))
        for m, other in found[:KEPT]
    ]  # fmt: skip
    db.session.add_all(rows)
    return rows


def matches(actor: User, claim_id: int) -> list[ClaimMatch]:
    """The stored matches of a claim the actor may read, leaving out those in articles they may not read."""
    from editorial.services import claims as claims_service  # claims.create calls remember(): import here

    claim = claims_service.get(actor, claim_id)
    rows = db.session.execute(
        sa.select(ClaimMatch).where(ClaimMatch.claim_id == claim.id).order_by(ClaimMatch.score.desc())
    ).scalars()
    out = []
    for row in rows:
        try:
            claims_service.get(actor, row.match_id)
        except NotFound:
            continue
        out.append(row)
    return out


# -- reading the memory: "checked before", and conflicts with published pieces -------------------------------


@dataclass(frozen=True)
class Found:
    """An earlier claim (another article) matching a claim or a statement: the same claim, or another figure
    for the same quantity (`reasons` says which figures)."""

    kind: str  # claim_matching.Verdict value: "same" or "contradiction"
    score: float
    reasons: tuple[str, ...]
    claim: Claim  # the earlier claim
    article: Article  # its article
    checker: User | None = None  # who gave the earlier claim its verdict (from the audit trail)

    @property
    def contradiction(self) -> bool:
        return self.kind == claim_matching.Verdict.CONTRADICTION.value

    @property
    def checked(self) -> bool:
        return self.claim.status in VERDICTS

    @property
    def figures(self) -> tuple[str, str] | None:
        """(this statement's figure, the earlier claim's) when the matcher found another figure."""
        for part in "; ".join(self.reasons).split("; "):
            if part.startswith(_OTHER_FIGURE) and " / " in part:
                ours, _, theirs = part.removeprefix(_OTHER_FIGURE).partition(" / ")
                return ours.strip(), theirs.strip()
        return None

    @property
    def why(self) -> str:
        """How a person reads the match: "Another figure: 84 vs from 20 to 80", or the matcher's reasons."""
        if self.figures:
            return f"Another figure: {self.figures[0]} vs {self.figures[1]}"
        return "; ".join(self.reasons)


_OTHER_FIGURE = "other figure: "  # how claim_matching.compare words a figure that disagrees


def _reader(actor: User):
    """article id → may the actor read that piece's claims; one lookup per article."""
    seen: dict[int, bool] = {}

    def readable(article: Article) -> bool:
        if article.id not in seen:
            seen[article.id] = may_read_review(actor, article)
        return seen[article.id]

    return readable


def checked_before(actor: User, claim_ids: list[int]) -> dict[int, list[Found]]:
    """claim id → its stored matches whose earlier claim has a verdict and sits in an article the actor may
    read (contradictions first, then the surest). For claims the actor was already allowed to load."""
    if not claim_ids:
        return {}
    rows = db.session.execute(
        sa.select(ClaimMatch, Article)
        .join(Claim, Claim.id == ClaimMatch.match_id)
        .join(Article, Article.id == Claim.article_id)
        .where(ClaimMatch.claim_id.in_(claim_ids), Claim.status.in_(sorted(VERDICTS)), Claim.closed_at.is_(None))
        .order_by(ClaimMatch.claim_id, ClaimMatch.score.desc(), ClaimMatch.match_id.desc())
    ).all()
    readable = _reader(actor)
    out: dict[int, list[Found]] = {}
    for row, article in rows:
        if readable(article):
            out.setdefault(row.claim_id, []).append(
                Found(row.verdict, row.score, tuple(r for r in row.reasons.split("; ") if r), row.match, article))
    checkers = _checkers([f for found in out.values() for f in found])
    for claim_id, found in out.items():
        found.sort(key=lambda f: (not f.contradiction, -f.score, -f.claim.id))
        out[claim_id] = [replace(f, checker=checkers.get(f.claim.id)) for f in found]
    return out


def _checkers(found: list[Found]) -> dict[int, User]:
    """claim id → who last set its status (the verdict), read from the audit trail of those articles."""
    wanted = {f.claim.id for f in found}
    if not wanted:
        return {}
    rows = db.session.execute(
        sa.select(Event.details, User)
        .join(User, User.id == Event.actor_id)
        # these pieces' timelines (ix_events_article_timeline), not every verdict in the newsroom (the kind index)
        .where(unindexed(Event.kind) == "claim_status", Event.article_id.in_({f.article.id for f in found}))
        .order_by(Event.created_at, Event.id)
    ).all()
    return {d["claim"]: user for d, user in rows if d and d.get("claim") in wanted}


def _has_figure(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def for_texts(article: Article, texts: list[str]) -> dict[str, list[Found]]:
    """Statements of `article` (a flag's words, a claim's) matched against the open claims of other articles that
    are checked (a verdict) or on a live public page.

    Read from the revision's stored answers (RevisionFlags.memory) while the claim memory stamp has not moved
    since they were computed (services/memory_stamp.py); statements not stored yet are matched now and stored
    with the others, in the caller's transaction (shown_flags commits it for a page). Kept per request too:
    the copy desk asks several times a page."""
    cache, key = _cache(article)
    if key not in cache:
        cache[key] = _Remembered.read(article)
    remembered = cache[key]
    todo = [t for t in dict.fromkeys(texts) if t not in remembered.records]
    if todo:
        if _anything_to_match(article):
            remembered.records.update(_match_texts(article, todo))
        else:  # the usual case on a new newsroom: no claim to match at all
            remembered.records.update(dict.fromkeys(todo, []))
        remembered.store()
    return remembered.found(texts)


def _cache(article: Article) -> tuple[dict, tuple]:
    cache = g.setdefault("claim_memory_texts", {}) if has_app_context() else {}
    return cache, (article.id, article.version, memory_stamp.epoch(db.session()))


STORED_COLUMNS = (RevisionFlags.memory, RevisionFlags.memory_stamp, memory_stamp.current())


def stored(article: Article, revision_id: int, memory, stored_at, stamp) -> None:
    """The revision's stored answers, read by the caller with its own row (copydesk._checked selects
    STORED_COLUMNS beside the flags): one statement less a page."""
    cache, key = _cache(article)
    if key not in cache:
        cache[key] = _Remembered.of(article, revision_id, memory, stored_at, stamp)


@dataclass
class _Remembered:
    """One revision's claim memory: statement → [[claim id, verdict, score, [reasons]], …] (stored form), and the
    Found of the statements asked for so far."""

    article: Article
    revision_id: int | None
    stamp: int | None  # None: nothing is stored (no stamp row, or this transaction changed claims)
    records: dict[str, list[list]]
    shown: dict[str, list[Found]]

    @classmethod
    def read(cls, article: Article) -> _Remembered:
        row = db.session.execute(
            sa.select(Revision.id, *STORED_COLUMNS)
            .outerjoin(RevisionFlags, RevisionFlags.revision_id == Revision.id)
            .where(Revision.article_id == article.id, Revision.number == article.version)
        ).one_or_none()
        if row is None:
            return cls(article, None, None, {}, {})
        return cls.of(article, *row)

    @classmethod
    def of(cls, article: Article, revision_id: int, memory, stored_at, stamp) -> _Remembered:
        if memory_stamp.changed(db.session()):  # its own changes are not in any stored answer
            stamp = None
        valid = stamp is not None and stored_at == stamp and isinstance(memory, dict)
        return cls(article, revision_id, stamp, dict(memory) if valid else {}, {})

    def store(self) -> None:
        if self.revision_id is None or self.stamp is None:
            return
        _write(sa.update(RevisionFlags).where(RevisionFlags.revision_id == self.revision_id)
               .values(memory=self.records, memory_stamp=self.stamp), self.revision_id)

    def found(self, texts: list[str]) -> dict[str, list[Found]]:
        todo = [t for t in dict.fromkeys(texts) if t not in self.shown]
        ids = sorted({r[0] for t in todo for r in self.records.get(t, [])})
        loaded = {}
        if ids:  # the earlier claims and their pieces in one statement, without their people
            loaded = {c.id: (c, a) for c, a in db.session.execute(
                sa.select(Claim, Article).join(Article, Article.id == Claim.article_id).where(Claim.id.in_(ids))
                .options(sa.orm.lazyload(Claim.created_by), sa.orm.lazyload(Claim.assigned_to),
                         sa.orm.lazyload(Claim.links),
                         # who may read each piece (checked_for_texts) from the same statement
                         sa.orm.joinedload(Article.byline_rows), sa.orm.joinedload(Article.assignments))
            ).unique().all()}
        for text in todo:
            self.shown[text] = [Found(kind, score, tuple(reasons), *loaded[claim_id])
                                for claim_id, kind, score, reasons in self.records.get(text, [])
                                if claim_id in loaded]
        return {t: self.shown[t] for t in texts}


def _write(statement, revision_id: int) -> None:
    """Store a revision's claim memory in the caller's transaction; a write that cannot be made now (SQLite's
    write lock busy) is skipped: the answers are computed again on the next read."""
    session = db.session()
    try:
        if session.get_bind().dialect.name == "postgresql":  # a failed statement spoils the whole transaction
            with session.begin_nested():
                session.execute(statement)
        else:
            session.execute(statement)
    except sa.exc.OperationalError as e:
        logger.warning("claim memory of revision %s not stored, computed again on the next read: %s", revision_id,
                       e.orig)
        return
    session.info[WRITTEN] = True


WRITTEN = "claim_memory_written"  # session.info: stored answers wait for a commit (copydesk.shown_flags makes it)


def _reachable():
    """Claims a statement is matched against: checked (a verdict), or on a live public page. Asked of each
    candidate's own article (EXISTS on its key), not by listing every live article, which SQLite did again for
    each statement of a page."""
    return sa.or_(Claim.status.in_(sorted(VERDICTS)), sa.exists(
        sa.select(Article.id).where(Article.id == Claim.article_id, public.live_condition()).correlate(Claim)))


def _anything_to_match(article: Article) -> bool:
    return db.session.execute(sa.select(sa.exists().where(
        Claim.article_id != article.id, Claim.closed_at.is_(None), _reachable()))).scalar()


TEXTS_PER_STATEMENT = 200  # candidate queries joined by UNION ALL in one statement (SQLite allows 500)


def _match_texts(article: Article, texts: list[str]) -> dict[str, list[list]]:
    """Each statement matched, all of them in a fixed number of statements however many there are (an article
    page matches every sentence with a figure): the postings of all their terms, every statement's candidates in
    one UNION ALL, then the candidate claims once. Stored form: [[claim id, verdict, score, [reasons]], …],
    contradictions first, then the surest."""
    features = {text: claim_matching.features(text) for text in texts}
    terms = {text: claim_matching.index_terms(f) for text, f in features.items()}
    out: dict[str, list[list]] = {text: [] for text in texts}
    everything = {t for ts in terms.values() for t in ts}
    if not everything:
        return out
    postings = _postings(everything)
    queries = []
    for n, text in enumerate(texts):
        query = _candidate_ids(article.id, claim_matching.retrieval_terms(terms[text], postings), _reachable())
        if query is not None:
            sub = query.subquery()
            queries.append(sa.select(sa.literal(n, sa.Integer).label("n"), sub.c.claim_id))
    wanted: dict[int, list[int]] = {}
    for at in range(0, len(queries), TEXTS_PER_STATEMENT):
        for n, claim_id in db.session.execute(sa.union_all(*queries[at:at + TEXTS_PER_STATEMENT])).all():
            wanted.setdefault(claim_id, []).append(n)
    if not wanted:
        return out
    candidates = list(db.session.execute(
        sa.select(Claim).where(Claim.id.in_(sorted(wanted)))
        .options(sa.orm.lazyload(Claim.created_by), sa.orm.lazyload(Claim.assigned_to))).scalars())
    other_features = {c.id: claim_matching.features(c.exact) for c in candidates}
    for other in candidates:
        for n in wanted[other.id]:
            m = claim_matching.compare(features[texts[n]], other_features[other.id])
            if m.verdict != claim_matching.Verdict.DIFFERENT:
                out[texts[n]].append([other.id, m.verdict.value, round(m.score, 4), list(m.reasons)])
    contradiction = claim_matching.Verdict.CONTRADICTION.value
    for text, found in out.items():
        found.sort(key=lambda r: (r[1] != contradiction, -r[2], -r[0]))
        out[text] = found[:KEPT]
    return out


def checked_for_texts(actor: User, article: Article, texts: list[str]) -> dict[str, list[Found]]:
    """For statement-to-check flags: earlier checked claims saying the same, in pieces the actor may read."""
    readable = _reader(actor)
    return {text: [f for f in found if f.checked and not f.contradiction and readable(f.article)]
            for text, found in for_texts(article, texts).items() if found}


def published_conflicts(article: Article, texts: list[str]) -> dict[str, Found]:
    """text → the surest claim of a live public piece that gives another figure for the same quantity. Only
    statements with a figure are looked at (a contradiction is about figures)."""
    found = {text: [f for f in matches if f.contradiction]
             for text, matches in for_texts(article, [t for t in texts if _has_figure(t)]).items()}
    live = public.live_ids({f.article.id: f.article for matches in found.values() for f in matches}.values())
    out = {}
    for text, matches in found.items():
        here = [f for f in matches if f.article.id in live]
        if here:
            out[text] = here[0]
    return out
