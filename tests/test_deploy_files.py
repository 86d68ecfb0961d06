"""deploy/: the environment file (read alike by systemd, `flask --env-file` and a shell), the systemd units,
gunicorn's settings and the nginx example agree with each other, with the README and with the app; every
setting the app reads is in README's configuration table."""

from __future__ import annotations

import re
import runpy
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from editorial import config
from editorial.static_files import FOREVER
from tests import envfile
from tests.conftest import ROOT
from tests.deploy_tools import certificate, tool

DEPLOY = ROOT / "deploy"
ENV_EXAMPLE = DEPLOY / "editorial.env.example"
README = (ROOT / "README.md").read_text(encoding="utf-8")
UNITS = ("editorial.service", "editorial-publish-due.service", "editorial-publish-due.timer")


def _section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end]


def documented_settings() -> set[str]:
    names = set()
    for line in _section("Configuration").splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1]))
    return names


def unit(name: str) -> dict[str, str]:
    """A unit file's `Key=value` lines (each key once in ours)."""
    values = {}
    for line in (DEPLOY / name).read_text().splitlines():
        if "=" in line and not line.startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            assert key not in values, f"{name}: {key} twice"
            values[key] = value
    return values


# --- the environment file -------------------------------------------------------------------------------

def test_the_env_example_keeps_to_the_syntax_all_readers_share():
    assert envfile.restricted_syntax_problems(ENV_EXAMPLE.read_text(encoding="utf-8")) == []


def test_systemd_dotenv_and_a_shell_read_the_env_example_alike():
    by_systemd = envfile.systemd(ENV_EXAMPLE.read_text(encoding="utf-8"))
    assert by_systemd == envfile.dotenv(ENV_EXAMPLE)
    for shell in envfile.SHELLS:
        assert envfile.shell(ENV_EXAMPLE, shell) == by_systemd, shell
    assert by_systemd["EDITORIAL_ENV"] == "production"
    assert by_systemd["SECRET_KEY"] == ""  # a placeholder the README's install fills; empty is refused
    for required in ("DATABASE_URL", "PUBLIC_BASE_URL", "EDITORIAL_INSTANCE"):
        assert by_systemd[required], required


AGREED = ['A=plain', 'B=postgresql://editorial@/editorial', 'C="The Daily Planet"', "D=", 'E=a=b,c:d%2F+e',
          'F="quoted # not a comment"']
DISAGREED = ["A=two words", "B=x # comment", "C= leading", "D=$HOME", "E='single'", 'F="has $dollar"',
             "G=back\\slash", "H =spaced", "I=~/home", 'J="a\\tb"']


def test_lines_of_the_shared_syntax_read_the_same_everywhere(tmp_path):
    text = "# comment\n\n" + "\n".join(AGREED) + "\n"
    assert envfile.restricted_syntax_problems(text) == []
    path = tmp_path / "env"
    path.write_text(text)
    expected = {"A": "plain", "B": "postgresql://editorial@/editorial", "C": "The Daily Planet", "D": "",
                "E": "a=b,c:d%2F+e", "F": "quoted # not a comment"}
    assert envfile.systemd(text) == envfile.dotenv(path) == expected
    for shell in envfile.SHELLS:
        assert envfile.shell(path, shell) == expected, shell


@pytest.mark.parametrize("line", DISAGREED)
def test_lines_outside_it_are_refused_and_some_reader_disagrees(tmp_path, line):
    assert envfile.restricted_syntax_problems(line + "\n") == [f"line 1: {line}"]
    path = tmp_path / "env"
    path.write_text(line + "\n")
    seen = [envfile.systemd(line + "\n"), envfile.dotenv(path)]
    for shell in envfile.SHELLS:
        try:
            seen.append(envfile.shell(path, shell))
        except AssertionError:
            return  # a shell cannot even read it
    if "'" not in line:  # 'single quotes' happen to agree: refused all the same, one quoting rule is enough
        assert any(reading != seen[0] for reading in seen), seen


def test_the_systemd_reader_follows_systemds_documented_rules():
    text = ("# comment\n; comment too\nA=  trimmed  \nB=inner  spaces kept\nC=x # not a comment\n"
            "D='$literal \\n'\nE=\"a\\\"b\\$c\"\nF=line\\\ncontinued\nno equals sign\n")
    assert envfile.systemd(text) == {"A": "trimmed", "B": "inner  spaces kept", "C": "x # not a comment",
                                     "D": "$literal \\n", "E": 'a"b$c', "F": "linecontinued"}


# --- one table of settings ------------------------------------------------------------------------------

def _read_from_environment() -> set[str]:
    names = set()
    for path in [*(ROOT / "editorial").rglob("*.py"), DEPLOY / "gunicorn.conf.py"]:
        source = path.read_text(encoding="utf-8")
        names.update(re.findall(r"""(?:environ\.get|getenv|environ\[|\bflag)\(?\s*["']([A-Z][A-Z0-9_]+)["']""", source))
    return names


def test_every_setting_read_from_the_environment_is_in_the_table():
    read = _read_from_environment()
    assert {"SECRET_KEY", "DATABASE_URL", "EDITORIAL_INSTANCE", "ALLOW_SELF_APPROVAL", "WEB_CONCURRENCY"} <= read
    assert read - documented_settings() == set()


def test_every_setting_of_the_env_example_is_in_the_table():
    assert set(envfile.systemd(ENV_EXAMPLE.read_text())) - documented_settings() == set()


# What config.load() fixes for every newsroom (cookie flags, the driver's options): not settings to document.
FIXED = {"ENVIRONMENT", "PRODUCTION", "SQLALCHEMY_DATABASE_URI", "SQLALCHEMY_ENGINE_OPTIONS", "SESSION_COOKIE_HTTPONLY",
         "SESSION_COOKIE_SAMESITE", "SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_HTTPONLY", "REMEMBER_COOKIE_SAMESITE",
         "REMEMBER_COOKIE_SECURE", "WTF_CSRF_TIME_LIMIT", "PASSWORD_HASH_METHOD"}


def test_every_key_of_the_apps_configuration_is_documented_or_fixed(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    loaded = config.load(str(tmp_path))
    assert loaded["LOGIN_FAILURE_WINDOW"] == timedelta(minutes=15)
    assert set(loaded) - FIXED - documented_settings() == set()


# --- systemd units ----------------------------------------------------------------------------------------

def test_the_units_share_user_environment_and_folder():
    web, due = unit("editorial.service"), unit("editorial-publish-due.service")
    for key in ("User", "Group", "EnvironmentFile", "WorkingDirectory", "StateDirectory"):
        assert web[key] == due[key], key
    assert web["EnvironmentFile"] == "/etc/editorial/env"
    assert web["WorkingDirectory"] == "/var/lib/editorial" == "/var/lib/" + web["StateDirectory"]
    assert web["ExecStart"] == ("/srv/editorial/venv/bin/gunicorn --config /etc/editorial/gunicorn.conf.py "
                                "editorial.wsgi:app")
    assert due["ExecStart"] == "/srv/editorial/venv/bin/flask --app editorial publish-due"
    assert unit("editorial-publish-due.timer")["OnCalendar"] == "minutely"


def test_the_web_unit_does_not_restart_an_app_that_refused_to_load():
    constant = re.search(r"^APP_LOAD_ERROR = (\d+)", (ROOT / "editorial" / "wsgi.py").read_text(), re.M)
    assert unit("editorial.service")["RestartPreventExitStatus"] == constant.group(1)


def test_the_readme_installs_what_the_units_use():
    install = _section("Production")
    for path in ("/etc/editorial/env", "/etc/editorial/gunicorn.conf.py", "/etc/systemd/system/"):
        assert path in install, path
    for name in UNITS:
        assert f"deploy/{name}" in install


def test_systemd_accepts_the_units(tmp_path):
    analyze = tool("systemd-analyze")
    venv_bin = Path(shutil.which("gunicorn") or ROOT / ".venv/bin/gunicorn").parent
    for name in UNITS:  # the executables must exist for `verify`: the checkout's venv stands in for the server's
        (tmp_path / name).write_text((DEPLOY / name).read_text().replace("/srv/editorial/venv/bin", str(venv_bin)))
    result = subprocess.run([analyze, "verify", *(str(tmp_path / name) for name in UNITS)], capture_output=True,
                            text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


# --- gunicorn ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("cores", "concurrency", "workers"), [(1, None, 3), (2, None, 5), (4, None, 9),
                                                              (16, None, 12), (16, "3", 3)])
def test_gunicorn_workers_from_cores_capped(monkeypatch, cores, concurrency, workers):
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "cpu_count", lambda: cores)
    if concurrency:
        monkeypatch.setenv("WEB_CONCURRENCY", concurrency)
    else:
        monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    settings = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert settings["workers"] == workers


def test_gunicorn_listens_locally_and_logs_the_client_address():
    settings = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert settings["bind"] == "127.0.0.1:8000"
    assert settings["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert settings["access_log_format"].startswith("%(h)s ")  # the client, once ProxyFix has read the proxy
    assert settings["accesslog"] == "-" and settings["timeout"] == 30
    from gunicorn.config import Config

    known = Config().settings
    assert set(k for k in settings if not k.startswith("_") and k not in ("multiprocessing", "os")) <= set(known)


# --- nginx ------------------------------------------------------------------------------------------------

NGINX = (DEPLOY / "nginx.conf").read_text()


def test_nginx_forwards_what_the_app_trusts_from_one_proxy():
    for header, value in (("Host", "$host"), ("X-Forwarded-For", "$proxy_add_x_forwarded_for"),
                          ("X-Forwarded-Proto", "$scheme"), ("X-Forwarded-Host", "$host")):
        assert f"proxy_set_header {header} {value};" in NGINX
    assert "proxy_pass http://127.0.0.1:8000;" in NGINX
    assert envfile.systemd(ENV_EXAMPLE.read_text())["TRUSTED_PROXIES"] == "1"


def test_nginx_serves_the_installed_static_folder_with_long_lifetimes_only_for_hashed_urls():
    assert "alias /srv/editorial/static/;" in NGINX
    assert '"$(/srv/editorial/venv/bin/python -m editorial.resources static)" /srv/editorial/static' in README
    assert re.search(r'map \$arg_v \$editorial_static_cache \{\s*""\s+"no-cache";\s*default\s+"' + re.escape(FOREVER),
                     NGINX)
    assert "add_header Cache-Control $editorial_static_cache always;" in NGINX


def test_nginx_lets_bodies_the_app_accepts_through(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    limit = config.load(str(tmp_path))["MAX_CONTENT_LENGTH"]
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", NGINX).group(1))
    assert megabytes * 1024 * 1024 > limit


def test_nginx_accepts_the_example(tmp_path):
    nginx = tool("nginx")
    certificate(tmp_path)
    site = (NGINX.replace("/etc/letsencrypt/live/news.example.org/fullchain.pem", str(tmp_path / "cert.pem"))
            .replace("/etc/letsencrypt/live/news.example.org/privkey.pem", str(tmp_path / "key.pem")))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n access_log off;\n"
        + "".join(f" {kind}_temp_path {tmp_path}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + f" include {tmp_path}/site.conf;\n}}\n")
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
