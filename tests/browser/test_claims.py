"""Claims in a real browser: a fact-checker selects words with the mouse and makes a claim, attaches a source
and verifies it; the claim follows its words through the reporter's edits in the real editor, goes to
needs_recheck when they change, and blocks publishing until it is verified again. Also: the panel's
status filter, a claim from a claim flag, and offsets after characters outside the BMP."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_journey import (
    article_url,
    assert_no_horizontal_scroll,
    body_editor,
    log_in,
    shot,
)

pytestmark = pytest.mark.browser

QUOTE = "ranges from 20 to 80"

# Where `words` are in the article body (its text nodes, whatever marks split them): the screen
# rectangles of their first and last character.
_WORDS_RECTS = """([root, words]) => {
  const scope = document.querySelector(root);
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  const nodes = []; let text = ""; let node;
  while ((node = walker.nextNode())) { nodes.push([node, text.length]); text += node.data; }
  const at = text.indexOf(words);
  if (at < 0) return null;
  function point(i) {
    for (let k = nodes.length - 1; k >= 0; k--) if (nodes[k][1] <= i) return [nodes[k][0], i - nodes[k][1]];
  }
  function rect(i) {
    const [n, o] = point(i); const r = document.createRange(); r.setStart(n, o); r.setEnd(n, o + 1);
    const b = r.getBoundingClientRect(); return {x: b.left, y: b.top, w: b.width, h: b.height};
  }
  return [rect(at), rect(at + words.length - 1)];
}"""


def select_with_mouse(page, words: str, root: str = "#article-body") -> None:
    """Drag the mouse from the first to the last character of `words`, as a person does."""
    page.locator(root).get_by_text(words.split()[0]).first.scroll_into_view_if_needed()
    rects = page.evaluate(_WORDS_RECTS, [root, words])
    assert rects, f"“{words}” is not on the page"
    first, last = rects
    page.mouse.move(first["x"] + 1, first["y"] + first["h"] / 2)
    page.mouse.down()
    page.mouse.move(last["x"] + last["w"] - 1, last["y"] + last["h"] / 2, steps=8)
    page.mouse.up()


def place_in_editor(page, words: str) -> None:
    """Select `words` inside the body editor (as a double-click or Shift+arrows would)."""
    page.evaluate(
        """(words) => {
          const area = document.querySelector('.rich-editor__area');
          const walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT); let node;
          while ((node = walker.nextNode())) {
            const at = node.data.indexOf(words);
            if (at >= 0) { area.focus(); getSelection().setBaseAndExtent(node, at, node, at + words.length); return; }
          }
          throw new Error('not in the editor: ' + words);
        }""",
        words,
    )


def verify_with_a_source(page, date_published: str = "") -> None:
    """On a claim's page: attach the Reuters report on the Wagner toll as a supporting news source, then give the
    claim the verdict "verified" with a reason, as a fact-checker does."""
    page.get_by_label("Web address (URL)").fill("https://www.reuters.com/world/africa/wagner-losses-mali")
    page.get_by_label("Title").fill("Wagner suffers heavy losses in Mali ambush")
    page.get_by_label("Publisher or outlet").fill("Reuters")
    if date_published:
        page.get_by_label("Date published").fill(date_published)
    page.get_by_label("Excerpt (what the source says)").fill("between 20 and 80 Wagner fighters were killed")
    page.get_by_label("Stance").select_option("supports")
    page.get_by_label("Kind of source").select_option("news")
    page.get_by_role("button", name="Attach source").click()
    expect(page.locator(".flash")).to_have_text("Source attached: Wagner suffers heavy losses in Mali ambush.")
    page.get_by_label("Status", exact=True).select_option("verified")
    page.get_by_label("Why (kept in the audit trail)").fill("Reuters and AFP give the same range")
    page.get_by_role("button", name="Save status").click()
    expect(page.locator(".flash")).to_have_text("The claim is now verified, rated “True”.")


def marked(page, selector: str = "mark.claim-mark") -> str:
    """The words under claim marks (a flag mark inside a claim's words splits it into pieces)."""
    page.locator(selector).first.wait_for()
    return page.evaluate("(sel) => Array.from(document.querySelectorAll(sel)).map(m => m.textContent).join('')",
                         selector)


def claim_item(page, summary: str):
    return page.locator("#claims li.claim").filter(has_text=summary)


@pytest.fixture
def newsroom(live_server, seed_text):
    live_server.make_user("rita", "reporter", name="Rita Reporter")
    live_server.make_user("ed", "editor", name="Ed Editor")
    live_server.make_user("fay", "fact_checker", name="Fay Checker")

    article_id = live_server.import_seed("rita", seed_text)
    live_server.transition("rita", article_id, "in_review")  # fact-checkers work on pieces in review
    return live_server, article_id


def _stored_claims(server, article_id: int) -> list[dict]:
    from editorial.services import claims, people
    from editorial.services.access import get_article

    def read():
        article = get_article(people.by_username("ed"), article_id)
        return [{"id": c.id, "exact": c.exact, "status": c.status.value, "anchor": c.anchor_state, "start": c.start,
                 "end": c.end} for c in claims.for_article(article)]

    return server.run(read)


def test_a_claim_survives_edits_goes_to_recheck_and_blocks_publishing(newsroom, new_page):
    server, article_id = newsroom
    fay = new_page()
    log_in(fay, server, "fay")
    fay.goto(article_url(server, article_id))

    # select the words with the mouse: the selection bar offers a claim
    select_with_mouse(fay, QUOTE)
    bar = fay.get_by_role("region", name="Selected words")
    expect(bar).to_be_visible()
    expect(bar).to_contain_text(f"“{QUOTE}”")
    bar.get_by_role("button", name="Create claim from selection").click()
    expect(fay.get_by_label("Words of the claim")).to_have_value(QUOTE)
    expect(fay.get_by_label("What is claimed (one line)")).to_be_focused()
    fay.keyboard.type("Wagner lost between 20 and 80 fighters")
    fay.get_by_role("button", name="Create claim", exact=True).click()
    expect(fay.locator(".flash")).to_have_text("Claim created: “Wagner lost between 20 and 80 fighters”.")

    stored = _stored_claims(server, article_id)
    assert [(c["exact"], c["status"]) for c in stored] == [(QUOTE, "unverified")]
    body = server.body_text(article_id)
    assert body[stored[0]["start"]:stored[0]["end"]] == QUOTE
    item = claim_item(fay, "Wagner lost between 20 and 80 fighters")
    expect(item.locator(".claim-pill")).to_have_text("Unverified")
    assert marked(fay, "mark.claim-mark.claim-unverified") == QUOTE
    expect(fay.locator("#readiness")).to_contain_text("Claim “Wagner lost between 20 and 80 fighters” is unverified.")

    # the claim page: a source, then the verdict with a reason
    item.get_by_role("link", name="Wagner lost between 20 and 80 fighters").click()
    expect(fay.get_by_role("heading", level=1)).to_contain_text("Wagner lost between 20 and 80 fighters")
    verify_with_a_source(fay, date_published="2024-07-29")
    expect(fay.locator(".timeline")).to_contain_text("Reuters and AFP give the same range")

    fay.get_by_role("link", name="Mali cuts ties with Ukraine").click()
    item = claim_item(fay, "Wagner lost between 20 and 80 fighters")
    expect(item.locator(".claim-pill")).to_have_text("Verified")
    expect(item.locator(".claim-sources")).to_contain_text("supports")
    expect(item.locator(".claim-sources")).to_contain_text("Wagner suffers heavy losses in Mali ambush")
    assert marked(fay, "mark.claim-mark.claim-verified") == QUOTE

    # the reporter edits another paragraph in the real editor: the claim stays on its words
    rita = new_page()
    log_in(rita, server, "rita")
    rita.goto(article_url(server, article_id, "/edit"))
    editor = body_editor(rita)
    expect(editor).to_contain_text("immediate termination")
    place_in_editor(rita, "immediate termination")
    rita.keyboard.type("abrupt end")
    rita.get_by_role("button", name="Save").click()
    expect(rita.locator(".flash")).to_have_text("Saved.")
    new_body = server.body_text(article_id)
    assert "abrupt end of diplomatic relations" in new_body and new_body != body

    fay.reload()
    [after] = _stored_claims(server, article_id)
    assert (after["exact"], after["status"]) == (QUOTE, "verified")
    assert new_body[after["start"]:after["end"]] == QUOTE and after["start"] != stored[0]["start"]
    expect(claim_item(fay, "Wagner lost between 20 and 80 fighters").locator(".claim-pill")).to_have_text("Verified")
    assert marked(fay, "mark.claim-mark") == QUOTE

    # the reporter changes the claim's own words: 80 → 90
    place_in_editor(rita, "to 80,")
    rita.keyboard.press("ArrowLeft")  # caret before "to 80,"
    for _ in range(3):
        rita.keyboard.press("ArrowRight")
    rita.keyboard.press("Shift+ArrowRight")
    rita.keyboard.press("Shift+ArrowRight")
    rita.keyboard.type("90")
    rita.get_by_role("button", name="Save").click()
    expect(rita.locator(".flash")).to_have_text("Saved.")
    assert "ranges from 20 to 90, marking" in server.body_text(article_id)

    ed = new_page()
    log_in(ed, server, "ed")
    ed.goto(article_url(server, article_id))
    item = claim_item(ed, "Wagner lost between 20 and 80 fighters")
    expect(item.locator(".claim-pill")).to_have_text("Needs recheck")
    expect(item.locator(".rewording del")).to_have_text(QUOTE)
    expect(item.locator(".rewording ins")).to_have_text("ranges from 20 to 90")
    assert marked(ed, "mark.claim-mark.claim-needs_recheck") == "ranges from 20 to 90"
    expect(ed.locator(".timeline")).to_contain_text("(after an edit) marked claim")
    ed.get_by_role("tab", name="Claims").click()  # the seed's copy-desk flags are the first tab
    item.scroll_into_view_if_needed()
    shot(ed, "claims-needs-recheck", full_page=False)

    # only this claim may block: everything else on the copy desk is set aside
    assert server.dismiss_open_flags("ed", article_id, "Set aside for this test") > 0  # only claims block now
    ed.get_by_role("button", name="Approve").click()
    expect(ed.locator(".flash")).to_have_text("The article is now approved.")
    blockers = ed.locator("#readiness .blockers li")
    expect(blockers).to_have_count(1)
    expect(blockers).to_have_text("Claim “Wagner lost between 20 and 80 fighters” needs a recheck: its words changed after the verdict.")
    ed.get_by_role("button", name="Publish").click()
    expect(ed.locator(".flash")).to_have_text(
        "This article cannot be published yet: Claim “Wagner lost between 20 and 80 fighters” needs a recheck: its words changed after the verdict.")
    expect(ed.locator(".article-view .meta .pill")).to_have_text("approved")
    blockers.get_by_role("link").click()  # the refusal's link leads to the claim
    expect(item).to_be_focused()

    # re-verified, it no longer blocks, and the editor publishes
    fay.goto(article_url(server, article_id))
    claim_item(fay, "Wagner lost between 20 and 80 fighters").get_by_role("link").first.click()
    shot(fay, "claims-claim-page")
    fay.get_by_label("Status", exact=True).select_option("verified")
    fay.get_by_label("Why (kept in the audit trail)").fill("AFP now reports up to 90")
    fay.get_by_role("button", name="Save status").click()
    expect(fay.locator(".flash")).to_have_text("The claim is now verified, rated “True”.")

    ed.reload()
    expect(ed.locator("#readiness")).to_contain_text("Nothing blocks publishing.")
    ed.get_by_role("button", name="Publish").click()
    expect(ed.locator(".flash")).to_have_text("The article is now published.")


def test_the_claim_panel_filters_by_status_and_points_at_the_words(newsroom, new_page):
    server, article_id = newsroom

    def make_claims():
        from editorial.services import claims, people
        from editorial.services.access import get_article

        fay = people.by_username("fay")
        text = get_article(fay, article_id).body_text
        made = {}
        for words, status in (("ranges from 20 to 80", "verified"), ("84 Wagner mercenaries", "disputed"),
                              ("47 Malian soldiers", None)):
            start = text.index(words)
            claim = claims.create(fay, article_id, start=start, end=start + len(words))
            if status:
                claims.update(fay, claim.id, status=status)
            made[words] = claim.id
        return made

    made = server.run(make_claims)
    page = new_page()
    log_in(page, server, "fay")
    page.goto(article_url(server, article_id))
    items = page.locator("#claims li.claim")
    expect(items).to_have_count(3)
    expect(items.locator(".claim-pill")).to_have_text(["Verified", "Disputed", "Unverified"])  # text order
    assert marked(page, "mark.claim-mark.claim-disputed") == "84 Wagner mercenaries"

    page.get_by_role("tab", name="Claims").click()  # the seed's copy-desk flags are the first tab
    page.get_by_label("Show claims").select_option(label="Verified (1)")
    expect(page.locator("#claims li.claim:visible")).to_have_count(1)
    expect(page.locator("#claims li.claim:visible")).to_contain_text("ranges from 20 to 80")
    expect(page.locator("#claim-filter-status")).to_have_text("1 of 3 claims shown (Verified)")
    page.get_by_label("Show claims").select_option(label="Unverified (1)")
    expect(page.locator("#claims li.claim:visible")).to_have_count(1)
    expect(page.locator("#claims li.claim:visible")).to_contain_text("47 Malian soldiers")
    page.get_by_label("Show claims").select_option(label="All (3)")
    expect(page.locator("#claims li.claim:visible")).to_have_count(3)

    # the quote in the panel leads to the words; the words lead back to the claim
    page.get_by_role("button", name="Show in the text: 84 Wagner mercenaries").click()
    assert marked(page, "mark.claim-mark.pulse") == "84 Wagner mercenaries"
    page.locator("mark.claim-mark", has_text="47 Malian soldiers").click()
    expect(page.locator(f"#claim-{made['47 Malian soldiers']}")).to_be_focused()

    for width, name in ((1280, "claims-desktop"), (390, "claims-phone")):
        page.set_viewport_size({"width": width, "height": 900})
        assert_no_horizontal_scroll(page)
        if width < 1100:
            page.get_by_role("tab", name="Claims").click()  # on a phone the cards open from the bar at the bottom
        page.locator("#claims").scroll_into_view_if_needed()
        shot(page, name + "-panel", full_page=False)
        page.keyboard.press("Escape")
        page.locator("mark.claim-mark").first.scroll_into_view_if_needed()
        shot(page, name + "-text", full_page=False)

    page.goto(f"{server.url}/claims/{made['84 Wagner mercenaries']}")  # the claim page on a phone
    assert_no_horizontal_scroll(page)
    shot(page, "claims-claim-page-phone")


def test_make_it_a_claim_from_a_claim_flag(newsroom, new_page):
    server, article_id = newsroom
    page = new_page()
    log_in(page, server, "fay")
    page.goto(article_url(server, article_id))
    statement = page.locator("#readiness li", has_text="Statement to check: “Tuareg separatists claimed")
    expect(statement).to_have_count(1)
    statement.get_by_role("link").click()  # to the flag in the copy-desk panel
    flag = page.locator("li.flag", has_text="Tuareg separatists claimed to have killed").first
    expect(flag).to_be_focused()
    page.evaluate("window.noReload = true")
    flag.get_by_role("button", name="Make it a claim").first.click()  # in place (triage.js), no reload
    expect(page.locator("#triage-status")).to_contain_text("Claim created: “Tuareg separatists claimed")
    expect(page.locator("#claims li.claim")).to_have_count(1)
    expect(page.locator("#claims li.claim .claim-pill")).to_have_text("Unverified")
    expect(page.locator("#readiness")).not_to_contain_text("Statement to check: “Tuareg separatists claimed")
    expect(page.locator("#readiness")).to_contain_text("Claim “Tuareg separatists claimed")
    expect(page.locator("li.flag", has_text="Tuareg separatists claimed to have killed").first).to_contain_text(
        "A claim covers these words.")
    assert marked(page) == "Tuareg separatists claimed to have killed 84 Wagner mercenaries and 47 Malian soldiers."
    assert page.evaluate("window.noReload") is True
    page.reload()  # and so it stays
    expect(page.locator("#claims li.claim .claim-pill")).to_have_text("Unverified")
    assert marked(page) == "Tuareg separatists claimed to have killed 84 Wagner mercenaries and 47 Malian soldiers."


def test_offsets_after_characters_outside_the_bmp_and_the_quote_field_by_keyboard(live_server, new_page):
    live_server.make_user("rita", "reporter")
    live_server.make_user("ed", "editor")
    article_id = live_server.make_article(
        "rita", body_html="<p>𝔐ali 🇲🇱 report 😀: Wagner lost 80 fighters near Tinzaouaten.</p><p>Officials 😀 said 80.</p>")
    page = new_page()
    log_in(page, live_server, "ed")
    page.goto(article_url(live_server, article_id))
    select_with_mouse(page, "80 fighters")
    page.get_by_role("button", name="Create claim from selection").click()
    expect(page.get_by_label("Words of the claim")).to_have_value("80 fighters")
    page.get_by_role("button", name="Create claim", exact=True).click()
    expect(page.locator(".flash")).to_have_text("Claim created: “80 fighters”.")
    [claim] = _stored_claims(live_server, article_id)
    assert live_server.body_text(article_id)[claim["start"]:claim["end"]] == "80 fighters"
    assert marked(page, "mark.claim-mark") == "80 fighters"

    # the keyboard path: type the words in the quote field
    page.get_by_label("Words of the claim").focus()
    page.keyboard.type("Officials 😀 said 80")
    page.keyboard.press("Tab")
    page.keyboard.type("What officials said")
    page.keyboard.press("Enter")
    expect(page.locator(".flash")).to_have_text("Claim created: “What officials said”.")
    assert marked(page) == "80 fighters" + "Officials 😀 said 80"  # both claims, in text order


def test_an_orphaned_claim_is_reattached_to_selected_words(newsroom, new_page):
    server, article_id = newsroom

    def orphan():
        from editorial.services import articles, claims, people
        from editorial.services.access import get_article

        fay = people.by_username("fay")
        article = get_article(fay, article_id)
        start = article.body_text.index(QUOTE)
        claim = claims.create(fay, article_id, start=start, end=start + len(QUOTE), summary="Death toll range")
        body = article.body_html.replace("death toll ranges from 20 to 80, marking their heaviest losses", "toll")
        articles.save(people.by_username("rita"), article_id, {"body_html": body}, base_version=article.version)
        return claim.id

    claim_id = server.run(orphan)
    page = new_page()
    log_in(page, server, "fay")
    page.goto(article_url(server, article_id))
    item = page.locator(f"#claim-{claim_id}")
    expect(item).to_contain_text(f"Last seen as “{QUOTE}”")
    expect(page.locator("mark.claim-mark")).to_have_count(0)  # never drawn on other words
    page.get_by_role("tab", name="Claims").click()  # the seed's copy-desk flags are the first tab

    item.get_by_role("button", name="Re-attach to the selected words").click()  # nothing selected yet
    expect(item.get_by_role("alert")).to_have_text("Select the words in the article first, then press this button.")

    select_with_mouse(page, "since their involvement began two years ago")
    item.get_by_role("button", name="Re-attach to the selected words").click()
    expect(page.locator(".flash")).to_have_text("Claim re-attached to the selected words.")
    [claim] = _stored_claims(server, article_id)
    assert (claim["exact"], claim["anchor"]) == ("since their involvement began two years ago", "anchored")
    assert marked(page) == "since their involvement began two years ago"
    expect(page.locator(".timeline")).to_contain_text("re-attached claim")


def test_a_claim_from_a_keyboard_selection_with_caret_browsing(live_server, browser):
    """Shift+arrow keys select words when caret browsing is on (F7); Tab reaches the selection bar."""
    from tests.browser.conftest import CHROMIUM_ARGS, CHROMIUM_PATH

    live_server.make_user("rita", "reporter")
    live_server.make_user("ed", "editor")
    article_id = live_server.make_article("rita", body_html="<p>Officials said 80 fighters died near Tinzaouaten.</p>")
    caret = browser.browser_type.launch(executable_path=CHROMIUM_PATH,
                                        args=[*CHROMIUM_ARGS, "--enable-caret-browsing"])
    errors: list[str] = []
    try:
        page = caret.new_page()
        page.set_default_timeout(5_000)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        log_in(page, live_server, "ed")
        page.goto(article_url(live_server, article_id))
        first, _ = page.evaluate(_WORDS_RECTS, ["#article-body", "80 fighters"])
        page.mouse.click(first["x"] + 1, first["y"] + first["h"] / 2)  # the caret before "80"
        for _ in range(len("80 fighters")):
            page.keyboard.press("Shift+ArrowRight")
        bar = page.get_by_role("region", name="Selected words")
        expect(bar).to_contain_text("“80 fighters”")
        page.keyboard.press("Tab")  # the bar's buttons come next in tab order: comment first, then claim
        expect(bar.get_by_role("button", name="Comment on selection")).to_be_focused()
        page.keyboard.press("Tab")
        expect(bar.get_by_role("button", name="Create claim from selection")).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.get_by_label("Words of the claim")).to_have_value("80 fighters")
        page.keyboard.type("Eighty fighters died")
        page.keyboard.press("Enter")
        expect(page.locator(".flash")).to_have_text("Claim created: “Eighty fighters died”.")
        assert marked(page) == "80 fighters"
    finally:
        caret.close()
    assert errors == []
