"""Triage at keyboard speed in a real browser: a fact-checker clears every statement flag of the seed article
with at most two key presses each (c, or d then a preset's number), without a reload; undo; a group dismissed
at once; a flag dismissed from the editor."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_journey import article_url, expect_refused, log_in

pytestmark = pytest.mark.browser

DONE = re.compile(r"\b(dismissed|is-claimed)\b")


@pytest.fixture
def in_review(live_server, seed_text):
    live_server.make_user("rita", "reporter", name="Rita Reporter")
    live_server.make_user("fay", "fact_checker", name="Fay Checker")
    live_server.make_user("ed", "editor", name="Ed Editor")
    article_id = live_server.import_seed("rita", seed_text)
    live_server.transition("rita", article_id, "in_review")
    return live_server, article_id


def _state(server, article_id):
    from editorial.database import db
    from editorial.models import Article, Claim, FlagDismissal
    from editorial.services import triage

    def read():
        article = db.session.get(Article, article_id)
        state = triage.panel_state(article)
        statements = [k for k in state["flags"] if "-claim." in k]
        return {
            "unresolved": [k for k in statements if state["flags"][k]["unresolved"]],
            "dismissals": {d.exact: d.reason for d in FlagDismissal.query.filter_by(article_id=article_id)},
            "claims": [(c.exact, c.closed_at is None) for c in Claim.query.filter_by(article_id=article_id)],
            "statements": statements,
            "open": state["open"],
        }

    return server.run(read)


def _focused_key(page) -> str:
    return page.evaluate("document.activeElement.closest('#triage-list > li') ? "
                         "document.activeElement.closest('#triage-list > li').dataset.key : ''")


def test_a_fact_checker_triages_every_statement_flag_in_two_key_presses_each(in_review, page):
    server, article_id = in_review
    before = _state(server, article_id)
    assert len(before["unresolved"]) >= 10  # the seed's statements to check
    log_in(page, server, "fay")
    page.goto(article_url(server, article_id))
    page.evaluate("window.triageMarker = 'no reload'")
    expect(page.locator("#triage-hint")).to_have_text("Keyboard: j/k move, c claim, d dismiss (then 1–3 for a reason), u undo")
    items = page.locator("#triage-list > li.flag")
    total = items.count()
    status = page.locator("#triage-status")

    presses, per_flag, triaged = 0, [], 0
    page.keyboard.press("j")  # into the list: the first open flag
    presses += 1
    flag_presses = 1
    while True:
        key = _focused_key(page)
        assert key, "the focus is on a flag of the list"
        item = page.locator(f'[id="flag-{key}"]')
        if item.get_attribute("class") and DONE.search(item.get_attribute("class")):
            break  # the focus came back to a triaged flag: nothing is open
        if triaged % 3 == 0:
            page.keyboard.press("c")
            flag_presses += 1
        else:
            page.keyboard.press("d")
            expect(page.locator(".dismiss-picker")).to_be_focused()
            page.keyboard.press(str(1 + triaged % 3))
            flag_presses += 2
        expect(item).to_have_class(DONE)
        per_flag.append(flag_presses)
        presses += flag_presses
        flag_presses = 0
        triaged += 1
        if page.locator("#triage-list > li.flag:not(.dismissed):not(.is-claimed)").count() == 0:
            break
    assert max(per_flag) <= 2, per_flag
    assert presses <= 2 * total
    expect(status).to_contain_text("Every statement is triaged.")
    expect(page.locator("#triage-list > li.flag:not(.dismissed):not(.is-claimed)")).to_have_count(0)
    assert page.evaluate("window.triageMarker") == "no reload"

    after = _state(server, article_id)
    print(f"{triaged} of {total} statement flags triaged by key, presses per flag: {per_flag}")
    assert triaged >= len(before["unresolved"]) - 3  # a claim may also cover a figure flagged inside its words
    expect(page.locator("#flags-count")).to_have_text(re.compile(rf"^{after['open']} open\b"))
    assert after["open"] == before["open"] - len(after["dismissals"])
    assert after["unresolved"] == []
    assert set(after["dismissals"].values()) <= {"not check-worthy", "opinion", "attributed and sourced in the text"}
    assert len(after["dismissals"]) + sum(1 for _, live in after["claims"] if live) == triaged
    assert all(live for _, live in after["claims"])
    # the checklist no longer lists any statement to check
    expect(page.locator("#readiness li:visible", has_text="Statement to check")).to_have_count(0)

    # u takes back the last step: that flag is open again, here and in the database
    last = _focused_key(page)
    undo = page.locator("#triage-undo")
    expect(undo).to_be_visible()
    page.keyboard.press("u")
    expect(status).to_contain_text("undone")
    expect(undo).to_be_hidden()
    reopened = page.locator("#triage-list > li.flag:not(.dismissed):not(.is-claimed)")
    expect(reopened).to_have_count(1)
    assert len(_state(server, article_id)["unresolved"]) == 1
    assert _focused_key(page) == reopened.get_attribute("data-key") == last
    assert page.evaluate("window.triageMarker") == "no reload"


def test_typing_in_a_field_never_triggers_the_keys_and_escape_cancels(in_review, page):
    server, article_id = in_review
    log_in(page, server, "fay")
    page.goto(article_url(server, article_id))
    first = page.locator("#triage-list > li.flag").first
    first.locator("summary", has_text="Dismiss…").click()
    field = first.get_by_label("Why can this stay?")
    field.fill("")
    field.type("jkcdu")  # letters typed into a field are text, not commands
    expect(field).to_have_value("jkcdu")
    expect(page.locator(".dismiss-picker")).to_have_count(0)
    first.focus()
    page.keyboard.press("d")
    expect(page.locator(".dismiss-picker")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(".dismiss-picker")).to_have_count(0)
    expect(first).to_be_focused()
    # a reason of one's own: start typing, Enter
    page.keyboard.press("d")
    page.keyboard.type("Background, not a claim")
    page.keyboard.press("Enter")
    expect(first).to_have_class(DONE)
    expect(first.locator(".dismissal")).to_have_text("Dismissed by Fay Checker: Background, not a claim")
    assert "Background, not a claim" in _state(server, article_id)["dismissals"].values()


def test_a_group_is_dismissed_at_once_and_undone_with_the_button(in_review, page):
    server, article_id = in_review
    log_in(page, server, "fay")
    page.goto(article_url(server, article_id))
    page.evaluate("window.triageMarker = 'no reload'")
    dated = page.locator('#triage-list > li.flag[data-group-label="event date"]')
    expect(dated).to_have_count(2)
    page.get_by_label("Dismiss all 2 “event date” notes as").select_option("not check-worthy")
    page.get_by_role("button", name="Dismiss all 2 “event date” notes").click()
    expect(page.locator("#triage-status")).to_contain_text("2 flags dismissed: “not check-worthy”.")
    expect(dated.nth(0)).to_have_class(DONE)
    expect(dated.nth(1)).to_have_class(DONE)
    expect(page.locator("form.bulk-dismiss[data-group='claim.statement:event date']")).to_be_hidden()
    assert sorted(_state(server, article_id)["dismissals"].values()) == ["not check-worthy"] * 2

    page.get_by_role("button", name="Undo the 2 dismissals").click()
    expect(page.locator("#triage-status")).to_contain_text("2 dismissals undone")
    expect(dated.nth(0)).not_to_have_class(DONE)
    expect(page.locator("form.bulk-dismiss[data-group='claim.statement:event date']")).to_be_visible()
    assert _state(server, article_id)["dismissals"] == {}
    assert page.evaluate("window.triageMarker") == "no reload"


def test_an_editor_dismisses_and_claims_a_flag_from_the_editor(in_review, page):
    server, article_id = in_review
    log_in(page, server, "ed")
    page.goto(article_url(server, article_id, "/edit"))
    panel = page.locator("#live-flags")
    statement = panel.locator("li.flag", has_text="Check this statement: causation.")
    expect(statement).to_have_count(1, timeout=8000)
    statement.get_by_role("button", name=re.compile("^Dismiss…")).click()
    expect(page.locator(".dismiss-picker")).to_be_focused()
    page.keyboard.press("2")
    expect(panel.locator(".live-status")).to_contain_text("Dismissed: “opinion”.")
    expect(panel.locator("li.flag.dismissed", has_text="causation")).to_contain_text("Dismissed by Ed Editor: opinion")
    dated = panel.locator("li.flag", has_text="Check this statement: event date.").first
    dated.get_by_role("button", name=re.compile("^Make it a claim")).click()
    expect(panel.locator(".live-status")).to_contain_text("Claim created")
    state = _state(server, article_id)
    assert list(state["dismissals"].values()) == ["opinion"] and len(state["claims"]) == 1


def test_a_claim_made_by_key_shows_in_the_claim_panel_and_checklist_and_undo_takes_it_back(in_review, page):
    server, article_id = in_review
    log_in(page, server, "fay")
    page.goto(article_url(server, article_id))
    page.evaluate("window.triageMarker = 'no reload'")
    page.keyboard.press("j")
    key = _focused_key(page)
    item = page.locator(f'[id="flag-{key}"]')
    quote = item.locator("input[name=exact]").first.get_attribute("value")
    page.keyboard.press("c")
    expect(item).to_have_class(DONE)
    expect(item.locator("p.claimed")).to_be_visible()
    card = page.locator("#claims li.claim")
    expect(card).to_have_count(1)
    expect(card.locator(".claim-pill")).to_have_text("Unverified")
    expect(page.locator("#ready-claims")).to_contain_text(f"Claim “{quote[:40]}")
    expect(page.locator("#ready-claims")).not_to_contain_text(f"Statement to check: “{quote[:40]}")
    assert page.evaluate("document.querySelectorAll('mark.claim-mark').length") >= 1

    page.keyboard.press("u")
    expect(page.locator("#triage-status")).to_contain_text("Claim undone")
    expect(card).to_have_count(0)
    assert page.evaluate("document.querySelectorAll('mark.claim-mark').length") == 0
    expect(item).not_to_have_class(DONE)
    expect(item.locator("form.make-claim")).to_be_visible()
    expect(page.locator("#ready-claims")).to_contain_text(f"Statement to check: “{quote[:40]}")
    expect(item).to_be_focused()
    state = _state(server, article_id)
    assert state["claims"] == [(quote, False)] and key in state["unresolved"]
    assert page.evaluate("window.triageMarker") == "no reload"


def test_the_editor_says_clearly_when_the_saved_text_changed_meanwhile(in_review, page):
    server, article_id = in_review
    log_in(page, server, "ed")
    page.goto(article_url(server, article_id, "/edit"))
    panel = page.locator("#live-flags")
    statement = panel.locator("li.flag", has_text="Check this statement: causation.")
    expect(statement).to_have_count(1, timeout=8000)
    body = server.article(article_id)["body_html"]
    server.save("ed", article_id, body_html=body.replace("significant casualties", "heavy casualties"))
    statement.get_by_role("button", name=re.compile("^Dismiss…")).click()
    page.keyboard.press("1")
    expect(panel.locator(".live-status")).to_contain_text(
        "The saved text changed since these flags were checked (it is at version 2 now): nothing was changed.")
    expect_refused(page, 409)
    assert _state(server, article_id)["dismissals"] == {}
