"""The WYSIWYG body editor (static/js/rich-editor.js on vendored Squire) in a real Chromium.

The harness page is served from the project root by a throwaway http.server that sends the app's
strict Content-Security-Policy, so an inline script, eval or inline style would surface as a console
error and fail the test (see the `page` fixture in conftest.py).
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
HARNESS = "tests/browser/rich_editor_harness.html"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SCREENSHOT = "/tmp/rich-editor.png"


class _StaticHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


@pytest.fixture(scope="module")
def harness_url() -> Iterator[str]:
    handler = functools.partial(_StaticHandler, directory=str(ROOT))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{HARNESS}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def body_value(page) -> str:
    return page.locator("textarea#body").input_value()


def select_back(page, characters: int) -> None:
    for _ in range(characters):
        page.keyboard.press("Shift+ArrowLeft")


def toolbar_button(page, name: str):
    return page.get_by_role("toolbar").get_by_role("button", name=name, exact=True)


def test_editor_replaces_textarea_and_is_labelled(page, harness_url):
    page.goto(harness_url)
    editor = page.get_by_role("textbox", name="Body")
    assert editor.get_attribute("contenteditable") == "true"
    assert editor.get_attribute("aria-multiline") == "true"
    assert page.get_by_label("Body").evaluate("el => el === document.querySelector('[role=textbox]')")
    assert page.locator("textarea#body").is_hidden()
    assert page.locator("textarea#body").evaluate("el => el.form.id") == "article"
    assert editor.inner_text().strip() == "Existing first paragraph."
    names = (
        page.get_by_role("toolbar")
        .get_by_role("button")
        .evaluate_all(
            "els => els.map(b => [b.type, b.getAttribute('aria-label'), b.getAttribute('aria-pressed')])"
        )
    )
    assert [name for _, name, _ in names] == [
        "Paragraph",
        "H2 heading",
        "H3 heading",
        "Bold",
        "Italic",
        "Link",
        "Block quote",
        "Bulleted list",
        "1. List, numbered",
    ]
    assert {kind for kind, _, _ in names} == {"button"}
    assert all(pressed in {"true", "false"} for _, _, pressed in names)
    # Mounting does not rewrite the field or fire a spurious change.
    assert body_value(page) == "<p>Existing first paragraph.</p>"
    assert page.locator("#input-count").inner_text() == "0"


def test_formatting_ends_up_as_semantic_html_in_the_textarea(page, harness_url):
    page.goto(harness_url)
    editor = page.get_by_role("textbox", name="Body")
    editor.click()
    page.keyboard.press("Control+End")

    # Heading 2 from the toolbar.
    page.keyboard.press("Enter")
    page.keyboard.type("Subhead here")
    toolbar_button(page, "H2 heading").click()
    expect(toolbar_button(page, "H2 heading")).to_have_attribute("aria-pressed", "true")

    # A new paragraph after a heading; one word bold from the toolbar, one with Ctrl+B.
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    toolbar_button(page, "Paragraph").click()
    page.keyboard.type("The vote was close today and")
    page.keyboard.press("Home")
    for _ in range(len("The vote was ")):
        page.keyboard.press("ArrowRight")
    for _ in range(len("close")):
        page.keyboard.press("Shift+ArrowRight")
    toolbar_button(page, "Bold").click()
    expect(toolbar_button(page, "Bold")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("End")
    expect(toolbar_button(page, "Bold")).to_have_attribute("aria-pressed", "false")
    page.keyboard.type(" ")
    page.keyboard.press("Control+b")
    page.keyboard.type("final")
    page.keyboard.press("Control+b")
    page.keyboard.type(".")

    # A link: an unsafe address is refused, an https one is applied.
    page.keyboard.press("Enter")
    page.keyboard.type("Read the report")
    select_back(page, len("report"))
    toolbar_button(page, "Link").click()
    link_input = page.get_by_label("Link address")
    link_input.fill("javascript:alert(1)")
    link_input.press("Enter")
    assert page.get_by_role("alert").inner_text().startswith("Use a full address")
    assert "javascript" not in body_value(page)
    link_input.fill("https://example.org/report")
    link_input.press("Enter")
    assert link_input.is_hidden()
    page.keyboard.press("End")
    page.keyboard.type(".")

    # A block quote, then leave it for a plain paragraph.
    page.keyboard.press("Enter")
    page.keyboard.type("A quoted line")
    toolbar_button(page, "Block quote").click()
    expect(toolbar_button(page, "Block quote")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    toolbar_button(page, "Block quote").click()

    # A bulleted list, then a numbered one.
    page.keyboard.type("First item")
    toolbar_button(page, "Bulleted list").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("Second item")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty item leaves the list
    page.keyboard.type("One")
    toolbar_button(page, "1. List, numbered").click()
    expect(toolbar_button(page, "1. List, numbered")).to_have_attribute("aria-pressed", "true")

    expected = (
        "<p>Existing first paragraph.</p>"
        "<h2>Subhead here</h2>"
        "<p>The vote was <strong>close</strong> today and <strong>final</strong>.</p>"
        '<p>Read the <a href="https://example.org/report">report</a>.</p>'
        "<blockquote><p>A quoted line</p></blockquote>"
        "<ul><li>First item</li><li>Second item</li></ul>"
        "<ol><li>One</li></ol>"
    )
    expect(page.locator("textarea#body")).to_have_value(expected)
    assert int(page.locator("#input-count").inner_text()) > 10

    editor.evaluate("el => el.blur()")
    page.screenshot(path=SCREENSHOT, full_page=True)


def test_toolbar_is_one_tab_stop_with_arrow_keys(page, harness_url):
    page.goto(harness_url)
    page.get_by_label("Headline").focus()
    page.keyboard.press("Tab")
    focused = "() => document.activeElement.getAttribute('aria-label')"
    assert page.evaluate(focused) == "Paragraph"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate(focused) == "Bold"
    page.keyboard.press("End")
    assert page.evaluate(focused) == "1. List, numbered"
    page.keyboard.press("Home")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('role')") == "textbox"
    # Italic from the keyboard: select a word, Shift+Tab back to the toolbar, arrow to Italic, Enter.
    page.keyboard.press("Control+End")
    select_back(page, len("paragraph."))
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Home")
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    assert page.evaluate(focused) == "Italic"
    page.keyboard.press("Enter")
    assert body_value(page) == "<p>Existing first <em>paragraph.</em></p>"


def test_pasted_html_is_reduced_to_the_allow_list(page, harness_url):
    page.goto(harness_url)
    editor = page.get_by_role("textbox", name="Body")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    editor.evaluate(
        """(el) => {
            const data = new DataTransfer();
            data.setData('text/html',
              '<div class="x" onclick="alert(1)"><h1 style="color:red">Big news</h1>' +
              '<script>window.pwned = 1<\\/script><img src="x" onerror="window.pwned = 2">' +
              '<p>See <a href="javascript:alert(1)">this</a> and <a href="https://ok.example/">that</a>' +
              ' <b>now</b>.</p></div>');
            data.setData('text/plain', 'Big news');
            el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
        }"""
    )
    page.wait_for_function("() => document.querySelector('#body').value.includes('Big news')")
    value = body_value(page)
    assert "<h2>Big news</h2>" in value
    assert '<a href="https://ok.example/">that</a>' in value
    assert "<strong>now</strong>" in value
    for unsafe in ("script", "onerror", "onclick", "javascript", "style=", "<img", "<div", "class="):
        assert unsafe not in value
    assert page.evaluate("() => window.pwned") is None


def test_without_javascript_the_plain_textarea_is_the_editor(browser, harness_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(harness_url)
        textarea = page.get_by_label("Body")
        assert textarea.evaluate("el => el.tagName") == "TEXTAREA"
        assert textarea.is_visible()
        assert textarea.input_value() == "<p>Existing first paragraph.</p>"
        assert page.get_by_role("toolbar").count() == 0
    finally:
        context.close()


def test_phone_layout_wraps_the_toolbar(page, harness_url):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(harness_url)
    toolbar = page.get_by_role("toolbar").bounding_box()
    assert toolbar["width"] <= 375
    for button in page.get_by_role("toolbar").get_by_role("button").all():
        box = button.bounding_box()
        assert box["x"] + box["width"] <= 375
        assert box["height"] >= 40
    page.screenshot(path="/tmp/rich-editor-phone.png", full_page=True)
