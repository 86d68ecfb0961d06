"""Every kind of page, scanned with axe-core (Deque's accessibility engine, bundled by axe-playwright-python) in
a real Chromium, on the demo newsroom: the seed article in review with its flags, claim and comments, the editor,
the queues, the admin pages and the public site. Every rule axe has runs, those it leaves off by default too
(the "experimental" ones such as label-content-name-mismatch: a control's accessible name must contain its
visible label, so that a person using speech input can say what they see), except WCAG's AAA level (enhanced
7:1 contrast and the like), which is not the newsroom's target: AA is. Any violation fails, whatever its impact:
there are none today, and a new one should be seen when it is made."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STAFF = {
    "ed": ["/", "/board", "/articles", "/articles?q=wagner+toll", "/claims", "/claims?q=toll", "/articles/1", "/articles/1/edit", "/articles/1/history", "/claims/1",
           "/articles/1/claims/new", "/inbox", "/profile", "/articles/new", "/articles/import"],
    "rita": ["/", "/articles/1", "/articles/1/edit"],
    "fay": ["/", "/articles/1", "/claims/1", "/claims?q=wagner", "/claims/archive"],
    "admin": ["/admin/people", "/admin/people/new", "/admin/dictionary", "/admin/style", "/admin/webhooks"],
}
PUBLIC = ["/login", "/news/", "/news/2", "/news/section/demo"]


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def demo(live_server):
    from editorial.commands.demo import populate

    live_server.run(populate)
    live_server.run(_a_webhook)
    return live_server


def _a_webhook() -> None:
    """An endpoint with a delivery in its log, so the webhooks page shows its tables filled."""
    from editorial.database import db, utcnow
    from editorial.models import DeliveryStatus, OutboxMessage, User
    from editorial.services import webhooks

    admin = User.query.filter_by(username="admin").one()
    endpoint = webhooks.add(admin, url="https://hooks.example.org/editorial", events=["transitions"], fmt="slack",
                            description="#news-desk")
    db.session.add(OutboxMessage(channel="webhook", webhook_id=endpoint.id, payload={"event": "transition"},
                                 delivery_id="6f1c0e9a-0000-4000-8000-000000000001", attempts=2,
                                 status=DeliveryStatus.PENDING, last_status=500, last_attempt_at=utcnow(),
                                 last_error="HTTP 500 Internal Server Error: boom"))
    db.session.commit()


def _every_rule(axe: Axe, page) -> dict:
    """axe's run options that switch on every rule it knows below AAA, not only its default set."""
    page.evaluate(axe.axe_script)
    rules = page.evaluate("axe.getRules().map(rule => ({id: rule.ruleId, tags: rule.tags}))")
    wanted = {rule["id"]: {"enabled": "wcag2aaa" not in rule["tags"]} for rule in rules}
    assert wanted["label-content-name-mismatch"] == {"enabled": True}
    return {"resultTypes": ["violations"], "rules": wanted}


def _violations(axe: Axe, page) -> list[str]:
    found = axe.run(page, options=_every_rule(axe, page)).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(str(n['target']) for n in v['nodes'])}"
            for v in found]


def _log_in(page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(url + "/login")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password", exact=True).fill(f"demo-{username}-pass")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs you")


@pytest.mark.parametrize("width", [1280, 390])
def test_no_accessibility_violations_on_any_page(demo, new_page, axe, width):
    page = new_page(width=width, height=900)
    problems = {}
    for path in PUBLIC:
        page.goto(demo.url + path)
        problems[path] = _violations(axe, page)
    for username, paths in STAFF.items():
        _log_in(page, demo.url, username)
        for path in paths:
            page.goto(demo.url + path)
            page.wait_for_load_state("networkidle")  # the editor's checks and marks are in place
            problems[f"{username} {path}"] = _violations(axe, page)
    failing = [f"{where}: {problem}" for where, found in problems.items() for problem in found]
    assert failing == [], f"{len(failing)} violations:\n" + "\n".join(failing)
