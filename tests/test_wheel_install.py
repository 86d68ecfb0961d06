"""README "Production", step 2, word for word: build the wheel, install it into a fresh venv, configure it from
deploy/, migrate PostgreSQL and create the first admin; then start what the systemd units start (gunicorn from
the installed package, in the service's working directory, not the checkout; publish-due once) and ask it for
/readyz, the log-in page, its static files and, logged in as that admin, the People page with the release.

The README's block is read from README.md and run line by line, with only these changes: a temporary
directory stands for `/` (so /srv/editorial, /etc/editorial, /etc/systemd/system and /var/lib/editorial are
under it), the commands run as the user running the tests (`runuser -u editorial --` and `-g editorial` are
dropped: there is no `editorial` user here), and `DATABASE_URL` and `EDITORIAL_INSTANCE` point at a
throwaway PostgreSQL database and the temporary /var/lib/editorial (values already in the environment win
over `--env-file`, as they win over nothing under systemd, where the test sets them the same way).

Slow (about a minute: pip installs every dependency into the fresh venv, from its cache when it can) and needs
PyPI; it is never skipped for want of a tool: a missing `python3 -m venv`, `install`, `sed` or network fails
it. Without PostgreSQL it is skipped like every PostgreSQL test (a failure under EDITORIAL_REQUIRE_POSTGRES=1).
Leave it out locally with `-m "not wheel"`."""

from __future__ import annotations

import http.client
import json
import os
import re
import shlex
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa

import editorial
from editorial.static_files import FOREVER
from tests import envfile
from tests.conftest import ROOT
from tests.deploy_tools import certificate, tool
from tests.http_exchange import exchange
from tests.pg_server import _free_port

pytestmark = [pytest.mark.wheel, pytest.mark.postgres]

INSTALL = "<!-- production-install: tests/test_wheel_install.py runs this block -->"
UPGRADE = "<!-- production-upgrade: tests/test_wheel_install.py runs this block -->"
NEXT_RELEASE = "0.2.0"  # in the upgrade block, the release being installed: here the one under test
SERVER_PATHS = re.compile(
    r"(?<![\w./-])(/srv/editorial|/etc/editorial|/etc/systemd/system|/etc/nginx|/var/lib/editorial)\b")
NOT_HERE = ("systemctl ", "curl ")  # no systemd here: the test starts the units' commands itself, and asks
ADMIN_PASSWORD = "first-admin-long-password"
CLIENT = "198.51.100.7"  # the browser's address, as nginx passes it on
# Settings a developer's shell may hold: the install must get them from /etc/editorial/env, not from here.
NOT_INHERITED = ("SECRET_KEY", "DATABASE_URL", "PUBLIC_BASE_URL", "TRUSTED_PROXIES", "NEWSROOM_NAME",
                 "FEED_ID_AUTHORITY", "ALLOW_SELF_APPROVAL", "WEB_CONCURRENCY", "GUNICORN_CMD_ARGS", "PYTHONPATH",
                 "PYTHONHOME", "VIRTUAL_ENV")


def readme_block(marker: str) -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count(marker) == 1, f"README.md must hold {marker} exactly once"
    block = re.match(r"\s*```sh\n(.*?)\n\s*```", readme[readme.index(marker) + len(marker):], re.S)
    assert block, "the marker must be followed by a ```sh block"
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


def on_test_root(text: str, root: Path) -> str:
    return SERVER_PATHS.sub(lambda m: f"{root}{m.group(1)}", text)


def as_test_user(line: str) -> str:
    return line.replace("runuser -u editorial -- ", "").replace(" -g editorial", "")


@pytest.fixture(scope="module")
def fresh_database(postgres_url):
    """An empty database on the test run's PostgreSQL server, as `createdb --owner editorial editorial` leaves."""
    server = sa.engine.make_url(postgres_url)
    engine = sa.create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text("DROP DATABASE IF EXISTS editorial_wheel"))
        connection.execute(sa.text("CREATE DATABASE editorial_wheel"))
    yield server.set(drivername="postgresql", database="editorial_wheel").render_as_string(hide_password=False)
    with engine.connect() as connection:
        connection.execute(sa.text("DROP DATABASE IF EXISTS editorial_wheel WITH (FORCE)"))
    engine.dispose()


def follow(block: list[str], root: Path, env: dict) -> dict[str, str]:
    """Run the README's lines one by one from the checkout (the release being installed), `cd` moving on as in
    a shell; the output of each line, by line."""
    outputs, cwd = {}, ROOT
    for line in block:
        if line.startswith(NOT_HERE):
            continue
        command = on_test_root(as_test_user(line), root)
        if command.startswith("cd "):
            cwd = Path(shlex.split(command)[1])
            continue
        password = f"{ADMIN_PASSWORD}\n{ADMIN_PASSWORD}\n" if " create-user " in line else None
        started = time.monotonic()
        outputs[line] = _run(command, cwd=cwd, env=env, stdin=password)
        print(f"{time.monotonic() - started:6.1f}s {line[:100]}")
    return outputs


def _run(command: str, *, cwd: Path, env: dict, stdin: str | None = None) -> str:
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", command], cwd=cwd, env=env, input=stdin or "",
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"$ {command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def _unit(path: Path, root: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            values[key] = on_test_root(value, root)
    return values


class Browser:
    """Plain HTTP to gunicorn, as nginx would send it (X-Forwarded-*), keeping cookies by hand: they are
    Secure, which a cookie jar would not send over this plain connection."""

    def __init__(self, port: int) -> None:
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict, bytes]:
        headers = {"X-Forwarded-For": CLIENT, "X-Forwarded-Proto": "https", "X-Forwarded-Host": "news.example.org",
                   "Host": "127.0.0.1"}
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://news.example.org{path}"  # Flask-WTF checks it on HTTPS
        return exchange(self.port, method, path, headers=headers, body=data, cookies=self.cookies)


def _wait_until_ready(browser: Browser, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, f"gunicorn stopped ({process.returncode}):\n{log.read_text()[-3000:]}"
        try:
            status, _, body = browser.request("GET", "/readyz")
        except OSError:
            time.sleep(0.3)
            continue
        assert status == 200, body
        return
    raise AssertionError(f"gunicorn did not answer within 2 minutes:\n{log.read_text()[-3000:]}")


@dataclass
class Installed:
    root: Path
    env: dict  # the environment the README's commands ran in
    service_env: dict  # what systemd gives the units
    site_packages: Path
    outputs: dict
    port: int = 0  # gunicorn's
    log: Path | None = None

    @property
    def running(self) -> str:
        """What `flask --app editorial version` prints first when the wheel's code runs."""
        return f"Editorial {editorial.__version__} (installed: {self.site_packages / 'editorial'})\n"


@pytest.fixture(scope="module")
def installed(tmp_path_factory, fresh_database):
    """README "Production" step 2 followed, then the web unit's command running (and stopped afterwards)."""
    for program in ("bash", "install", "sed", "ln", "python3"):
        assert shutil.which(program), f"{program} is needed to follow the README's install"
    base = tmp_path_factory.mktemp("production")
    root = base / "root"
    for folder in ("etc/systemd/system", "etc/nginx/sites-available", "var/lib/editorial/backups"):  # Debian, step 1
        (root / folder).mkdir(parents=True)
    instance = root / "var/lib/editorial"

    block = readme_block(INSTALL)
    wheel = f"editorial-{editorial.__version__}-py3-none-any.whl"
    assert any(wheel in line for line in block), f"README must install {wheel} (the release in editorial/release.py)"
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED and not k.startswith(("EDITORIAL_", "FLASK_"))}
    env.update(DATABASE_URL=fresh_database, EDITORIAL_INSTANCE=str(instance))
    outputs = follow(block, root, env)
    site_packages = root / f"srv/editorial/venv/lib/python{_python_version(root)}/site-packages"

    # The services run as systemd would start them: the unit's environment file, folder and command.
    settings = envfile.systemd((root / "etc/editorial/env").read_text())
    service_env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8",
                   "HOME": str(instance)}
    service_env.update({k: on_test_root(v, root) for k, v in settings.items()})
    service_env["DATABASE_URL"] = fresh_database  # the file's says: the local socket, as user editorial
    done = Installed(root, env, service_env, site_packages, outputs)

    web = _unit(root / "etc/systemd/system/editorial.service", root)
    done.port, done.log = _free_port(), base / "gunicorn.log"
    service_env = {**service_env, "GUNICORN_CMD_ARGS": f"--bind 127.0.0.1:{done.port} --workers 2"}
    with done.log.open("w") as out:
        gunicorn = subprocess.Popen(shlex.split(web["ExecStart"]), cwd=web["WorkingDirectory"], env=service_env,
                                    stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_until_ready(Browser(done.port), gunicorn, done.log)
        yield done
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=60)


def test_the_readme_production_install_serves_from_the_wheel(installed):
    root = installed.root
    install = readme_block(INSTALL)
    assert installed.outputs[install[-1]].startswith(installed.running), installed.outputs[install[-1]]
    assert (root / "etc/nginx/sites-available/editorial").read_text() == (ROOT / "deploy/nginx.conf").read_text()

    # Configured from deploy/editorial.env.example, its secret key filled in by the README's sed line.
    assert (root / "etc/editorial/env").stat().st_mode & 0o777 == 0o640  # secrets: not for every local user
    settings = envfile.systemd((root / "etc/editorial/env").read_text())
    assert re.fullmatch(r"[0-9a-f]{64}", settings["SECRET_KEY"])
    assert settings["EDITORIAL_ENV"] == "production"

    web = _unit(root / "etc/systemd/system/editorial.service", root)
    due = _unit(root / "etc/systemd/system/editorial-publish-due.service", root)
    assert web["EnvironmentFile"] == due["EnvironmentFile"] == str(root / "etc/editorial/env")
    workdir = Path(web["WorkingDirectory"])
    assert workdir == root / "var/lib/editorial" and not workdir.is_relative_to(ROOT)
    where = _run(f"{root}/srv/editorial/venv/bin/python -c "
                 "'import editorial, editorial.resources as r; print(editorial.__file__); print(r.installed())'",
                 cwd=workdir, env=installed.service_env).split()
    assert where == [str(installed.site_packages / "editorial/__init__.py"), "True"]
    assert (root / "srv/editorial/static/css/app.css").read_bytes() == (ROOT / "static/css/app.css").read_bytes()

    published = subprocess.run(shlex.split(due["ExecStart"]), cwd=workdir, env=installed.service_env,
                               capture_output=True, text=True, timeout=120)
    assert published.returncode == 0, published.stderr

    _check_pages(Browser(installed.port))
    log = installed.log.read_text()
    assert f"{CLIENT} - - [" in log, log[-2000:]  # the client's address, not nginx's
    _verify_units(root)


def test_nginx_in_front_as_deploy_nginx_conf_says(installed, tmp_path):
    nginx = tool("nginx")  # deploy/nginx.conf in front; tests/test_deploy_files.py only reads it
    certificate(tmp_path)
    https, plain = _free_port(), _free_port()
    site = on_test_root((installed.root / "etc/nginx/sites-available/editorial").read_text(), installed.root)
    site = (site.replace("/etc/letsencrypt/live/news.example.org/fullchain.pem", str(tmp_path / "cert.pem"))
            .replace("/etc/letsencrypt/live/news.example.org/privkey.pem", str(tmp_path / "key.pem"))
            .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;")
            .replace("listen 80;", f"listen 127.0.0.1:{plain};")
            .replace("proxy_pass http://127.0.0.1:8000;", f"proxy_pass http://127.0.0.1:{installed.port};"))
    site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)
    (tmp_path / "site.conf").write_text(site)
    temp_paths = "".join(f" {kind}_temp_path {tmp_path}/{kind};\n"
                         for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the temporary "/srv" (0700 folders)
    (tmp_path / "nginx.conf").write_text(
        f"{user}daemon off;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n access_log off;\n types {{ text/css css; text/javascript js; image/svg+xml svg; }}\n"
        f"{temp_paths} include {tmp_path}/site.conf;\n}}\n")
    with (tmp_path / "nginx.out").open("w") as out:
        server = subprocess.Popen([nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], stdout=out,
                                  stderr=subprocess.STDOUT)
    try:
        _check_through_nginx(https, plain, server, tmp_path)
    finally:
        server.terminate()
        server.wait(timeout=30)
    log = installed.log.read_text()
    assert "203.0.113.66" not in log  # a client's own X-Forwarded-For entry is not believed
    assert "GET /static/" not in log.split("nginx-check", 1)[-1]  # static files never reached gunicorn


def _https(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    import ssl

    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=30, context=context)
    try:
        connection.request("GET", path, headers={"Host": "news.example.org", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def _check_through_nginx(https: int, plain: int, server: subprocess.Popen, tmp_path: Path) -> None:
    deadline = time.monotonic() + 30
    while True:
        assert server.poll() is None, (tmp_path / "nginx.out").read_text()
        try:
            status, _, body = _https(https, "/readyz?nginx-check")
            break
        except OSError:
            assert time.monotonic() < deadline, (tmp_path / "error.log").read_text()
            time.sleep(0.2)
    assert (status, json.loads(body)) == (200, {"status": "ok"})
    status, headers, body = _https(https, "/login", {"X-Forwarded-For": "203.0.113.66"})
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000"  # the app saw HTTPS (X-Forwarded-Proto)
    link = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{12})"', body.decode()).group(1)
    status, headers, content = _https(https, link)
    assert (status, headers["Cache-Control"]) == (200, FOREVER)
    assert content == (ROOT / "static/css/app.css").read_bytes()
    status, headers, _ = _https(https, "/static/css/app.css")
    assert (status, headers["Cache-Control"]) == (200, "no-cache")
    connection = http.client.HTTPConnection("127.0.0.1", plain, timeout=30)
    try:
        connection.request("GET", "/login", headers={"Host": "news.example.org"})
        response = connection.getresponse()
        assert (response.status, response.headers["Location"]) == (301, "https://news.example.org/login")
    finally:
        connection.close()


def test_the_readme_upgrade_runs_on_the_installed_release(installed):
    """README "Upgrade and roll back", with this release standing for the next one (runs last: it rebuilds and
    reinstalls what the tests above used)."""
    upgrade = [line.replace(NEXT_RELEASE, editorial.__version__) for line in readme_block(UPGRADE)]
    outputs = follow(upgrade, installed.root, installed.env)
    backup = installed.root / f"var/lib/editorial/backups/before-{editorial.__version__}.dump"
    assert backup.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
    assert outputs[next(line for line in upgrade if line.endswith(" version"))].startswith(installed.running)


def _python_version(root: Path) -> str:
    return next((root / "srv/editorial/venv/lib").iterdir()).name.removeprefix("python")


def _check_pages(browser: Browser) -> None:
    status, headers, body = browser.request("GET", "/readyz")
    assert (status, json.loads(body), headers["Cache-Control"]) == (200, {"status": "ok"}, "no-store")
    status, _, body = browser.request("GET", "/healthz")
    assert (status, json.loads(body)) == (200, {"status": "ok"})

    status, _, body = browser.request("GET", "/login")
    page = body.decode()
    assert status == 200 and "<h1>Log in</h1>" in page
    links = re.findall(r'(?:href|src)="(/static/[^"?]+)\?v=[0-9a-f]{12}"', page)
    assert "/static/css/app.css" in links, page
    for link in re.findall(r'(?:href|src)="(/static/[^"]+)"', page):
        status, headers, content = browser.request("GET", link)
        assert status == 200 and headers["Cache-Control"] == FOREVER, link
        assert content == (ROOT / link.split("?")[0].lstrip("/")).read_bytes()

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or \
        re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, page
    status, headers, _ = browser.request("POST", "/login", {"csrf_token": token.group(1), "username": "alice",
                                                           "password": ADMIN_PASSWORD})
    assert status == 302, headers
    status, _, body = browser.request("GET", "/admin/people")
    people = body.decode()
    assert status == 200 and "Alice Admin" in people
    assert re.search(rf"Editorial {re.escape(editorial.__version__)} · database schema\s+[0-9a-f]+, up to date", people)


def _verify_units(root: Path) -> None:
    analyze = tool("systemd-analyze")
    units = sorted((root / "etc/systemd/system").iterdir())
    for path in units:
        path.write_text(on_test_root(path.read_text(), root))
    result = subprocess.run([analyze, "verify", *map(str, units)], capture_output=True, text=True, timeout=60,
                            cwd=root)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
