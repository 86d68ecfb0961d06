"""The import preview from the command line (no database) and over the API (saves nothing)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from editorial.commands.import_preview import import_preview_command
from editorial.database import db
from editorial.models import Article, Event, Revision
from tests.conftest import Api

SEED = Path(__file__).resolve().parent.parent / "demo" / "mali-ukraine.txt"
KEYS = {"headline", "standfirst", "byline", "dateline", "section", "body_html", "set_aside"}


def test_cli_json_without_a_database():
    result = CliRunner().invoke(import_preview_command, [str(SEED), "--format", "json"])
    assert result.exit_code == 0, result.output
    proposal = json.loads(result.output)
    assert set(proposal) == KEYS
    assert proposal["headline"].startswith("Mali cuts Diplomatic Ties")
    assert proposal["byline"] == ["Mbeki edmond"] and proposal["dateline"] == "2024-08-04"
    assert {"text": "top of page", "reason": "page furniture"} in proposal["set_aside"]


def test_cli_text_and_bad_files(tmp_path):
    result = CliRunner().invoke(import_preview_command, [str(SEED)])
    assert result.exit_code == 0 and "set aside (image file name): profile photo.webp" in result.output
    missing = CliRunner().invoke(import_preview_command, [str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "No such file" in missing.output
    (tmp_path / "empty.txt").write_text("\n \n")
    empty = CliRunner().invoke(import_preview_command, [str(tmp_path / "empty.txt")])
    assert empty.exit_code == 2 and "no text" in empty.output


def _counts():
    return [db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in (Article, Revision, Event)]


@pytest.mark.parametrize("who", ["rita", "ed"])
def test_api_previews_and_saves_nothing(client, newsroom, seed_text, who):
    api = Api(client).login(who)
    before = _counts()
    response = api("POST", "/imports", json={"text": seed_text})
    assert response.status_code == 200, response.get_json()
    proposal = response.get_json()
    assert set(proposal) == KEYS and proposal["section"] == "Africa" and proposal["dateline"] == "2024-08-04"
    html = api("POST", "/imports", json={"html": "<h1>Factory orders fall for a third month</h1>"
                                                 "<p>top of page</p><p>By Maria Keller</p>"})
    assert html.status_code == 200 and html.get_json()["byline"] == ["Maria Keller"]
    db.session.rollback()
    assert _counts() == before


def test_api_refusals(client, newsroom):
    assert Api(client)("POST", "/imports", json={"text": "x"}).status_code == 401
    fay = Api(client).login("fay")
    assert fay("POST", "/imports", json={"text": "Headline here\n\nText."}).status_code == 403
    rita = Api(client).login("rita")
    for payload, field in (({}, "text"), ({"text": "a", "html": "<p>b</p>"}, "text"), ({"text": 5}, "text"),
                           ({"html": ["x"]}, "html"), ({"text": " \n "}, "text")):
        response = rita("POST", "/imports", json=payload)
        assert response.status_code == 422, payload
        assert response.get_json()["error"]["field"] == field
    assert rita("POST", "/imports", json=["x"]).status_code == 400
