"""The core journeys in a real Chromium against the live app (CSRF on, real forms, real cookies):
write → submit → approve → publish; request changes and resubmit; no lost updates between two
editors; history, compare and restore; importing the seed page; phone layout; keyboard log-in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import SEED_PATH

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots")


# --- helpers ------------------------------------------------------------------------------------


def log_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + "/login")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password", exact=True).fill(live_server.password(username))
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs you")


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    expect(page.locator(".flash")).to_have_text("You are logged out.")


def expect_refused(page, status: int, times: int = 1) -> None:
    """Chromium logs a console error for every page answered with an error status; a test that
    expects a refusal takes exactly those out of the list (any other error still fails the test)."""
    wanted = f"the server responded with a status of {status} "
    found = [e for e in page.console_errors if wanted in e]
    assert len(found) == times, (status, page.console_errors)
    for e in found:
        page.console_errors.remove(e)


def body_editor(page):
    """The WYSIWYG body editor, once mounted: a locator resolved before rich-editor.js runs would
    hold on to the plain textarea it replaces (and wait for it to become visible, forever)."""
    expect(page.get_by_role("toolbar", name="Text formatting")).to_be_visible()
    return page.get_by_role("textbox", name="Body")


def toolbar_button(page, name: str):
    return page.get_by_role("toolbar").get_by_role("button", name=name, exact=True)


def queue(page, title: str):
    return page.locator("section.queue").filter(has=page.get_by_role("heading", name=title))


def state_of(page):
    return page.locator(".article-view .meta .pill")


def timeline(page) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(".timeline > li").all_inner_texts()]


def article_url(live_server, article_id: int, suffix: str = "") -> str:
    return f"{live_server.url}/articles/{article_id}{suffix}"


def shot(page, name: str, full_page: bool = True) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def assert_no_horizontal_scroll(page) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    if widths[0] > widths[1]:
        culprits = page.evaluate(
            """() => Array.from(document.querySelectorAll('body *'))
                .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 8).map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))"""
        )
        pytest.fail(f"{page.url} is {widths[0]}px wide in a {widths[1]}px window: {culprits}")


@pytest.fixture
def newsroom(live_server):
    live_server.make_user("rita", "reporter", name="Rita Reporter")
    live_server.make_user("ed", "editor", name="Ed Editor")
    live_server.make_user("eve", "editor", name="Eve Editor")
    return live_server


# --- the main journey ---------------------------------------------------------------------------


def test_reporter_writes_and_submits_editor_approves_and_publishes(newsroom, new_page):
    live_server = newsroom
    page = new_page()
    log_in(page, live_server, "rita")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Write").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New article")

    page.get_by_label("Headline").fill("Council votes to close the old bridge")
    page.get_by_label("Section").fill("City")
    editor = body_editor(page)
    editor.click()
    page.keyboard.type("The vote")
    toolbar_button(page, "H2 heading").click()
    expect(toolbar_button(page, "H2 heading")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    toolbar_button(page, "Paragraph").click()
    page.keyboard.type("Councillors voted ")
    toolbar_button(page, "Bold").click()
    page.keyboard.type("unanimously")
    toolbar_button(page, "Bold").click()
    page.keyboard.type(" on Tuesday.")
    page.get_by_role("button", name="Create draft").click()

    expect(page.locator(".flash")).to_have_text("Draft created.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit article")
    article_id = int(re.search(r"/articles/(\d+)/edit", page.url).group(1))
    stored = live_server.article(article_id)
    assert stored["body_html"] == "<h2>The vote</h2><p>Councillors voted <strong>unanimously</strong> on Tuesday.</p>"
    assert stored["state"] == "draft"

    page.get_by_role("link", name="← Back to the article").click()
    expect(page.locator(".article-view h2")).to_have_text("The vote")
    expect(page.locator(".article-view strong")).to_have_text("unanimously")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".flash")).to_have_text("The article is now in review.")
    expect(state_of(page)).to_have_text("in review")
    log_out(page)

    log_in(page, live_server, "ed")
    review = queue(page, "Review queue (oldest first)")
    expect(review.locator(".card")).to_have_count(1)
    review.get_by_role("link", name="Council votes to close the old bridge").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Council votes to close the old bridge")
    page.get_by_role("button", name="Approve").click()
    expect(state_of(page)).to_have_text("approved")
    expect(page.get_by_text("Nothing blocks publishing.")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".flash")).to_have_text("The article is now published.")
    expect(state_of(page)).to_have_text("published")

    steps = timeline(page)
    expected = [
        "Rita Reporter created it",
        "Rita Reporter moved it from draft to in review",
        "Ed Editor moved it from in review to approved",
        "Ed Editor moved it from approved to published",
    ]
    for step in expected:
        assert any(step in line for line in steps), (step, steps)
    assert live_server.article(article_id)["state"] == "published"
    # Publishing left the review queue empty.
    page.get_by_role("link", name="My queue").click()
    expect(queue(page, "Review queue (oldest first)").locator(".empty")).to_have_text("Nothing is waiting for review.")


def test_request_changes_needs_a_comment_then_the_reporter_resubmits(newsroom, new_page):
    live_server = newsroom
    article_id = live_server.make_article("rita", headline="Heatwave closes schools")
    live_server.transition("rita", article_id, "in_review")

    page = new_page()
    log_in(page, live_server, "ed")
    page.goto(article_url(live_server, article_id))
    page.get_by_role("button", name="Request changes").click()
    error = page.locator(".flash-error")
    expect(error).to_have_text("Request changes needs a comment saying why.")
    expect(page.get_by_label("Note (kept on the timeline)")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Note (kept on the timeline)")).to_be_focused()
    shot(page, "request-changes-refused")
    expect(state_of(page)).to_have_text("in review")

    # Whitespace only is no comment either, and what was typed is still there afterwards.
    page.get_by_label("Note (kept on the timeline)").fill("   ")
    page.get_by_role("button", name="Request changes").click()
    expect(error).to_have_text("Request changes needs a comment saying why.")
    assert live_server.article(article_id)["state"] == "in_review"

    # A typed comment survives a refusal: here another editor approved the piece meanwhile.
    comment = page.get_by_label("Note (kept on the timeline)")
    comment.fill("Name the schools and the source of the temperature.")
    live_server.transition("eve", article_id, "approved")
    page.get_by_role("button", name="Request changes").click()
    expect(error).to_have_text("An article that is approved cannot be moved to changes requested.")
    expect(comment).to_have_value("Name the schools and the source of the temperature.")
    expect(state_of(page)).to_have_text("approved")
    comment.fill("")
    page.get_by_role("button", name="Reopen review").click()
    expect(state_of(page)).to_have_text("in review")

    page.get_by_label("Note (kept on the timeline)").fill("Name the schools and the source of the temperature.")
    page.get_by_role("button", name="Request changes").click()
    expect(page.locator(".flash")).to_have_text("Changes requested: the article is back with its author.")
    expect_refused(page, 422, times=2)
    expect_refused(page, 409)
    expect(state_of(page)).to_have_text("changes requested")
    expect(page.locator(".timeline blockquote")).to_have_text("Name the schools and the source of the temperature.")
    log_out(page)

    log_in(page, live_server, "rita")
    waiting = queue(page, "Changes requested on your pieces")
    expect(waiting.locator(".card")).to_have_count(1)
    waiting.get_by_role("link", name="Heatwave closes schools").click()
    page.get_by_role("link", name="Edit", exact=True).click()
    editor = body_editor(page)
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Ten schools closed, the weather service said.")
    page.get_by_label("Note on this revision (optional)").fill("Named the source")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".flash")).to_have_text("Saved.")
    page.get_by_role("link", name="← Back to the article").click()
    expect(page.locator(".article-view .body")).to_contain_text("Ten schools closed, the weather service said.")
    page.get_by_role("button", name="Resubmit").click()
    expect(state_of(page)).to_have_text("in review")
    steps = timeline(page)
    assert any("Rita Reporter moved it from changes requested to in review" in s for s in steps), steps
    assert any("Rita Reporter saved revision 2" in s for s in steps), steps
    log_out(page)

    log_in(page, live_server, "ed")
    expect(queue(page, "Review queue (oldest first)").get_by_role("link", name="Heatwave closes schools")).to_be_visible()


def test_no_lost_updates_between_two_people_editing_at_once(newsroom, new_page):
    live_server = newsroom
    article_id = live_server.make_article(
        "rita", headline="Floods close the coast road", body_html="<p>The road is shut.</p>"
    )
    rita, ed = new_page(), new_page()
    log_in(rita, live_server, "rita")
    rita.goto(article_url(live_server, article_id, "/edit"))
    expect(body_editor(rita)).to_have_text("The road is shut.")
    expect(rita.locator("#lock-banner")).to_be_hidden()

    log_in(ed, live_server, "ed")
    ed.goto(article_url(live_server, article_id))
    expect(ed.get_by_role("status").filter(has_text="is editing")).to_have_text(
        "Rita Reporter is editing this article now."
    )
    ed.get_by_role("link", name="Edit", exact=True).click()
    banner = ed.locator("#lock-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Rita Reporter is editing this article too")

    # Rita saves first.
    body_editor(rita).click()
    rita.keyboard.press("Control+End")
    rita.keyboard.type(" Police expect it to reopen on Friday.")
    rita.get_by_role("button", name="Save").click()
    expect(rita.locator(".flash")).to_have_text("Saved.")
    expect(rita.locator(".crumbs")).to_contain_text("version 2")

    # Ed, still on version 1, edits the headline and the body, and saves.
    ed.get_by_label("Headline").fill("Floods close the coast road for days")
    ed_editor = body_editor(ed)
    ed_editor.click()
    ed.keyboard.press("Control+End")
    ed.keyboard.press("Enter")
    ed.keyboard.type("Ed's paragraph about the detour.")
    ed.get_by_role("button", name="Save").click()

    conflict = ed.get_by_role("alert").filter(has_text="Not saved")
    expect(conflict.get_by_role("heading", level=2)).to_have_text(
        "Not saved: the article changed while you were editing"
    )
    expect(conflict.locator("ins")).to_contain_text(["Police expect it to reopen on Friday."])
    expect_refused(ed, 409)
    conflict.scroll_into_view_if_needed()
    shot(ed, "conflict")
    # Ed's unsaved text is all still there, in the editor and the form.
    expect(body_editor(ed)).to_contain_text("Ed's paragraph about the detour.")
    expect(ed.get_by_label("Headline")).to_have_value("Floods close the coast road for days")
    stored = live_server.article(article_id)
    assert stored["version"] == 2 and "detour" not in stored["body_html"]
    assert stored["headline"] == "Floods close the coast road"
    # Leaving now would lose that text: the browser asks first (and Ed stays).
    asked = []
    ed.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    ed.get_by_role("link", name="← Back to the article").click(no_wait_after=True)
    for _ in range(30):
        if asked:
            break
        ed.wait_for_timeout(100)
    assert asked == ["beforeunload"]
    expect(ed.get_by_role("heading", level=1)).to_have_text("Edit article")

    # Ed brings Rita's sentence in and saves again, deliberately on top of version 2.
    body_editor(ed).click()
    ed.keyboard.press("Control+Home")
    ed.keyboard.press("End")
    ed.keyboard.type(" Police expect it to reopen on Friday.")
    ed.get_by_role("button", name="Save").click()
    expect(ed.locator(".flash")).to_have_text("Saved.")
    stored = live_server.article(article_id)
    assert stored["version"] == 3
    assert stored["headline"] == "Floods close the coast road for days"
    assert stored["body_html"] == (
        "<p>The road is shut. Police expect it to reopen on Friday.</p><p>Ed's paragraph about the detour.</p>"
    )
    # Rita still has the editor open: Ed is still told. Once she leaves, the lock goes with her.
    expect(ed.locator("#lock-banner")).to_contain_text("Rita Reporter is editing this article too")
    rita.get_by_role("link", name="My queue").click()
    expect(rita.get_by_role("heading", level=1)).to_have_text("What needs you")
    for _ in range(10):  # the unlock is a beacon sent as her page goes: give it a moment
        ed.reload()
        expect(body_editor(ed)).to_contain_text("detour")
        if ed.locator("#lock-banner").is_hidden():
            break
        ed.wait_for_timeout(200)
    expect(ed.locator("#lock-banner")).to_be_hidden()


def test_history_compares_two_revisions_and_restores_an_old_one(newsroom, new_page):
    live_server = newsroom
    article_id = live_server.make_article("rita", headline="Port strike ends", body_html="<p>Dockers went back to work.</p>")
    live_server.save("rita", article_id, body_html="<p>Dockers went back to work on Monday.</p>")
    live_server.save("rita", article_id, headline="Port strike ends after a week",
                     body_html="<p>Most dockers went back to work on Monday.</p>")

    page = new_page()
    log_in(page, live_server, "rita")
    page.goto(article_url(live_server, article_id))
    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("History of “Port strike ends after a week”")
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("3 (current)")

    page.get_by_label("Compare from revision 1").check()
    page.get_by_label("Compare to revision 3").check()
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Revision 1 → revision 3")
    headline = page.locator("section.compare").filter(has=page.get_by_role("heading", name="Headline"))
    expect(headline.locator("ins")).to_have_text(["after a week"])
    body = page.locator("section.compare").filter(has=page.get_by_role("heading", name="Body"))
    expect(body.locator("ins")).to_have_text(["Most dockers", "on Monday"])
    expect(body.locator("del")).to_have_text(["Dockers"])
    expect(body).to_contain_text("Most dockers went back to work on Monday.")

    # Backwards, the same words are deletions.
    page.goto(article_url(live_server, article_id, "/compare?a=3&b=1"))
    expect(headline.locator("del")).to_have_text(["after a week"])
    expect(headline.locator("ins")).to_have_count(0)

    page.get_by_role("link", name="← History").click()
    page.get_by_role("link", name="Restore revision 1…").click()
    expect(page.locator("#restore-consequence")).to_contain_text("This makes a new revision, 4, with the text of revision 1")
    page.get_by_role("button", name="Restore revision 1").click()
    expect(page.locator(".flash")).to_have_text("Revision 1 restored as a new revision.")
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text("4 (current)")
    expect(rows.first).to_contain_text("Restored revision 1")
    stored = live_server.article(article_id)
    assert stored["version"] == 4
    assert stored["headline"] == "Port strike ends"
    assert stored["body_html"] == "<p>Dockers went back to work.</p>"
    # Nothing was lost: revision 3 is still there to compare with.
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Revision 3 → revision 4")


def test_importing_the_seed_page_by_upload_makes_a_draft(newsroom, new_page):
    live_server = newsroom
    page = new_page()
    log_in(page, live_server, "rita")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a draft")
    page.get_by_label("…or upload a file (.txt, .html)").set_input_files(str(SEED_PATH))
    page.get_by_label("Section").fill("Africa")
    page.get_by_role("button", name="Import as draft").click()

    expect(page.locator(".flash")).to_have_text("Imported as a draft. Nothing was removed: the checks will flag leftovers.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit article")
    body = body_editor(page)
    expect(body).to_contain_text("Mbeki edmond")
    expect(body).to_contain_text("profile photo.webp")
    first_line = SEED_PATH.read_text(encoding="utf-8").strip().splitlines()[0].strip()
    expect(page.get_by_label("Headline")).to_have_value(first_line)
    expect(page.locator(".crumbs .pill")).to_have_text("draft")

    page.get_by_role("link", name="My queue").click()
    drafts = queue(page, "Your drafts")
    expect(drafts.get_by_role("link", name=first_line)).to_be_visible()


def test_importing_the_seed_with_the_review_step_makes_a_clean_draft(newsroom, new_page):
    live_server = newsroom
    page = new_page()
    log_in(page, live_server, "rita")
    page.goto(live_server.url + "/articles/import")
    page.get_by_label("…or upload a file (.txt, .html)").set_input_files(str(SEED_PATH))
    page.get_by_role("button", name="Review what to take out").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Review the import")
    headline = "Mali cuts Diplomatic Ties with Ukraine Over Wagner Ambush Allegations and middling"
    expect(page.get_by_label("Headline", exact=True)).to_have_value(headline)
    expect(page.get_by_label("Byline", exact=True)).to_have_value("Mbeki edmond")
    expect(page.get_by_label("Dateline date", exact=True)).to_have_value("2024-08-04")
    expect(page.get_by_label("Section", exact=True)).to_have_value("Africa")
    expect(page.get_by_label(re.compile(r"^top of page"))).not_to_be_checked()
    page.get_by_label(re.compile(r"^profile photo\.webp")).check()  # put back: the reporter wants it
    page.get_by_role("button", name="Create the draft").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Edit article")
    expect(page.get_by_label("Headline")).to_have_value(headline)
    expect(page.get_by_label("Section")).to_have_value("Africa")
    expect(page.get_by_label("Dateline date")).to_have_value("2024-08-04")
    body = body_editor(page)
    expect(body).to_contain_text("By Mbeki edmond")
    expect(body).to_contain_text("profile photo.webp")
    for leftover in ("top of page", "| Foreign Relations", "bottom of page"):
        expect(body).not_to_contain_text(leftover)
    expect(body.locator("h2", has_text="Background and Clashes")).to_be_visible()


def test_log_in_with_the_keyboard_only(newsroom, new_page):
    live_server = newsroom
    page = new_page()
    page.goto(live_server.url + "/login")
    focused = "() => [document.activeElement.tagName, document.activeElement.id || document.activeElement.textContent]"
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == ["A", "Skip to content"]
    page.keyboard.press("Tab")  # the brand link
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == ["INPUT", "username"]
    page.keyboard.type("rita")
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == ["INPUT", "password"]
    page.keyboard.type(live_server.password("rita"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs you")
    # And on to writing: the skip link, then the main navigation, reach "Write" by Tab alone.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent") == "Write":
            break
    assert page.evaluate("() => document.activeElement.textContent") == "Write"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("New article")

    # Write and create a draft, then submit it, without the mouse.
    body_editor(page)
    tab_to(page, "Headline")
    page.keyboard.type("Written with the keyboard")
    tab_to(page, "Body")
    page.keyboard.type("Every control is reachable.")
    tab_to(page, "Create draft")
    page.keyboard.press("Enter")
    expect(page.locator(".flash")).to_have_text("Draft created.")
    tab_to(page, "← Back to the article")
    page.keyboard.press("Enter")
    expect(state_of(page)).to_have_text("draft")
    tab_to(page, "Submit for review")
    page.keyboard.press("Enter")
    expect(state_of(page)).to_have_text("in review")
    expect(page.locator(".article-view .body")).to_have_text("Every control is reachable.")


def tab_to(page, name: str, limit: int = 40) -> None:
    """Press Tab until the focused element is the one named `name` (its label, text or aria-label)."""
    accessible_name = """() => {
        const el = document.activeElement;
        const by = el.getAttribute('aria-labelledby');
        if (by) return document.getElementById(by).textContent.trim();
        if (el.labels && el.labels.length) return el.labels[0].textContent.trim();
        return (el.getAttribute('aria-label') || el.textContent || '').trim();
    }"""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(accessible_name))
        if seen[-1] == name:
            return
    pytest.fail(f"Tab never reached {name!r}; it went through {seen}")


@pytest.fixture
def busy_newsroom(newsroom, seed_text):
    """The demo newsroom, roughly: the seed page imported, and pieces in several states."""
    from editorial.services import articles

    live_server = newsroom
    live_server.make_user("ada", "admin", name="Ada Admin")
    live_server.make_user("fay", "fact_checker", name="Fay Factchecker")
    seed = live_server.run(
        lambda: articles.import_draft(
            live_server._user("rita"), seed_text, extra={"section": "Africa", "dateline_date": "2024-08-04"}
        ).id
    )
    live_server.save("rita", seed, standfirst="Bamako says Kyiv backed the rebels who ambushed Wagner fighters.",
                     tags="Mali, Ukraine, Wagner")
    live_server.transition("rita", seed, "in_review")
    for headline, state in [
        ("Heatwave closes schools across the region for a second week", "in_review"),
        ("Council votes to close the old bridge", "approved"),
        ("Port strike ends", "published"),
        ("Floods close the coast road", "changes_requested"),
    ]:
        article_id = live_server.make_article("rita", headline=headline, section="City")
        live_server.transition("rita", article_id, "in_review")
        if state == "approved" or state == "published":
            live_server.transition("ed", article_id, "approved")
        if state == "published":
            live_server.transition("ed", article_id, "published")
        if state == "changes_requested":
            live_server.transition("ed", article_id, "changes_requested", "Name the source, please.")
    live_server.make_article("rita", headline="A draft with no body yet", body_html="")
    return live_server, seed


PAGES = [
    # name, who, path ({seed} is the imported article)
    ("queue-editor", "ed", "/"),
    ("queue-reporter", "rita", "/"),
    ("board", "ed", "/board"),
    ("articles", "ed", "/articles"),
    ("article", "ed", "/articles/{seed}"),
    ("edit", "rita", "/articles/{seed}/edit"),
    ("history", "rita", "/articles/{seed}/history"),
    ("compare", "rita", "/articles/{seed}/compare?a=1&b=2"),
    ("inbox", "ed", "/inbox"),
    ("profile", "rita", "/profile"),
    ("people", "ada", "/admin/people"),
    ("import", "rita", "/articles/import"),
]


def test_main_pages_render_without_overflow_on_desktop_and_phone(busy_newsroom, new_page):
    """Screenshots of each main page into /tmp/shots/ (desktop and phone), and no sideways scrolling."""
    live_server, seed = busy_newsroom
    pages = {}
    for who in ("ed", "rita", "ada"):
        pages[who] = new_page()
        log_in(pages[who], live_server, who)
    for name, who, path in PAGES:
        page = pages[who]
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_server.url + path.format(seed=seed))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.mouse.move(0, 0)
        shot(page, f"{name}-desktop")
        assert_no_horizontal_scroll(page)
        page.set_viewport_size({"width": 390, "height": 844})
        shot(page, f"{name}-phone", full_page=False)
        assert_no_horizontal_scroll(page)
    page = new_page(390, 844)
    page.goto(live_server.url + "/login")
    shot(page, "login-phone")
    assert_no_horizontal_scroll(page)


def test_phone_article_and_edit_pages(busy_newsroom, new_page):
    live_server, seed = busy_newsroom
    page = new_page(390, 844)
    log_in(page, live_server, "ed")
    page.goto(article_url(live_server, seed))
    shot(page, "phone-article", full_page=False)
    assert_no_horizontal_scroll(page)
    approve = page.get_by_role("button", name="Approve")
    approve.scroll_into_view_if_needed()
    page.locator(".article-aside").screenshot(path=str(SHOTS / "phone-article-aside.png"))
    box = approve.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["height"] >= 40

    page.get_by_role("link", name="Edit", exact=True).click()
    editor = body_editor(page)
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Typed on a phone.")
    page.screenshot(path=str(SHOTS / "phone-edit-typing.png"))
    assert_no_horizontal_scroll(page)
    toolbar = page.get_by_role("toolbar").bounding_box()
    assert toolbar["x"] >= 0 and toolbar["x"] + toolbar["width"] <= 390
    save = page.get_by_role("button", name="Save")
    save.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "phone-edit-save.png"))
    shot(page, "phone-edit")
    save.click()
    expect(page.locator(".flash")).to_have_text("Saved.")
    assert "Typed on a phone." in live_server.article(seed)["body_html"]
