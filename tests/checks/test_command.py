"""The `check` command, run from plain click (no app, no database)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from editorial.commands.check import check_command
from tests.checks.helpers import SEED, seed_text


def test_json_on_seed_exits_1_with_error_flags():
    result = CliRunner().invoke(check_command, [str(SEED), "--format", "json"])
    assert result.exit_code == 1, result.output
    flags = json.loads(result.stdout)["flags"]
    text = seed_text()
    assert flags and all(text[f["start"] : f["end"]] == f["text"] for f in flags)
    assert all(
        {"rule", "category", "severity", "start", "end", "text", "message", "suggestions"} <= f.keys()
        for f in flags
    )
    assert all("reasons" in f for f in flags if f["category"] == "claim")


def test_text_format_lines():
    result = CliRunner().invoke(
        check_command, [str(SEED), "--headline", "Mali cuts Diplomatic Ties with Ukraine"]
    )
    lines = result.stdout.splitlines()
    assert "1:1 error artifact artifact.web-leftover" in lines[1] or any(
        line.startswith("1:1 error artifact artifact.web-leftover") for line in lines
    )
    assert any(
        line.startswith("headline:1 warning capitalization capitalization.headline-case") for line in lines
    )
    assert any(line.startswith("14:1 error artifact artifact.file-name") for line in lines)


def test_clean_file_exits_0(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text(
        "The minister met the envoy in the capital on Tuesday, officials said.\n", encoding="utf-8"
    )
    result = CliRunner().invoke(check_command, [str(path), "--date", "2024-08-06"])
    assert result.exit_code == 0, result.output


def test_html_input(tmp_path):
    path = tmp_path / "a.html"
    path.write_text("<p>He went to to the market.</p><p>bottom of page</p>", encoding="utf-8")
    result = CliRunner().invoke(check_command, [str(path), "--format", "json"])
    flags = json.loads(result.stdout)["flags"]
    body = "He went to to the market.\n\nbottom of page"
    assert {f["text"] for f in flags} >= {"to to", "bottom of page"}
    assert all(body[f["start"] : f["end"]] == f["text"] for f in flags)


def test_bad_input_exits_2(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(check_command, [str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "No such file" in missing.output
    bad_date = runner.invoke(check_command, [str(SEED), "--date", "4 Aug 2024"])
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.output
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Goïta".encode("latin-1"))
    not_utf8 = runner.invoke(check_command, [str(latin1)])
    assert not_utf8.exit_code == 2 and "not UTF-8" in not_utf8.output


def test_newsroom_loader_from_app_config():
    from flask import Flask

    app = Flask(__name__)
    app.config["NEWSROOM_WORDS_LOADER"] = lambda: ["Mbeki", "Tinzaouaten"]
    app.cli.add_command(check_command)
    result = app.test_cli_runner().invoke(args=["check", str(SEED), "--format", "json"])
    names = {f["text"] for f in json.loads(result.stdout)["flags"] if f["rule"] == "spelling.verify-name"}
    assert "Tinzaouaten" not in names and "Mbeki" not in names and "Yusov" in names


def test_the_summary_counts_one_as_one(tmp_path):
    path = tmp_path / "slip.txt"
    path.write_text("The the council met on Monday.", encoding="utf-8")
    result = CliRunner().invoke(check_command, [str(path)])
    assert result.stderr.strip().splitlines()[-1] == "1 flag: 1 error, 0 warnings, 0 info"  # the repeated "the"
