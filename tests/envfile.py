"""How three readers see an environment file (deploy/editorial.env.example): systemd's EnvironmentFile=
(a port of the state machine in systemd's src/basic/env-file.c, v252), python-dotenv (what `flask --env-file`
uses) and a POSIX shell (`set -a; . FILE; set +a`); and the restricted syntax on which they agree."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path

WHITESPACE = " \t\n\r"
NEWLINE = "\n\r"
COMMENTS = "#;"
SHELL_NEED_ESCAPE = '"\\`$'

# One assignment per line, no spaces around "=", no trailing comment; a bare value of characters no reader
# treats specially, or a double-quoted one without " $ ` \ or ! (which shells and systemd read differently).
SAFE_LINE = re.compile(r'[A-Za-z_][A-Za-z0-9_]*=(?:[A-Za-z0-9_./:@%+=,-]*|"[^"$`\\!\n]*")')


def restricted_syntax_problems(text: str) -> list[str]:
    """Lines outside the syntax all three readers agree on, each with its number."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line == "" or line.startswith("#"):
            continue
        if not SAFE_LINE.fullmatch(line):
            problems.append(f"line {number}: {line}")
    return problems


def _trailing_space(since: int | None, text: str, c: str) -> int | None:
    """Where the whitespace at the end of `text` + `c` starts (None: it ends in something else)."""
    if c not in WHITESPACE:
        return None
    return len(text) if since is None else since


def systemd(text: str) -> dict[str, str]:
    state, key, value, result = "PRE_KEY", "", "", {}
    last_key_ws = last_value_ws = None  # where trailing whitespace began, to trim it as systemd does

    def push():
        result[key[:last_key_ws] if last_key_ws is not None else key] = (
            value[:last_value_ws] if last_value_ws is not None else value)

    for c in text:
        if state == "PRE_KEY":
            if c in COMMENTS:
                state = "COMMENT"
            elif c not in WHITESPACE:
                state, key, last_key_ws = "KEY", c, None
        elif state == "KEY":
            if c in NEWLINE:
                state, key = "PRE_KEY", ""
            elif c == "=":
                state, value, last_value_ws = "PRE_VALUE", "", None
            else:
                last_key_ws = _trailing_space(last_key_ws, key, c)
                key += c
        elif state == "PRE_VALUE":
            if c in NEWLINE:
                push()
                state, key, value = "PRE_KEY", "", ""
            elif c == "'":
                state = "SINGLE_QUOTE_VALUE"
            elif c == '"':
                state = "DOUBLE_QUOTE_VALUE"
            elif c == "\\":
                state = "VALUE_ESCAPE"
            elif c not in WHITESPACE:
                state, value = "VALUE", value + c
        elif state == "VALUE":
            if c in NEWLINE:
                push()
                state, key, value, last_value_ws = "PRE_KEY", "", "", None
            elif c == "\\":
                state, last_value_ws = "VALUE_ESCAPE", None
            else:
                last_value_ws = _trailing_space(last_value_ws, value, c)
                value += c
        elif state == "VALUE_ESCAPE":
            state = "VALUE"
            if c not in NEWLINE:
                value += c
        elif state == "SINGLE_QUOTE_VALUE":
            if c == "'":
                state = "PRE_VALUE"
            else:
                value += c
        elif state == "DOUBLE_QUOTE_VALUE":
            if c == '"':
                state = "PRE_VALUE"
            elif c == "\\":
                state = "DOUBLE_QUOTE_VALUE_ESCAPE"
            else:
                value += c
        elif state == "DOUBLE_QUOTE_VALUE_ESCAPE":
            state = "DOUBLE_QUOTE_VALUE"
            if c in SHELL_NEED_ESCAPE:
                value += c
            elif c != "\n":
                value += "\\" + c
        elif state == "COMMENT":
            if c == "\\":
                state = "COMMENT_ESCAPE"
            elif c in NEWLINE:
                state = "PRE_KEY"
        elif state == "COMMENT_ESCAPE":
            state = "COMMENT"
    if state in ("PRE_VALUE", "VALUE", "VALUE_ESCAPE", "SINGLE_QUOTE_VALUE", "DOUBLE_QUOTE_VALUE",
                 "DOUBLE_QUOTE_VALUE_ESCAPE"):
        push()
    return result


def dotenv(path: Path) -> dict[str, str]:
    from dotenv import dotenv_values

    return {k: v for k, v in dotenv_values(path, encoding="utf-8").items() if v is not None}


SHELL_READER = 'set -a; . "$1"; set +a; exec python3 -c "import json, os; print(json.dumps(dict(os.environ)))"'


SHELLS = ("sh", "bash")  # Debian's sh is dash; an admin's login shell is bash


def _sourced(path: Path, program: str) -> dict[str, str]:
    result = subprocess.run(["env", "-i", "PATH=/usr/bin:/bin", program, "-c", SHELL_READER, program, str(path)],
                            capture_output=True, text=True, timeout=30, check=False)
    if result.returncode != 0 or result.stderr:
        raise AssertionError(f"{program} could not source {path}: {result.stderr}")
    return json.loads(result.stdout)


def shell(path: Path, program: str = "sh") -> dict[str, str]:
    """What `sh` (or `bash`) exports after sourcing the file, in an environment holding only PATH: everything but what the
    shell and Python set anyway (PWD, SHLVL, LC_CTYPE…, found by sourcing an empty file) came from the file."""
    exported = _sourced(path, program)
    with tempfile.NamedTemporaryFile("w", suffix=".env") as empty:
        baseline = _sourced(Path(empty.name), program)
    return {k: v for k, v in exported.items() if baseline.get(k) != v or k in systemd(path.read_text())}
