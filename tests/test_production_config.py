"""Production refuses unsafe settings with one clear line, from `flask` and from gunicorn's wsgi.py alike:
an unknown EDITORIAL_ENV, a missing, short or well-known SECRET_KEY, the debugger, the demo newsroom."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from editorial import config, create_app
from editorial.config import ConfigError
from editorial.models import User

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "4b1f0c9e7d2a8356b0e4c1f7a9d3e582"  # 32 random hex characters


def _env(tmp_path, **values) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("SECRET_KEY", "FLASK_DEBUG", "EDITORIAL_ENV", "DATABASE_URL", "TRUSTED_PROXIES", "FLASK_APP",
                        "PUBLIC_BASE_URL")}
    env.update(EDITORIAL_INSTANCE=str(tmp_path / "instance"), DATABASE_URL=f"sqlite:///{tmp_path}/prod.sqlite3",
               PUBLIC_BASE_URL="https://news.example.org")
    env.update({k: v for k, v in values.items() if v is not None})
    for name in [k for k, v in values.items() if v is None]:  # None: leave the setting out
        env.pop(name, None)
    return env


def _flask(tmp_path, *args, **values) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flask", "--app", "editorial", *args], cwd=ROOT, env=_env(tmp_path, **values),
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def _one_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


REFUSED = [
    ({"EDITORIAL_ENV": "prodution", "SECRET_KEY": GOOD_KEY}, "EDITORIAL_ENV='prodution' is not an environment"),
    ({"EDITORIAL_ENV": "Production", "SECRET_KEY": GOOD_KEY}, "is not an environment"),
    ({"EDITORIAL_ENV": "production"}, "SECRET_KEY must be set in production"),
    ({"EDITORIAL_ENV": "production", "SECRET_KEY": "changeme"}, "8 characters long, and needs at least 32"),
    ({"EDITORIAL_ENV": "production", "SECRET_KEY": "changeme-changeme-changeme-changeme"}, "contains “changeme”"),
    ({"EDITORIAL_ENV": "production", "SECRET_KEY": "my-super-secret-key-for-the-newsroom"}, "contains “secret”"),
    ({"EDITORIAL_ENV": "production", "SECRET_KEY": "ab" * 20}, "repeats a handful of characters"),
    ({"EDITORIAL_ENV": "production", "SECRET_KEY": GOOD_KEY, "FLASK_DEBUG": "1"}, "FLASK_DEBUG"),
    ({"EDITORIAL_ENV": "production", "SECRET_KEY": GOOD_KEY, "TRUSTED_PROXIES": "one"}, "TRUSTED_PROXIES='one'"),
    ({"EDITORIAL_ENV": "production", "SECRET_KEY": GOOD_KEY, "PUBLIC_BASE_URL": None},
     "PUBLIC_BASE_URL must be set in production"),
]


@pytest.mark.parametrize(("values", "message"), REFUSED, ids=[m for _, m in REFUSED])
def test_flask_refuses_with_one_line(tmp_path, values, message):
    line = _one_line(_flask(tmp_path, "db", "upgrade", **values))
    assert line.startswith("Error: ") and message in line
    assert not (tmp_path / "prod.sqlite3").exists()  # nothing ran


def test_flask_run_with_debug_is_refused_in_production(tmp_path):
    line = _one_line(_flask(tmp_path, "run", "--debug", "--port", "0", EDITORIAL_ENV="production", SECRET_KEY=GOOD_KEY))
    assert "FLASK_DEBUG (the interactive debugger) is refused in production" in line


def test_wsgi_refuses_with_one_line_and_gunicorns_app_load_status(tmp_path):
    result = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env=_env(tmp_path, EDITORIAL_ENV="production", SECRET_KEY="changeme"))
    assert result.returncode == 4  # gunicorn halts on it instead of restarting workers in a loop
    assert _one_line(result) == ("editorial: SECRET_KEY is refused in production: it is 8 characters long, and needs "
                                 "at least 32 random ones (make one with: python -c 'import secrets; "
                                 "print(secrets.token_hex(32))').")


def test_load_demo_is_refused_in_production(tmp_path):
    values = {"EDITORIAL_ENV": "production", "SECRET_KEY": GOOD_KEY}
    upgraded = _flask(tmp_path, "db", "upgrade", **values)
    assert upgraded.returncode == 0, upgraded.stderr
    line = _one_line(_flask(tmp_path, "load-demo", **values))
    assert line.startswith("Error: load-demo is refused in production")
    import sqlite3

    with sqlite3.connect(tmp_path / "prod.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM users").fetchone() == (0,)


def test_a_good_production_configuration_starts(tmp_path):
    result = _flask(tmp_path, "db", "upgrade", EDITORIAL_ENV="production", SECRET_KEY=GOOD_KEY)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("key", [GOOD_KEY, "correct horse battery staple, thirty-two+ chars"])
def test_strong_keys_pass(key):
    assert config.weak_key_reason(key) == ""


def test_debug_from_the_instance_config_is_refused_in_production(monkeypatch, tmp_path):
    monkeypatch.setenv("EDITORIAL_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("EDITORIAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", GOOD_KEY)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://news.example.org")
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(ConfigError, match="FLASK_DEBUG"):
        create_app({"DEBUG": True})


@pytest.fixture
def app_config():
    return {"PRODUCTION": True}


def test_load_demo_refused_in_production_on_every_database(runner):
    result = runner.invoke(args=["load-demo"])
    assert result.exit_code == 1 and "refused in production" in result.output
    assert User.query.count() == 0
