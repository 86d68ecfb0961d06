"""Fixtures for real-browser tests: Debian's Chromium driven by Playwright for Python.

- `browser`: one Chromium per test session, launched from CHROMIUM_PATH (default /usr/bin/chromium).
  When it is missing the tests are skipped, unless EDITORIAL_REQUIRE_BROWSER=1 (CI), then they fail.
- `page`: a fresh context and page per test. Console errors, uncaught page errors and CSP violations
  are collected in `page.console_errors`; any left at the end of the test fail it. A test that expects
  one removes it from the list. On failure a screenshot goes to tests/browser/artifacts/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"


def _require_browser() -> bool:
    # Same convention as EDITORIAL_REQUIRE_POSTGRES in tests/conftest.py.
    return os.environ.get("EDITORIAL_REQUIRE_BROWSER", "").lower() not in ("", "0", "false", "no")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM_PATH).exists():
        message = f"no Chromium at {CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)"
        if _require_browser():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(5_000)
    errors: list[str] = []
    page.console_errors = errors

    def on_console(message) -> None:
        if message.type == "error":
            where = message.location.get("url") or "inline"
            errors.append(f"console.error: {message.text} [{where}]")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    try:
        yield page
    finally:
        failed = getattr(request.node, "report_call", None) is not None and request.node.report_call.failed
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
            try:
                page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            except Exception as exc:  # a crashed page must not hide the real failure
                print(f"screenshot failed: {exc}")
        context.close()
    if errors and not failed:
        pytest.fail("browser console errors:\n" + "\n".join(errors), pytrace=False)
