"""The API fuzzed from its own OpenAPI document (schemathesis), as every role and anonymously, on SQLite and
PostgreSQL: no 500, only documented statuses, responses that match their schemas, and invalid input refused.

Bounded so the whole file stays well under two minutes on the shared machine; a failure prints the request
to replay (`curl` form) and the check that failed."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from editorial import create_app
from editorial.database import db

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, negative_data_rejection]
ROLES = ["anonymous", "rita", "ed", "fay", "ada"]  # reporter, editor, fact-checker, admin
PASSWORD = "fuzz-password-1"


@pytest.fixture
def fuzz_app(database_url, tmp_path, monkeypatch):
    """An app of its own (no test app context left pushed: each request gets its own, as in production),
    with one person per role, a piece in review with a claim and a comment, and a token per person."""
    monkeypatch.setenv("EDITORIAL_INSTANCE", str(tmp_path / "instance"))
    app = create_app({
        "TESTING": True, "SECRET_KEY": "fuzz", "SQLALCHEMY_DATABASE_URI": database_url,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "PUBLIC_BASE_URL": "https://news.example.org",
    })
    from editorial.services import articles, claims, comments, people, tokens, transitions

    secrets: dict[str, str] = {}
    with app.app_context():
        users = {}
        for name, role_name in (("rita", "reporter"), ("ed", "editor"), ("fay", "fact_checker"), ("ada", "admin")):
            users[name], _ = people.create_user(name, roles=(role_name,), password=PASSWORD)
            secrets[name] = tokens.issue(users[name], "fuzz")[1]
        article = articles.create(users["rita"], {
            "headline": "Mali cuts ties with Ukraine", "section": "Africa",
            "body_html": "<p>Wagner lost 84 fighters near Tinzaouaten, the army said on Monday.</p>",
        })
        transitions.transition(users["rita"], article.id, "in_review")
        claims.create(users["fay"], article.id, start=12, end=26, exact="84 fighters", summary="")
        comments.start_thread(users["ed"], article.id, body="Source?", start=None, end=None, exact=None,
                              prefix="", suffix="", general=True, blocking=False)
    yield app, secrets
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


EXAMPLES = 8  # per operation and generation mode (valid data, then invalid data)


@pytest.mark.parametrize("role", ROLES)
def test_api_answers_every_fuzzed_request_as_documented(fuzz_app, role):
    app, secrets = fuzz_app
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {secrets[role]}"} if role in secrets else {}
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                      suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
            @given(case=operation.as_strategy(generation_mode=mode))
            def send(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                send()
            except (Exception, BaseExceptionGroup) as error:  # every operation is tried; all failures are listed at the end
                failures.append(f"{operation.label} ({mode.value}): {error}"[:3000])
    assert not failures, "\n\n".join(failures)
