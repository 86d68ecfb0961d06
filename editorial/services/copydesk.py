"""The copy desk around the pure checks: the newsroom dictionary, house style, flags of an article with
their dismissals, and the gate's view of what is still open."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from editorial import metrics
from editorial.anchoring import AnchorState, make_anchor, reanchor
from editorial.checks import Flag, StyleRules, check_text
from editorial.checks.document import Document
from editorial.checks.fingerprint import result_key
from editorial.checks.style import SPELLING_VARIETIES
from editorial.database import db, utcnow
from editorial.models import (
    Article,
    Claim,
    DictionaryWord,
    FlagDismissal,
    HouseSetting,
    Revision,
    RevisionFlags,
    StyleRule,
    User,
)
from editorial.permissions import Can, can_add_to_dictionary, can_dismiss_flag, capabilities
from editorial.services import spans
from editorial.services.access import get_article
from editorial.services.audit import Kind, record
from editorial.services.errors import Forbidden, Invalid, NotFound, TextChanged
from editorial.triage import group_of

logger = logging.getLogger(__name__)

BLOCKING = ("error", "warning")
WORD_MAX = 100


def flag_key(f: Flag) -> str:
    """How a page and the API name a flag: its field, rule and offsets (see find_flag)."""
    return f"{f.field}-{f.rule}-{f.start}-{f.end}"


@dataclass(frozen=True)
class Related:
    """The other piece a flag is about (claim.conflicts-published): its article, its claim, its words."""

    article_id: int
    headline: str
    claim_id: int
    text: str


@dataclass(frozen=True)
class ArticleFlag:
    flag: Flag
    dismissal: FlagDismissal | None
    related: Related | None = None

    @property
    def key(self) -> str:
        return flag_key(self.flag)

    @property
    def group(self) -> tuple[str, str]:
        """(key, label) of its triage group (triage.group_of)."""
        return group_of(self.flag)

    @property
    def blocking(self) -> bool:
        return self.dismissal is None and self.flag.severity in BLOCKING

    def to_dict(self) -> dict:
        out = {**self.flag.to_dict(), "key": self.key, "dismissed": self.dismissal is not None}
        if self.related is not None:
            out["related"] = {"article_id": self.related.article_id, "headline": self.related.headline,
                              "claim_id": self.related.claim_id, "text": self.related.text}
        if self.dismissal is not None:
            out["dismissal"] = {
                "id": self.dismissal.id,
                "reason": self.dismissal.reason,
                "by": self.dismissal.dismissed_by.display_name,
                "at": self.dismissal.created_at.isoformat(),
            }
        return out


# -- the newsroom dictionary ---------------------------------------------------------------------------


def newsroom_words() -> frozenset[str]:
    return frozenset(db.session.execute(sa.select(DictionaryWord.word)).scalars())


def newsroom_words_if_database() -> frozenset[str]:
    """For the `check` command: the dictionary when the database exists, else nothing (never create it)."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        return frozenset()
    try:
        return newsroom_words()
    except (sa.exc.OperationalError, sa.exc.ProgrammingError):  # no such table: not migrated yet
        db.session.rollback()
        return frozenset()


def dictionary() -> list[DictionaryWord]:
    return list(db.session.execute(sa.select(DictionaryWord).order_by(sa.func.lower(DictionaryWord.word))).scalars())


def add_word(actor: User, word: str, note: str = "") -> DictionaryWord:
    if not can_add_to_dictionary(actor.roles):
        raise Forbidden("Only editors and admins add words to the newsroom dictionary.")
    word = _clean_word(word)
    existing = db.session.execute(sa.select(DictionaryWord).where(DictionaryWord.word == word)).scalar_one_or_none()
    if existing:
        return existing
    entry = DictionaryWord(word=word, note=note.strip()[:200], added_by_id=actor.id)
    db.session.add(entry)
    record(Kind.DICTIONARY_CHANGED, actor=actor, details={"added": [word]})
    db.session.commit()
    return entry


def remove_word(actor: User, word_id: int) -> None:
    require_settings(actor)
    entry = db.session.get(DictionaryWord, word_id)
    if entry is None:
        raise NotFound("No such word in the dictionary.")
    db.session.delete(entry)
    record(Kind.DICTIONARY_CHANGED, actor=actor, details={"removed": [entry.word]})
    db.session.commit()


def import_words(actor: User, text: str) -> int:
    """One word or name per line (blank lines and lines starting with # are skipped); returns how many
    were new. The whole file is checked first: one bad line and nothing is imported."""
    require_settings(actor)
    words, problems = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            words.append(_clean_word(line))
        except Invalid as e:
            problems.append(f"line {number}: {e.message}")
    if problems:
        raise Invalid("Nothing imported. " + "; ".join(problems[:5]) + (" …" if len(problems) > 5 else ""), field="file")
    known = newsroom_words()
    new = sorted(set(words) - known)
    db.session.add_all(DictionaryWord(word=w, added_by_id=actor.id) for w in new)
    if new:
        record(Kind.DICTIONARY_CHANGED, actor=actor, details={"added": new[:200], "count": len(new)})
    db.session.commit()
    return len(new)


def export_words() -> str:
    return "".join(f"{entry.word}\n" for entry in dictionary())


def _clean_word(word: str) -> str:
    word = " ".join((word or "").split())
    if not word:
        raise Invalid("Give a word or a name.", field="word")
    if len(word) > WORD_MAX:
        raise Invalid(f"“{word[:30]}…” is too long for a dictionary entry ({WORD_MAX} characters at most).", field="word")
    return word


# -- house style -----------------------------------------------------------------------------------------


def house_style() -> StyleRules:
    rows = db.session.execute(sa.select(StyleRule).order_by(StyleRule.id)).scalars().all()
    return _style([(r.kind, r.phrase, r.replacement, r.reason) for r in rows], spelling_variety())


def _style(rules: list[tuple[str, str, str, str]], spelling: str) -> StyleRules:
    """StyleRules of (kind, phrase, replacement, reason) in id order."""
    return StyleRules(
        preferred=tuple((phrase, replacement) for kind, phrase, replacement, _ in rules if kind == "preferred"),
        banned=tuple((phrase, reason or "House style: avoid this phrase.")
                     for kind, phrase, _, reason in rules if kind == "banned"),
        spelling=spelling,
    )


def _desk_inputs() -> tuple[frozenset[str], StyleRules]:
    """newsroom_words() and house_style() in one statement: every read of an article's flags needs both for
    the stored result's key."""
    text, number = (lambda v: sa.cast(sa.literal(v), sa.String)), (lambda v: sa.cast(sa.literal(v), sa.Integer))
    rows = db.session.execute(sa.union_all(
        sa.select(text("word").label("part"), DictionaryWord.word.label("phrase"), text("").label("replacement"),
                  text("").label("reason"), number(0).label("n")),
        sa.select(StyleRule.kind, StyleRule.phrase, StyleRule.replacement, StyleRule.reason, StyleRule.id),
        sa.select(text("spelling"), HouseSetting.value, text(""), text(""), number(0))
        .where(HouseSetting.key == "spelling"),
    )).all()
    words = frozenset(r.phrase for r in rows if r.part == "word")
    rules = [(r.part, r.phrase, r.replacement, r.reason)
             for r in sorted((r for r in rows if r.part in ("preferred", "banned")), key=lambda r: r.n)]
    spelling = next((r.phrase for r in rows if r.part == "spelling"), "")
    return words, _style(rules, spelling if spelling in SPELLING_VARIETIES else "")


def spelling_variety() -> str:
    """The newsroom's spelling: "british", "american", or "" (either; an article's majority decides)."""
    row = db.session.get(HouseSetting, "spelling")
    value = row.value if row is not None else ""
    return value if value in SPELLING_VARIETIES else ""


def set_spelling_variety(actor: User, variety: str) -> None:
    """Choose the house spelling; words of that variety are never flagged, the other variety's are."""
    require_settings(actor)
    variety = (variety or "").strip().lower()
    if variety not in SPELLING_VARIETIES:
        raise Invalid("The house spelling is British, American, or either.", field="spelling")
    row = db.session.get(HouseSetting, "spelling")
    before = row.value if row is not None else ""
    if row is None:
        row = HouseSetting(key="spelling")
        db.session.add(row)
    row.value, row.updated_by_id, row.updated_at = variety, actor.id, utcnow()
    record(Kind.STYLE_CHANGED, actor=actor, details={"spelling": {"from": before, "to": variety}})
    db.session.commit()
    logger.info("%s set the house spelling to %r (was %r)", actor.username, variety or "either", before or "either")


def style_rules() -> list[StyleRule]:
    return list(db.session.execute(sa.select(StyleRule).order_by(StyleRule.kind, sa.func.lower(StyleRule.phrase))).scalars())


def add_style_rule(actor: User, *, kind: str, phrase: str, replacement: str = "", reason: str = "") -> StyleRule:
    require_settings(actor)
    if kind not in ("preferred", "banned"):
        raise Invalid("A house-style rule is either a preferred form or a banned phrase.", field="kind")
    phrase = " ".join((phrase or "").split())
    if not phrase or len(phrase) > 200:
        raise Invalid("Give the phrase (200 characters at most).", field="phrase")
    clash = db.session.execute(
        sa.select(StyleRule).where(StyleRule.kind == kind, sa.func.lower(StyleRule.phrase) == phrase.lower())
    ).scalar_one_or_none()
    if clash:
        raise Invalid(f"“{phrase}” is already in the house style.", field="phrase")
    rule = StyleRule(kind=kind, phrase=phrase, replacement=" ".join(replacement.split())[:200],
                     reason=reason.strip()[:300], created_by_id=actor.id)
    db.session.add(rule)
    record(Kind.STYLE_CHANGED, actor=actor, details={"added": {"kind": kind, "phrase": phrase}})
    db.session.commit()
    return rule


def remove_style_rule(actor: User, rule_id: int) -> None:
    require_settings(actor)
    rule = db.session.get(StyleRule, rule_id)
    if rule is None:
        raise NotFound("No such house-style rule.")
    db.session.delete(rule)
    record(Kind.STYLE_CHANGED, actor=actor, details={"removed": {"kind": rule.kind, "phrase": rule.phrase}})
    db.session.commit()


def require_settings(actor: User) -> None:
    if Can.MANAGE_SETTINGS not in capabilities(actor.roles):
        raise Forbidden("Only admins change the newsroom dictionary and house style.")


# -- flags of an article ------------------------------------------------------------------------------------


def check(text: str, *, headline: str | None = None, dateline=None, suggestions: bool = True) -> list[Flag]:
    """The engine with this newsroom's dictionary and house style."""
    return _run(text, headline=headline, dateline=dateline, dictionary=newsroom_words(), style=house_style(),
                suggestions=suggestions)


def _run(text: str, *, headline, dateline, dictionary: frozenset[str], style: StyleRules,
         suggestions: bool = True) -> list[Flag]:
    with metrics.timed(metrics.CHECKS_SECONDS):
        return check_text(text, headline=headline, dateline=dateline, dictionary=dictionary, style=style,
                          suggestions=suggestions)


@dataclass(frozen=True)
class Checked:
    """What the article's text alone gives the copy desk: its flags, and the spans of its body's sentences with a
    figure in them (the statements matched against published claims, see _published_conflicts)."""

    flags: list[Flag]
    figure_sentences: list[tuple[int, int]]


def revision_flags(article: Article) -> list[Flag]:
    """What `check` gives the article's current text, read from its revision's stored result (RevisionFlags).
    Computed and stored, in the caller's transaction, when there is none yet or its key no longer matches
    (the dictionary, house style or the checks changed since)."""
    return _checked(article)[0].flags


def _checked(article: Article) -> tuple[Checked, bool]:
    """The stored result, or a new one and True when it was computed now (a row for the caller to commit)."""
    from editorial.services import claim_memory  # claim_memory reads claims, whose service imports this one

    dictionary, style = _desk_inputs()
    key = result_key(article.body_text, headline=article.headline, dateline=article.dateline_date,
                     dictionary=dictionary, style=style)
    stored = db.session.execute(
        sa.select(Revision.id, RevisionFlags.checks_key, RevisionFlags.flags, RevisionFlags.figure_sentences,
                  *claim_memory.STORED_COLUMNS)  # the revision's claim memory comes with its flags
        .outerjoin(RevisionFlags, RevisionFlags.revision_id == Revision.id)
        .where(Revision.article_id == article.id, Revision.number == article.version)
    ).one_or_none()
    if stored is not None:
        claim_memory.stored(article, stored.id, *stored[4:])
    if stored is not None and stored.checks_key == key:
        return Checked([Flag.from_record(r) for r in stored.flags], [(s, e) for s, e in stored.figure_sentences]), False
    checked = Checked(_run(article.body_text, headline=article.headline, dateline=article.dateline_date,
                           dictionary=dictionary, style=style), _figure_sentences(article.body_text))
    if stored is None:  # no revision row for this version (never so in the app): nothing to keep them with
        return checked, False
    return checked, _remember(stored.id, key, checked, superseded=(article.id, article.version))


def _figure_sentences(text: str) -> list[tuple[int, int]]:
    if not any(ch.isdigit() for ch in text):
        return []
    return [(s.start, s.end) for s in Document(text).sentences if any(ch.isdigit() for ch in text[s.start:s.end])]


def _remember(revision_id: int, key: str, checked: Checked, *, superseded: tuple[int, int] | None = None) -> bool:
    """Store (or replace a stale) result. Readers racing after a dictionary change each compute the same flags;
    the upsert lets every one of them write without a unique-key error. `superseded` (article id, version): the
    rows of that article's revisions before this version go, as only the current text is ever checked (a restored
    revision is a new one). A write that cannot be made now (SQLite's write lock busy) is skipped: the flags are
    computed again on the next read."""
    dialect = db.session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(RevisionFlags).values(
        revision_id=revision_id, checks_key=key, flags=[f.to_record() for f in checked.flags],
        figure_sentences=[list(span) for span in checked.figure_sentences], computed_at=utcnow())
    upsert = insert.on_conflict_do_update(index_elements=[RevisionFlags.revision_id], set_={
        name: getattr(insert.excluded, name) for name in ("checks_key", "flags", "figure_sentences", "computed_at")})
    statements = [upsert]
    if superseded is not None:
        article_id, version = superseded
        statements.append(sa.delete(RevisionFlags).where(RevisionFlags.revision_id.in_(
            sa.select(Revision.id).where(Revision.article_id == article_id, Revision.number < version))))
    try:
        if dialect == "postgresql":  # a failed statement there spoils the whole transaction: fence it in
            with db.session.begin_nested():
                for statement in statements:
                    db.session.execute(statement)
        else:  # on SQLite a failed statement leaves the transaction as it was (and pysqlite's SAVEPOINTs misbehave)
            for statement in statements:
                db.session.execute(statement)
    except (sa.exc.OperationalError, sa.exc.IntegrityError) as e:
        logger.warning("flags of revision %s not stored, computed again on the next read: %s", revision_id, e.orig)
        return False
    return True


def article_flags(article: Article) -> list[ArticleFlag]:
    """The article's flags with their dismissals: the revision's stored flags (revision_flags) and its conflicts
    with published claims (claim memory, stored beside them while the claim memory stamp holds). Inside the
    caller's transaction: newly computed flags and answers are stored when it commits."""
    return _with_context(article, _checked(article)[0])


def shown_flags(article: Article, article_claims: list[Claim] | None = None) -> list[ArticleFlag]:
    """article_flags for a page or an API answer that writes nothing else: flags it had to compute are
    committed at once, so the next reader finds them (not when the caller has changes pending: those are its own
    to commit or roll back, and the flags go with them)."""
    from editorial.services import claim_memory  # claim_memory reads claims, whose service imports this one

    session = db.session()
    pending = bool(session.new or session.dirty or session.deleted)  # before a query autoflushes them
    checked, computed = _checked(article)
    # claim memory it had to compute is stored too (claim_memory.WRITTEN); `article_claims`: claims.for_article,
    # when the page has read them already
    shown = _with_context(article, checked, article_claims)
    if (computed or session.info.pop(claim_memory.WRITTEN, False)) and not pending:
        # Only the new rows changed: the objects the page has loaded stay as they are (no reload per attribute).
        expire, session.expire_on_commit = session.expire_on_commit, False
        try:
            session.commit()
        finally:
            session.expire_on_commit = expire
    return shown


def _with_context(article: Article, checked: Checked, article_claims: list[Claim] | None = None) -> list[ArticleFlag]:
    conflicts = _published_conflicts(article, checked, article_claims)
    flags = [*checked.flags, *(f for f, _ in conflicts)]
    related = {flag_key(f): r for f, r in conflicts}
    live = {(d.field, d.rule, d.start, d.end, d.exact): d for d in _dismissals(article) if d.lapsed_at is None}
    return [ArticleFlag(f, live.get((f.field, f.rule, f.start, f.end, f.text)), related.get(flag_key(f)))
            for f in flags]


CONFLICT_RULE = "claim.conflicts-published"


def _published_conflicts(article: Article, checked: Checked,
                         article_claims: list[Claim] | None = None) -> list[tuple[Flag, Related]]:
    """Statements of this piece (its open claims, and every other sentence with a figure in it) that give
    another figure for a quantity a live public piece gave (claim memory's "contradiction"): a warning naming
    the other piece and its figure."""
    from editorial.services import claim_memory  # claim_memory reads claims, whose service imports this one

    if article_claims is None:
        spans = list(db.session.execute(
            sa.select(Claim.start, Claim.end).where(Claim.article_id == article.id, Claim.closed_at.is_(None),
                                                    Claim.anchor_state != AnchorState.ORPHANED.value)).all())
    else:
        spans = [(c.start, c.end) for c in article_claims
                 if c.closed_at is None and c.anchor_state != AnchorState.ORPHANED.value]
    claimed = list(spans)
    spans += [(s, e) for s, e in checked.figure_sentences if not any(a < e and s < b for a, b in claimed)]
    texts = {article.body_text[s:e]: (s, e) for s, e in spans if 0 <= s < e <= len(article.body_text)}
    # the statement-to-check flags' "checked before" (views' claim panel) is matched with them, in one go
    claim_memory.for_texts(article, [*texts, *(f.text for f in checked.flags if f.category == "claim" and f.field == "body")])
    out = []
    conflicts = claim_memory.published_conflicts(article, list(texts))
    # what the public reads: the published revisions' headlines and words (a revision in review is private),
    # read in one statement however many sentences conflict
    wanted = {f.article.published_revision_id for f in conflicts.values()} - {None}
    published = {r.id: r for r in db.session.execute(
        sa.select(Revision).where(Revision.id.in_(sorted(wanted))).options(sa.orm.lazyload(Revision.author))
    ).scalars()} if wanted else {}
    for text, found in conflicts.items():
        start, end = texts[text]
        live = published.get(found.article.published_revision_id)
        words = found.claim.verified_exact or found.claim.exact
        if live is None or words not in live.body_text:
            continue
        headline = live.headline or "(untitled)"
        figure = f"{found.figures[0]} here, {found.figures[1]} there" if found.figures else "another figure"
        message = (f"Another figure than the published “{headline[:120]}”, which says “{words[:160]}” "
                   f"({figure}): check which is right, or say why they differ.")
        flag = Flag(CONFLICT_RULE, "consistency", "warning", start, end, text, message, reasons=tuple(found.reasons))
        out.append((flag, Related(found.article.id, headline, found.claim.id, words[:300])))
    return out


GONE = "That flag is no longer there: the text changed. Reload to see the current flags."


def find_flag(article: Article, key: str, *, version: int | None = None, exact: str | None = None,
              flags: list[ArticleFlag] | None = None) -> ArticleFlag:
    """The flag a person chose by its key on the page or API answer of `version`, whose words were `exact`.

    A key holds offsets: from an older version they are mapped to the current text first (spans.locate: the
    same words, or TextChanged), so a stale key never picks another flag that now sits at those offsets."""
    if flags is None:  # callers finding many flags on one text check it once
        flags = article_flags(article)
    wanted = key
    if version is not None and version != article.version:
        parsed = _parse_key(key)
        if parsed is None:
            raise NotFound(GONE)
        field, rule, start, end = parsed
        anchor = spans.locate(article, start=start, end=end, exact=exact, version=version, field=field)
        wanted = f"{field}-{rule}-{anchor.start}-{anchor.end}"
    else:
        spans.text_at(article, version)  # a version that is not this article's is refused (422)
    found = next((f for f in flags if f.key == wanted), None)
    if found is None:
        raise NotFound(GONE)
    if exact is not None and found.flag.text != spans.quoted(exact):
        raise TextChanged(f"That flag is on “{found.flag.text[:80]}” now, not on “{exact[:80]}”: the text changed "
                          f"(it is at version {article.version}). Reload to see the current flags.", current=article)
    return found


def _parse_key(key: str) -> tuple[str, str, int, int] | None:
    """`field-rule-start-end` back into its parts; None when it is not a flag key."""
    head, _, span = (key or "").rpartition("-")
    head, _, begin = head.rpartition("-")
    field, _, rule = head.partition("-")
    if field not in spans.FIELDS or not rule or not (begin.isdigit() and span.isdigit()):
        return None
    return field, rule, int(begin), int(span)


def dismiss(actor: User, article_id: int, *, key: str, reason: str, version: int | None = None,
            exact: str | None = None) -> FlagDismissal:
    """Dismiss the flag with this key, as shown at `version` with its words `exact` (see find_flag)."""
    article = get_article(actor, article_id, for_update=True)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("Say why this flag can stay (the reason is kept with the dismissal).", field="reason")
    found = find_flag(article, key, version=version, exact=exact)
    dismissal = add_dismissal(actor, article, found, reason)
    db.session.commit()
    return dismissal


def add_dismissal(actor: User, article: Article, found: ArticleFlag, reason: str) -> FlagDismissal:
    """Inside a transaction (dismiss, triage.dismiss_many): store and audit the dismissal of one flag found
    on the current text, anchored on its words at this version; an already dismissed flag keeps its own."""
    if found.dismissal is not None:
        return found.dismissal
    flag = found.flag
    if not can_dismiss_flag(actor.roles, is_author=article.is_author(actor), severity=flag.severity, category=flag.category):
        db.session.rollback()
        raise Forbidden(f"Only {'fact-checkers and editors' if flag.category == 'claim' else 'an editor'} may "
                        f"dismiss this {flag.severity} flag.")
    text = article.headline if flag.field == "headline" else article.body_text
    anchor = make_anchor(text, flag.start, flag.end)
    dismissal = FlagDismissal(
        article_id=article.id, rule=flag.rule, field=flag.field, severity=flag.severity, category=flag.category,
        message=flag.message[:500], reason=reason[:5000], dismissed_by_id=actor.id,
        exact=anchor.exact, prefix=anchor.prefix, suffix=anchor.suffix, start=anchor.start, end=anchor.end,
        anchored_version=article.version,
    )
    db.session.add(dismissal)
    db.session.flush()
    record(Kind.FLAG_DISMISSED, actor=actor, article=article, comment=reason,
           details={"rule": flag.rule, "text": flag.text[:200], "severity": flag.severity, "dismissal": dismissal.id})
    return dismissal


def reanchor_dismissals(article: Article, *, old_body: str, old_headline: str) -> None:
    """Inside a save's transaction: move each live dismissal with its text; lapse it when its text changed
    or vanished, so the flag comes back."""
    live = [d for d in _dismissals(article) if d.lapsed_at is None]
    for field, old, new in (("body", old_body, article.body_text), ("headline", old_headline, article.headline)):
        rows = [d for d in live if d.field == field]
        if not rows or old == new:
            continue
        results = reanchor(old, new, [spans.anchor_of(d) for d in rows])
        for d, result in zip(rows, results, strict=True):
            d.anchor_state = result.state.value
            d.anchored_version = article.version
            if result.state in (AnchorState.ANCHORED, AnchorState.MOVED) and result.anchor is not None:
                d.start, d.end, d.prefix, d.suffix = result.anchor.start, result.anchor.end, result.anchor.prefix, result.anchor.suffix
            else:
                d.lapsed_at = utcnow()


def _dismissals(article: Article) -> list[FlagDismissal]:
    return list(db.session.execute(sa.select(FlagDismissal).where(FlagDismissal.article_id == article.id)).scalars())

