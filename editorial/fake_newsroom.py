"""A made-up newsroom for benchmarks and scale tests: people, articles with their whole working history.

Pure: rows as plain dicts (ids chosen here, so rows can point at each other without asking the database),
streamed a batch of articles at a time; services/generate.py writes them with bulk inserts. The story of each
article follows the app's own rules (workflow table, who hears about what in services/notifications.py), so
the pages show what a real newsroom would: queues, revisions, claims with sources, comment threads, the
audit trail and everyone's inbox. Bodies are <p> paragraphs whose `body_text` comes from text.py itself.
"""

from __future__ import annotations

import html
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from editorial import claim_matching
from editorial.anchoring import make_anchor
from editorial.claimreview import slug
from editorial.claims import DEFAULT_RATINGS, VERDICTS, ClaimStatus, SourceKind, Stance
from editorial.permissions import Role
from editorial.text import body_text
from editorial.workflow import State

SEED = Path(__file__).resolve().parent.parent / "demo" / "mali-ukraine.txt"
YEARS = 6  # published pieces spread over this many years before `now`
RARE_WORD = "Quillabamba"  # in about one article in a thousand: a search for it finds few
COMMON_WORD = "minister"  # in most articles: a search for it finds many
RARE_SHARE = 0.001

SECTIONS = ("World", "Africa", "Europe", "Americas", "Asia", "Politics", "Business", "Climate", "Science",
            "Health", "Technology", "Culture", "Sport", "Opinion")
SECTION_WEIGHTS = (14, 9, 9, 7, 7, 12, 11, 6, 5, 6, 6, 5, 9, 3)
FIRST = ("Amara Aisha Ana Anders Bea Carlos Chen Dalia Dmitri Elena Emeka Fatou Femi Grace Hana Ibrahim Ines "
         "Jonas Kaveh Kofi Lea Leila Lucas Maya Mei Mohammed Nadia Noor Omar Paulo Priya Rafael Rosa Sami Sofia "
         "Tariq Tomas Yara Yusuf Zanele").split()
LAST = ("Adeyemi Alvarez Baptiste Banda Chowdhury Costa Diallo Dubois Eriksen Farouk Fischer Garcia Haddad "
        "Ivanova Jensen Kamara Keita Kowalski Lindqvist Mbeki Mensah Moreau Nakamura Novak Okafor Park Petrov "
        "Quispe Rahman Rossi Sato Schmidt Silva Sow Tanaka Traore Umar Varga Wanjiru Yilmaz Zhou").split()
PLACES = ("Bamako Kyiv Nairobi Lagos Dakar Lisbon Warsaw Lima Quito Jakarta Manila Hanoi Accra Kampala Tunis "
          "Rabat Tbilisi Yerevan Almaty Bogota Santiago Montevideo Harare Lusaka Maputo Addis Ababa Khartoum "
          "Niamey Ouagadougou Gao Timbuktu Kidal Mopti Odesa Kharkiv Lviv").split()
COUNTRIES = ("Mali Niger Chad Senegal Ghana Nigeria Kenya Ukraine Poland Peru Chile Brazil Indonesia Vietnam "
             "Morocco Tunisia Georgia Armenia Kazakhstan Colombia Zambia Mozambique Ethiopia Sudan").split()
BODIES = ("the central bank", "the electoral commission", "the health ministry", "the finance ministry",
          "the supreme court", "the national assembly", "the port authority", "the teachers' union",
          "the water board", "the statistics office", "the army", "the opposition coalition",
          "the regional council", "the mining company", "the state broadcaster", "the refugee agency")
TOPICS = ("fuel prices", "the grain harvest", "school fees", "the new border crossing", "the drought",
          "the copper mine", "the rail link", "power cuts", "the fishing quota", "the vaccination drive",
          "public sector wages", "the peace talks", "the ceasefire", "the budget deficit", "river flooding",
          "the coastal road", "the mobile money tax", "the solar farm", "the cattle market", "the stadium")
VERBS = ("announced", "confirmed", "denied", "criticised", "approved", "suspended", "delayed", "welcomed",
         "rejected", "defended", "postponed", "questioned")
HEAD_VERBS = ("cuts", "backs", "blocks", "delays", "doubles", "defends", "rejects", "probes", "scraps", "unveils")
TITLES = ("minister", "spokesperson", "governor", "mayor", "economist", "analyst", "researcher", "commander",
          "lawyer", "union leader", "farmer", "doctor")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PUBLISHERS = (("Reuters", "reuters.com"), ("Agence France-Presse", "afp.com"), ("BBC", "bbc.co.uk"),
              ("Al Jazeera", "aljazeera.com"), ("The Guardian", "theguardian.com"), ("Le Monde", "lemonde.fr"),
              ("World Bank", "data.worldbank.org"), ("UN OCHA", "unocha.org"), ("IMF", "imf.org"),
              ("ACLED", "acleddata.com"), ("Government gazette", "gazette.gov.example"))

SENTENCES = (
    "{Person}, the {country} {title}, said on {weekday} that {body} would review {topic} before the end of the year.",
    "Officials in {place} {verb} the plan, which would cost about {money} over {n} years.",
    "{Body_} {verb} {topic} on {weekday}, according to a statement seen by reporters.",
    "The {title} told reporters in {place} that {percent} of households had been affected by {topic}.",
    "At least {n} people were hurt in {place}, {body} said, though the figure could not be independently verified.",
    "Critics say the decision leaves {topic} in the hands of {body}, which has faced questions over its record.",
    "The finance minister said the measure would raise {money} a year, a figure economists called optimistic.",
    "{Person} said the government had \u201cno intention\u201d of changing course on {topic}.",
    "Talks between {body} and {body2} are expected to resume in {place} next week.",
    "Prices in {place} rose by {percent} in {month}, the fastest pace since {year}, official data showed.",
    "A spokesperson for {body} declined to comment on the report.",
    "Residents of {place} said they had waited {n} days for {topic} to be resolved.",
    "The minister for {topic_short} resigned in {month} after {n} weeks in the post.",
    "{Country} and {country2} signed an agreement on {topic} in {place} on {weekday}.",
    "The opposition called for an inquiry into {topic}, saying {body} had misled parliament.",
    "More than {thousands} people have signed a petition about {topic}, organisers said.",
    "The project, first announced in {year}, has been delayed {n} times.",
    "{Person}, a {title} based in {place}, said the numbers did not add up.",
    "Under the proposal, {body} would gain new powers over {topic}.",
    "The government said {percent} of the budget would go to {topic_short}, up from {percent2} last year.",
)
HEADLINES = (
    "{Country} {head_verb} {topic} as {body} faces pressure",
    "{Place} braces for {topic} after {weekday} talks fail",
    "{Body_} {head_verb} plan on {topic}",
    "Why {topic} matters for {country}'s election",
    "{Country} minister quits over {topic}",
    "{n} things to know about {topic} in {place}",
    "{Place} residents wait for answers on {topic}",
    "{Country} and {country2} reach deal on {topic}",
)
STANDFIRSTS = (
    "The decision follows months of pressure from {body} and residents of {place}.",
    "Officials say the change will take effect within {n} weeks.",
    "Critics question the cost, put at {money}.",
    "",
)
COMMENTS = ("Can we attribute this figure? Who counted?", "Please check the spelling of the name here.",
            "This paragraph repeats the one above; cut one of them.", "Source for this? It reads like opinion.",
            "Is this still true as of today? Please re-confirm.", "Tighten this: too long for the top of the piece.",
            "Legal should see this sentence before we publish.", "Nice line. Keep it.",
            "The headline promises more than the piece shows.", "Add the date of the statement.")
REPLIES = ("Done, thanks.", "Checked with the ministry: the figure stands.", "Fixed in the latest version.",
           "I have a second source for this; adding it.", "Agreed, cut.", "Asked them again, waiting to hear back.")
CHANGE_NOTES = ("Please attribute the casualty figures and add a second source.", "Too long: cut to 600 words.",
                "The top needs the news, not the background.", "Check the quotes against the recording.")
CLOSE_REASONS = ("Cut from the piece.", "Merged into another claim.")

STATE_WEIGHTS = {  # where articles are now
    State.PUBLISHED: 82.0, State.DRAFT: 6.0, State.IN_REVIEW: 3.5, State.CHANGES_REQUESTED: 2.0,
    State.APPROVED: 1.5, State.UNPUBLISHED: 2.5,
}
REVIEW_DIGEST = "review"  # services/notifications.REVIEW_DIGEST
READ_AFTER_HOURS = (0.5, 30.0)  # an editor opens the inbox (reading the review digest) this long after an arrival
MATCHES_KEPT = 5  # services/claim_memory.KEPT: matches stored per claim
LIVE_REVISED_SHARE = 0.03  # published pieces back in review after an edit (the live version stays up)
CORRECTED_SHARE = 0.03  # published pieces corrected and republished with a correction note


def people_counts(articles: int) -> dict[Role, int]:
    """Staff in proportion to the archive: a 100,000-article newsroom has ~400 reporters, 14 editors."""
    return {Role.REPORTER: max(4, articles // 250), Role.EDITOR: max(2, articles // 7000),
            Role.FACT_CHECKER: max(2, articles // 5000), Role.ADMIN: max(1, articles // 50_000)}


USERNAME_PREFIX = {Role.REPORTER: "reporter", Role.EDITOR: "editor", Role.FACT_CHECKER: "checker",
                   Role.ADMIN: "admin"}


@dataclass
class Paragraph:
    html: str
    text: str  # body_text of html (text.py), which is also the source sentences joined by spaces
    sentences: list[tuple[int, int]]  # (start, end) of each sentence in text


@dataclass
class Person:
    id: int
    username: str
    display_name: str
    role: Role
    active: bool = True


@dataclass
class Ids:
    """The next free id of each table with an integer key (the database part starts them past its rows)."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, table: str) -> int:
        value = self.next.get(table, 1)
        self.next[table] = value + 1
        return value


class Newsroom:
    """Makes the rows. `batches()` yields {table: [row, …]} for a batch of articles at a time, plus
    "article_links" (approved/published revision ids, set once the revisions exist)."""

    def __init__(self, articles: int, *, seed: int = 1, now: datetime | None = None, ids: Ids | None = None,
                 password_hash: str = "", tag: str = "") -> None:
        self.total = articles
        self.rng = random.Random(seed)
        self.now = (now or datetime.now(UTC)).replace(microsecond=0)
        self.ids = ids or Ids()
        self.password_hash = password_hash
        self.tag = tag
        self.staff: dict[Role, list[Person]] = {}
        self.sources: list[tuple[int, str, str]] = []  # id, url, title
        self._pool = [self._paragraph() for _ in range(1500)]
        self._seed_pool = self._seed_paragraphs()
        self._rare = [self._paragraph(rare=True) for _ in range(20)]
        # pieces arriving for review: (time, event id, article id, message, ids of people told in a row of
        # their own or who did it), turned into each editor's review digests once every article is made
        self.arrivals: list[tuple[datetime, int, int, str, frozenset[int]]] = []
        self._features: dict[str, tuple[list[str], claim_matching.Match]] = {}  # claim words → terms, self-match
        self._said: dict[str, list[tuple[int, int]]] = {}  # claim words → (claim id, article id) so far

    # -- words --------------------------------------------------------------------------------------------
    def _name(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def _fill(self, template: str) -> str:
        r = self.rng
        topic = r.choice(TOPICS)
        countries = r.sample(COUNTRIES, 2)
        values = {
            "person": self._name(), "country": countries[0], "country2": countries[1],
            "title": r.choice(TITLES), "weekday": r.choice(WEEKDAYS), "body": r.choice(BODIES),
            "body2": r.choice(BODIES), "topic": topic, "topic_short": topic.removeprefix("the "),
            "place": r.choice(PLACES), "verb": r.choice(VERBS), "head_verb": r.choice(HEAD_VERBS),
            "money": f"${r.randint(2, 950)} million", "n": r.randint(2, 40), "percent": f"{r.randint(2, 60)}%",
            "percent2": f"{r.randint(2, 60)}%", "thousands": f"{r.randint(2, 90)},{r.randint(100, 999)}",
            "month": r.choice(("January", "March", "May", "July", "September", "November")),
            "year": r.randint(1998, 2024),
        }
        out = template.format(**values, **{k.capitalize(): str(v)[:1].upper() + str(v)[1:] for k, v in values.items()},
                              Body_=values["body"][:1].upper() + values["body"][1:])
        return out[:1].upper() + out[1:]

    def _paragraph(self, *, rare: bool = False) -> Paragraph:
        sentences = [self._fill(self.rng.choice(SENTENCES)) for _ in range(self.rng.randint(2, 4))]
        if rare:
            sentences.insert(1, f"The same dispute reached {RARE_WORD}, a town where few reporters have been.")
        return self._make_paragraph(sentences)

    @staticmethod
    def _make_paragraph(sentences: list[str]) -> Paragraph:
        raw = " ".join(sentences)
        markup = f"<p>{html.escape(raw, quote=False)}</p>"
        text = body_text(markup)
        if text != raw:  # text.py normalizes; the sentence offsets below are only right when nothing changed
            raise ValueError(f"paragraph text changed by body_text: {raw!r}")
        spans, at = [], 0
        for s in sentences:
            spans.append((at, at + len(s)))
            at += len(s) + 1
        return Paragraph(markup, text, spans)

    def _seed_paragraphs(self) -> list[Paragraph]:
        """The seed article's body paragraphs (two sentences or more), as they read."""
        out = []
        for block in SEED.read_text(encoding="utf-8").split("\n\n"):
            sentences = re.split(r"(?<=[.!?\"”])\s+(?=[A-Z])", " ".join(block.split()))
            if len(sentences) >= 2:
                try:
                    out.append(self._make_paragraph(sentences))
                except ValueError:
                    continue
        return out

    def _body(self) -> list[Paragraph]:
        r = self.rng
        paragraphs = r.sample(self._pool, r.randint(5, 8))
        if self._seed_pool and r.random() < 0.05:
            paragraphs.insert(r.randint(1, len(paragraphs)), r.choice(self._seed_pool))
        if r.random() < RARE_SHARE:
            paragraphs.insert(1, r.choice(self._rare))
        return paragraphs

    # -- people and sources -------------------------------------------------------------------------------
    def people(self) -> dict[str, list[dict]]:
        users, roles, words = [], [], set()
        start = self.now - timedelta(days=365 * YEARS + 30)
        for role, count in people_counts(self.total).items():
            for i in range(1, count + 1):
                uid = self.ids.take("users")
                name = self._name()
                words.update(name.split())
                username = f"{USERNAME_PREFIX[role]}{i}{self.tag}"
                active = self.rng.random() > 0.04 or i == 1  # a few have left; their work stays
                person = Person(uid, username, name, role, active)
                self.staff.setdefault(role, []).append(person)
                users.append({"id": uid, "username": username, "display_name": name,
                              "email": f"{username}@newsroom.example", "password_hash": self.password_hash,
                              "active": active, "created_at": start + timedelta(days=self.rng.randint(0, 300)),
                              "last_login_at": self.now - timedelta(hours=self.rng.randint(1, 2000))})
                roles.append({"user_id": uid, "role": role})
        return {"users": users, "user_roles": roles}

    def make_sources(self) -> dict[str, list[dict]]:
        """A pool of sources, reused across claims as a newsroom reuses a good document."""
        rows = []
        checker = self.staff[Role.FACT_CHECKER][0].id
        for _ in range(max(20, self.total // 2)):
            sid = self.ids.take("sources")
            publisher, domain = self.rng.choice(PUBLISHERS)
            title = self._fill(self.rng.choice(HEADLINES))
            published = (self.now - timedelta(days=self.rng.randint(1, 365 * YEARS))).date()
            url = f"https://{domain}/{published.year}/{slug(title, 60)}-{sid}{self.tag}"
            rows.append({"id": sid, "url": url, "title": title, "publisher": publisher, "author": self._name(),
                         "date_published": published, "kind": self.rng.choice(list(SourceKind)),
                         "created_by_id": checker, "created_at": self.now - timedelta(days=365 * YEARS)})
            self.sources.append((sid, url, title))
        return {"sources": rows}

    def dictionary(self, taken: frozenset[str] = frozenset()) -> dict[str, list[dict]]:
        """The names the copy desk taught the spelling checker (those not in the dictionary yet)."""
        admin = self.staff[Role.ADMIN][0].id
        words = sorted({*LAST, *PLACES, RARE_WORD} - set(taken))
        return {"dictionary_words": [{"word": w, "note": "name", "added_by_id": admin, "created_at": self.now}
                                     for w in words]}

    # -- claim memory -------------------------------------------------------------------------------------
    def claim_memory(self, claim_id: int, article_id: int, exact: str, at: datetime) -> tuple[list[dict], list[dict]]:
        """The claim's claim_terms rows (claim_matching.index_terms, as services/claim_memory.index writes them)
        and its claim_matches rows: the newest earlier claims of other articles with the same words (generated
        bodies reuse sentences, so the same claim recurs across pieces). Other-figure matches between different
        sentences are not looked for: that would be the matcher run over every pair of candidates."""
        if exact not in self._features:
            features = claim_matching.features(exact)
            self._features[exact] = (claim_matching.index_terms(features), claim_matching.compare(features, features))
        terms, same = self._features[exact]
        earlier = self._said.setdefault(exact, [])
        matches = []
        if same.verdict == claim_matching.Verdict.SAME:
            others = [cid for cid, aid in reversed(earlier) if aid != article_id][:MATCHES_KEPT]
            matches = [{"claim_id": claim_id, "match_id": cid, "verdict": same.verdict.value,
                        "score": round(same.score, 4), "reasons": "; ".join(same.reasons), "computed_at": at}
                       for cid in others]
        earlier.append((claim_id, article_id))
        del earlier[:-2 * MATCHES_KEPT]
        return [{"claim_id": claim_id, "term": t} for t in terms], matches

    # -- review digests -----------------------------------------------------------------------------------
    def review_digests(self) -> dict[str, list[dict]]:
        """Every editor's review digest rows, as services/notifications._review_digest leaves them: one row takes
        each arrival until the editor reads it (READ_AFTER_HOURS after the first), then the next arrival starts
        a new row. So an editor has read rows of past digests and at most one unread row (the latest). Made
        after every article, since arrivals must be taken in time order."""
        self.arrivals.sort(key=lambda a: (a[0], a[1]))
        rows = []
        for editor in self.staff.get(Role.EDITOR, []):
            if not editor.active:
                continue
            group: list[tuple] = []
            read_at = self.now
            for arrival in self.arrivals:
                if editor.id in arrival[4]:
                    continue
                if group and arrival[0] >= read_at:
                    rows.append(self._digest(editor, group, read_at))
                    group = []
                if not group:
                    read_at = arrival[0] + timedelta(hours=self.rng.uniform(*READ_AFTER_HOURS))
                group.append(arrival)
            if group:
                rows.append(self._digest(editor, group, read_at if read_at < self.now else None))
        return {"notifications": rows}

    def _digest(self, editor: Person, group: list[tuple], read_at: datetime | None) -> dict:
        t, event_id, article_id, message, _ = group[-1]  # the row says what the latest arrival said
        return {"id": self.ids.take("notifications"), "user_id": editor.id, "event_id": event_id,
                "article_id": article_id, "message": message, "created_at": t, "read_at": read_at,
                "digest": REVIEW_DIGEST, "updates": len(group)}

    # -- articles -----------------------------------------------------------------------------------------
    def batches(self, size: int = 1000) -> Iterator[dict[str, list[dict]]]:
        made = 0
        while made < self.total:
            count = min(size, self.total - made)
            batch: dict[str, list[dict]] = {}
            for i in range(count):
                _Story(self, batch, made + i).tell()
            made += count
            yield batch


# (final state, live while revised, corrected) of the first articles made
FIRST_STORIES = (*((state, False, False) for state in State), (State.PUBLISHED, True, False),
                 (State.PUBLISHED, False, True))


def _pick_state(rng: random.Random) -> State:
    states, weights = zip(*STATE_WEIGHTS.items(), strict=True)
    return rng.choices(states, weights)[0]


class _Story:
    """One article's life, from first draft to where it is now, written as rows."""

    def __init__(self, room: Newsroom, batch: dict[str, list[dict]], index: int) -> None:
        self.room, self.rng, self.batch = room, room.rng, batch
        self.final = _pick_state(self.rng)
        self.live_revised = self.final == State.PUBLISHED and self.rng.random() < LIVE_REVISED_SHARE
        self.corrected = self.final == State.PUBLISHED and not self.live_revised and self.rng.random() < CORRECTED_SHARE
        if index < len(FIRST_STORIES):  # even a small newsroom has a piece in every state and situation
            self.final, self.live_revised, self.corrected = FIRST_STORIES[index]
        reporters = room.staff[Role.REPORTER]
        self.author = self.rng.choice(reporters) if self.rng.random() < 0.93 else self.rng.choice(room.staff[Role.EDITOR])
        self.byline = [self.author]
        if self.rng.random() < 0.15:
            other = self.rng.choice(reporters)
            if other.id != self.author.id:
                self.byline.append(other)
        self.editor = self.rng.choice(room.staff[Role.EDITOR])
        self.checker = self.rng.choice(room.staff[Role.FACT_CHECKER])
        self.assignees: list[Person] = []
        self.id = room.ids.take("articles")
        self.section = self.rng.choices(SECTIONS, SECTION_WEIGHTS)[0]
        self.headline = room._fill(self.rng.choice(HEADLINES))[:300]
        self.standfirst = room._fill(self.rng.choice(STANDFIRSTS))
        self.tags = sorted({self.rng.choice(TOPICS).removeprefix("the "), self.section.lower()})
        self.paragraphs = room._body()
        self.version = 0
        self.revision_ids: dict[int, int] = {}
        recent = self.final in (State.IN_REVIEW, State.CHANGES_REQUESTED, State.APPROVED) or self.live_revised
        if self.final == State.DRAFT and self.rng.random() < 0.6:
            recent = True  # most drafts are this month's; the rest were abandoned long ago
        span = 45 if recent else 365 * YEARS
        self.t = room.now - timedelta(days=span * self.rng.random() ** 0.8, hours=6)
        self.created_at = self.t
        self.state = State.DRAFT
        self.state_changed_at = self.t
        self.approved_revision: int | None = None
        self.published_revision: int | None = None
        self.published_at: datetime | None = None
        self.claims: list[dict] = []
        self.spans: list[dict] = []  # claims and comment threads on words of the body

    # -- helpers ------------------------------------------------------------------------------------------
    def add(self, table: str, row: dict) -> dict:
        self.batch.setdefault(table, []).append(row)
        return row

    def later(self, low_minutes: float, high_minutes: float) -> datetime:
        self.t = min(self.t + timedelta(minutes=self.rng.uniform(low_minutes, high_minutes)),
                     self.room.now - timedelta(seconds=1))
        return self.t

    @property
    def body_html(self) -> str:
        return "".join(p.html for p in self.paragraphs)

    @property
    def body_text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    def event(self, kind: str, actor: Person | None, *, subject: Person | None = None, from_state=None,
              to_state=None, comment: str = "", details: dict | None = None) -> int:
        eid = self.room.ids.take("events")
        self.add("events", {"id": eid, "created_at": self.t, "kind": kind, "actor_id": actor.id if actor else None,
                            "article_id": self.id, "subject_user_id": subject.id if subject else None,
                            "from_state": from_state, "to_state": to_state, "comment": comment,
                            "details": details or {}, "username_tried": None, "remote_addr": None})
        return eid

    def message(self, template: str, actor: Person | None, **extra: str) -> str:
        name = actor.display_name if actor else "Someone"
        return template.format(actor=name, headline=self.headline, **extra)[:300]

    def notify(self, people, template: str, event_id: int, actor: Person | None, **extra: str) -> None:
        seen: set[int] = set()
        message = self.message(template, actor, **extra)
        age = self.room.now - self.t
        for person in people:
            if person.id in seen or not person.active or (actor is not None and person.id == actor.id):
                continue
            seen.add(person.id)
            read = age > timedelta(days=7) and self.rng.random() < 0.9
            self.add("notifications", {"id": self.room.ids.take("notifications"), "user_id": person.id,
                                       "event_id": event_id, "article_id": self.id, "message": message,
                                       "created_at": self.t, "digest": None, "updates": 1,
                                       "read_at": self.t + timedelta(hours=self.rng.randint(1, 72)) if read else None})

    def save(self, actor: Person, *, note: str = "", first: bool = False) -> None:
        """A new revision: the current text with a paragraph rewritten or added (the first is the draft)."""
        if not first:
            self.later(20, 600)
            if self.spans or (self.rng.random() < 0.5 and len(self.paragraphs) < 10):
                # with claims or comments on the text, an added paragraph: their words stay (and move)
                self.paragraphs.insert(self.rng.randint(1, len(self.paragraphs)), self.rng.choice(self.room._pool))
            else:
                self.paragraphs[self.rng.randrange(len(self.paragraphs))] = self.rng.choice(self.room._pool)
            if self.rng.random() < 0.2:
                self.headline = self.room._fill(self.rng.choice(HEADLINES))[:300]
        self.version += 1
        rid = self.room.ids.take("revisions")
        self.revision_ids[self.version] = rid
        self.add("revisions", {
            "id": rid, "article_id": self.id, "number": self.version, "headline": self.headline,
            "standfirst": self.standfirst, "section": self.section, "tags": self.tags,
            "dateline_date": self.created_at.date(), "byline": [p.id for p in self.byline],
            "body_html": self.body_html, "body_text": self.body_text, "author_id": actor.id, "created_at": self.t,
            "restored_from": None, "note": note})
        if first:
            self.event("article_created", actor, to_state=State.DRAFT.value)
        else:
            self.event("article_saved", actor, details={"revision": self.version, "version": self.version})
            self.reanchor()

    def reanchor(self) -> None:
        """What the app does on every save: each span follows its words to where they are now."""
        text = self.body_text
        for row in self.spans:
            start = text.find(row["exact"])
            if start == -1:
                row.update(anchor_state="orphaned", anchored_version=self.version)
                continue
            anchor = make_anchor(text, start, start + len(row["exact"]))
            row.update(start=anchor.start, end=anchor.end, prefix=anchor.prefix, suffix=anchor.suffix,
                       anchor_state="anchored" if anchor.start == row["start"] else "moved",
                       anchored_version=self.version)

    def move(self, name: str, target: State, actor: Person | None, *, comment: str = "", **details) -> int:
        source = self.state
        self.later(30, 2400)
        if name == "approve":
            self.approved_revision = self.revision_ids[self.version]
        elif name == "publish":
            self.published_revision = self.approved_revision
            self.published_at = self.published_at or self.t
        self.state, self.state_changed_at = target, self.t
        return self.event("transition", actor, from_state=source.value, to_state=target.value, comment=comment,
                          details={"transition": name, "version": self.version, **details})

    def tell_editors(self, event_id: int, template: str, actor: Person | None, *, also: tuple = ()) -> None:
        """A piece arriving for review: those assigned to it (and `also`) get a row of their own, every other
        editor's review digest takes it (Newsroom.review_digests)."""
        own = [*also, *self.assignees]
        self.notify(own, template, event_id, actor)
        told = frozenset(p.id for p in own) | ({actor.id} if actor else set())
        self.room.arrivals.append((self.t, event_id, self.id, self.message(template, actor), told))

    def tell_authors(self, event_id: int, template: str, actor: Person | None, **extra: str) -> None:
        self.notify([*self.byline, self.author, *self.assignees], template, event_id, actor, **extra)

    # -- the story ----------------------------------------------------------------------------------------
    def tell(self) -> None:
        r = self.rng
        self.save(self.author, first=True)
        for _ in range(r.choices((0, 1, 2, 3, 4), (20, 30, 25, 15, 10))[0]):
            self.save(self.author)
        if self.final == State.DRAFT:
            self.comment_threads()
            return self.finish()
        event = self.move("submit", State.IN_REVIEW, self.author)
        self.tell_editors(event, "{actor} submitted “{headline}” for review", self.author)
        self.assign()
        self.make_claims()
        self.comment_threads()
        if self.final == State.IN_REVIEW and not self.live_revised:
            return self.finish()
        if self.final == State.CHANGES_REQUESTED or r.random() < 0.25:
            note = r.choice(CHANGE_NOTES)
            event = self.move("request_changes", State.CHANGES_REQUESTED, self.editor, comment=note)
            self.tell_authors(event, "{actor} requested changes to “{headline}”{note}", self.editor, note=f": {note}")
            if self.final == State.CHANGES_REQUESTED:
                return self.finish()
            self.save(self.author)
            event = self.move("resubmit", State.IN_REVIEW, self.author)
            self.tell_editors(event, "{actor} resubmitted “{headline}”", self.author)
        self.settle_claims()
        self.approve()
        if self.final == State.APPROVED:
            return self.finish()
        self.publish()
        if self.final == State.UNPUBLISHED:
            reason = r.choice(("Legal complaint under review.", "Key source withdrew their account.",
                               "Published in error before the embargo."))
            event = self.move("unpublish", State.UNPUBLISHED, self.editor, comment=reason, public_reason=r.random() < 0.5)
            self.tell_authors(event, "{actor} unpublished “{headline}”", self.editor)
        elif self.live_revised or self.corrected:
            self.save(self.author)
            self.state, self.state_changed_at, self.approved_revision = State.IN_REVIEW, self.t, None
            event = self.event("sent_back_by_edit", self.author, from_state=State.PUBLISHED.value,
                               to_state=State.IN_REVIEW.value, comment="Edited after approval: needs a fresh review.")
            self.tell_editors(event, "“{headline}” was edited after approval and is back in review", self.author,
                              also=(*self.byline, self.author))
            if self.corrected:
                self.approve()
                self.publish(correction=True)
        return self.finish()

    def assign(self) -> None:
        if self.rng.random() < 0.7:
            self.later(5, 120)
            self.assignees.append(self.checker)
            self.add("assignments", {"article_id": self.id, "user_id": self.checker.id,
                                     "assigned_by_id": self.editor.id, "created_at": self.t})
            event = self.event("assigned", self.editor, subject=self.checker)
            self.notify([self.checker], "{actor} assigned you to “{headline}”", event, self.editor)
        if self.rng.random() < 0.2:
            self.add("assignments", {"article_id": self.id, "user_id": self.editor.id,
                                     "assigned_by_id": self.editor.id, "created_at": self.t})
            self.assignees.append(self.editor)
            self.event("assigned", self.editor, subject=self.editor)

    def approve(self) -> None:
        event = self.move("approve", State.APPROVED, self.editor)
        self.tell_authors(event, "{actor} approved “{headline}”", self.editor)

    def publish(self, *, correction: bool = False) -> None:
        details = {}
        if correction:
            details["correction_note"] = "An earlier version of this article gave the wrong date for the vote."
        event = self.move("publish", State.PUBLISHED, self.editor, **details)
        if correction:
            self.add("corrections", {"id": self.room.ids.take("corrections"), "article_id": self.id,
                                     "revision_id": self.published_revision, "note": details["correction_note"],
                                     "created_by_id": self.editor.id, "created_at": self.t})
        self.tell_authors(event, "{actor} published “{headline}”", self.editor)

    def make_claims(self) -> None:
        """Claims on sentences of the current text (numbers first), each with sources."""
        r = self.rng
        count = r.choices((0, 1, 2, 3, 4), (15, 35, 30, 12, 8))[0]
        offsets, at = [], 0
        for p in self.paragraphs:
            offsets.append(at)
            at += len(p.text) + 2
        text = self.body_text
        chosen: set[tuple[int, int]] = set()
        for _ in range(count):
            i = r.randrange(len(self.paragraphs))
            s, e = r.choice(self.paragraphs[i].sentences)
            start, end = offsets[i] + s, offsets[i] + e
            if (start, end) in chosen:
                continue
            chosen.add((start, end))
            anchor = make_anchor(text, start, end)
            self.later(10, 240)
            cid = self.room.ids.take("claims")
            claim = self.add("claims", {
                "id": cid, "article_id": self.id, "summary": anchor.exact[:120], "status": ClaimStatus.UNVERIFIED,
                "notes": "", "rating": None, "verified_exact": None, "previous_exact": None, "flag_rule": None,
                "assigned_to_id": self.checker.id if r.random() < 0.5 else None, "created_by_id": self.checker.id,
                "created_at": self.t, "updated_at": self.t, "closed_at": None, "close_reason": "",
                "exact": anchor.exact, "prefix": anchor.prefix, "suffix": anchor.suffix, "start": anchor.start,
                "end": anchor.end, "anchor_state": "anchored", "anchored_version": self.version})
            self.claims.append(claim)
            self.spans.append(claim)
            terms, matches = self.room.claim_memory(cid, self.id, anchor.exact, self.t)
            self.batch.setdefault("claim_terms", []).extend(terms)
            self.batch.setdefault("claim_matches", []).extend(matches)
            self.event("claim_created", self.checker, comment=claim["summary"],
                       details={"claim": cid, "text": anchor.exact[:200], "from_flag": None})
            for sid, url, _title in r.sample(self.room.sources, r.choice((1, 1, 1, 2))):
                self.add("claim_sources", {
                    "id": self.room.ids.take("claim_sources"), "claim_id": cid, "source_id": sid,
                    "stance": r.choices(list(Stance), (8, 1, 2))[0], "excerpt": "", "date_accessed": self.t.date(),
                    "added_by_id": self.checker.id, "created_at": self.t})
                self.event("source_attached", self.checker,
                           details={"claim": cid, "source": sid, "url": url, "stance": "supports"})
            if self.final in (State.IN_REVIEW, State.CHANGES_REQUESTED) and not self.live_revised:
                status = r.choices((ClaimStatus.UNVERIFIED, ClaimStatus.IN_PROGRESS, ClaimStatus.VERIFIED,
                                    ClaimStatus.DISPUTED, ClaimStatus.FALSE), (3, 3, 3, 1, 0.5))[0]
                self.verdict(claim, status)

    def settle_claims(self) -> None:
        """Before approval every claim gets a status that lets the piece go out."""
        for claim in self.claims:
            if self.rng.random() < 0.05:  # its sentence was cut or merged into another claim's
                self.later(10, 120)
                claim.update(closed_at=self.t, close_reason=self.rng.choice(CLOSE_REASONS), updated_at=self.t)
                self.event("claim_closed", self.checker, comment=claim["close_reason"],
                           details={"claim": claim["id"], "text": claim["exact"][:200]})
            elif claim["status"] in (ClaimStatus.UNVERIFIED, ClaimStatus.IN_PROGRESS, ClaimStatus.FALSE):
                status = self.rng.choices((ClaimStatus.VERIFIED, ClaimStatus.DISPUTED, ClaimStatus.NOT_CHECKABLE),
                                          (8, 1.5, 1))[0]
                self.verdict(claim, status)

    def verdict(self, claim: dict, status: ClaimStatus) -> None:
        if status == ClaimStatus.UNVERIFIED:
            return
        self.later(10, 600)
        rating = None
        if status in VERDICTS:
            rating = self.rng.choice([x.key for x in DEFAULT_RATINGS if x.status == status])
            claim["verified_exact"] = claim["exact"]
            claim["notes"] = "Confirmed against the sources attached." if status == ClaimStatus.VERIFIED else \
                "The sources disagree; attributed in the copy."
        before = claim["status"]
        claim.update(status=status, rating=rating, updated_at=self.t)
        self.event("claim_status", self.checker, from_state=before.value, to_state=status.value, comment=claim["notes"],
                   details={"claim": claim["id"], "text": claim["exact"][:200], "rating": rating})

    def comment_threads(self) -> None:
        r = self.rng
        for _ in range(r.choices((0, 1, 2, 3), (38, 40, 16, 6))[0]):
            who = r.choice([self.editor, self.checker]) if self.final != State.DRAFT else self.editor
            self.later(10, 300)
            on_text = r.random() < 0.8
            tid = self.room.ids.take("comment_threads")
            blocking = who.role == Role.EDITOR and r.random() < 0.2
            span = {"exact": "", "prefix": "", "suffix": "", "start": 0, "end": 0}
            if on_text:
                text = self.body_text
                start = r.randrange(max(1, len(text) - 40))
                while start and text[start - 1] != " ":
                    start -= 1
                end = text.find(" ", start + 15)
                end = end if end != -1 else len(text)
                anchor = make_anchor(text, start, end)
                span = {"exact": anchor.exact, "prefix": anchor.prefix, "suffix": anchor.suffix,
                        "start": anchor.start, "end": anchor.end}
            thread = self.add("comment_threads", {
                "id": tid, "article_id": self.id, "on_text": on_text, "blocking": blocking,
                "created_version": self.version, "created_by_id": who.id, "created_at": self.t, "updated_at": self.t,
                "resolved_at": None, "resolved_by_id": None, "anchor_state": "anchored",
                "anchored_version": self.version, **span})
            if on_text:
                self.spans.append(thread)
            body = r.choice(COMMENTS)
            self.comment(tid, who, body)
            event = self.event("comment_added", who, comment=body,
                               details={"thread": tid, "text": span["exact"][:200]})
            name = "{actor} left a comment that blocks publishing “{headline}”" if blocking else \
                "{actor} commented on “{headline}”"
            self.notify([*self.byline, self.author], name, event, who)
            if r.random() < 0.6:
                self.later(10, 600)
                reply = r.choice(REPLIES)
                self.comment(tid, self.author, reply)
                thread["updated_at"] = self.t
                event = self.event("comment_replied", self.author, comment=reply, details={"thread": tid})
                self.notify([*self.byline, who], "{actor} replied to a comment on “{headline}”", event, self.author)
            done = self.final not in (State.DRAFT, State.IN_REVIEW, State.CHANGES_REQUESTED) or self.live_revised
            if blocking and not done and r.random() < 0.5:
                continue  # still blocking the piece
            if done or r.random() < 0.4:
                self.later(5, 300)
                thread.update(resolved_at=self.t, resolved_by_id=self.editor.id)
                event = self.event("comment_resolved", self.editor, details={"thread": tid})
                self.notify([who], "{actor} resolved your comment on “{headline}”", event, self.editor)

    def comment(self, thread_id: int, author: Person, body: str) -> None:
        self.add("comments", {"id": self.room.ids.take("comments"), "thread_id": thread_id, "author_id": author.id,
                              "body": body, "mentions": [], "created_at": self.t})

    def finish(self) -> None:
        self.add("articles", {
            "id": self.id, "headline": self.headline, "standfirst": self.standfirst, "section": self.section,
            "tags": self.tags, "dateline_date": self.created_at.date(), "body_html": self.body_html,
            "body_text": self.body_text, "state": self.state, "version": self.version,
            "created_by_id": self.author.id, "created_at": self.created_at, "updated_at": self.t,
            "state_changed_at": self.state_changed_at, "approved_revision_id": None, "published_revision_id": None,
            "published_at": self.published_at, "show_sources": self.rng.random() < 0.3, "publish_at": None,
            "scheduled_by_id": None, "scheduled_correction_note": ""})
        for position, person in enumerate(self.byline):
            self.add("bylines", {"article_id": self.id, "user_id": person.id, "position": position})
        if self.approved_revision or self.published_revision:
            self.add("article_links", {"link_id": self.id, "approved": self.approved_revision,
                                       "published": self.published_revision})

