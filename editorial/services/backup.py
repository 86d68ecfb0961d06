"""Backing up and restoring the whole database, and the backup `db upgrade` takes first on SQLite.

SQLite: the online backup API (`sqlite3.Connection.backup`), which copies a consistent snapshot while the app
keeps running, into a temporary file that only becomes the backup (a hard link, never overwriting) once it
is complete and passes `PRAGMA integrity_check`. Restoring copies the backup into the live file with the
same API, so connections see either the old database or the restored one.

PostgreSQL: `pg_dump --format=custom`; restoring runs `pg_restore --clean --if-exists` through `psql` in a
single transaction that first drops the current tables, so a restore either happens completely or not at
all, and leaves no table the backup did not have. The password goes to the tools in PGPASSWORD, never on a
command line (where `ps` shows it) nor in a message.

A file is accepted as a backup only if it is one of these formats and holds the `alembic_version` table.
"""

from __future__ import annotations

import glob
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import uuid
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from editorial.database import db, utcnow
from editorial.services.errors import Conflict, Invalid, ServiceError

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
PG_CUSTOM_HEADER = b"PGDMP"


class BackupFailed(ServiceError):
    status = 500
    code = "backup_failed"


# ---- public ------------------------------------------------------------------------------------------------


def backup(target: Path) -> Path:
    """Write a backup of the app's database to `target`, which must not exist yet."""
    target = Path(target).expanduser().absolute()
    if target.exists():
        raise Conflict(f"{target} already exists: choose a new file name (a backup never overwrites).")
    if not target.parent.is_dir():
        raise Invalid(f"{target.parent} is not a directory.")
    url = db.engine.url
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        if url.get_backend_name() == "sqlite":
            _sqlite_backup(_sqlite_path(url), partial)
        elif url.get_backend_name() == "postgresql":
            _pg_dump(url, partial)
        else:
            raise Invalid(f"backups of {url.get_backend_name()} databases are not supported.")
        partial.chmod(0o600)  # password hashes and unpublished drafts: the owner only
        try:
            os.link(partial, target)  # atomic and never overwrites, unlike a rename
        except FileExistsError as e:
            raise Conflict(f"{target} already exists: choose a new file name (a backup never overwrites).") from e
    finally:
        partial.unlink(missing_ok=True)
    log.info("database backed up to %s (%d bytes)", target, target.stat().st_size)
    return target


def describe(source: Path) -> str:
    """What a backup holds, in a few words ("SQLite backup at revision …"); refuses a file that is not one."""
    source = Path(source).expanduser().absolute()
    kind = _kind_of(source)
    revision = _sqlite_revision(source) if kind == "sqlite" else _pg_revision_listed(source)
    return f"{'SQLite' if kind == 'sqlite' else 'PostgreSQL'} backup {source}" + \
        (f" at revision {revision}" if revision else "")


def restore(source: Path) -> str | None:
    """Replace the app's database with the backup in `source`. Returns the restored schema revision."""
    source = Path(source).expanduser().absolute()
    kind = _kind_of(source)
    url = db.engine.url
    db.session.remove()
    db.engine.dispose()  # no pooled connection of ours may hold a lock during the restore
    if kind == "sqlite":
        _sqlite_restore(source, _sqlite_path(url))
    else:
        _pg_restore(url, source)
    db.engine.dispose()
    with db.engine.connect() as conn:
        revision = MigrationContext.configure(conn).get_current_revision()
    log.warning("database replaced by the backup %s (schema revision %s)", source, revision)
    return revision


def before_upgrade(backups: Path, migrations: str, *, now: datetime | None = None) -> Path | None:
    """On SQLite, back up a database that has tables and is not at the newest revision, into `backups`
    as editorial-<revision>-<UTC time>.sqlite3. None when there is nothing to protect (or on PostgreSQL,
    whose migrations are transactional)."""
    if db.engine.url.get_backend_name() != "sqlite":
        return None
    with db.engine.connect() as conn:
        if not sa.inspect(conn).get_table_names():
            return None
        current = set(MigrationContext.configure(conn).get_current_heads())
    if current == set(ScriptDirectory(migrations).get_heads()):
        return None
    backups.mkdir(parents=True, exist_ok=True)
    stamp = (now or utcnow()).strftime("%Y%m%dT%H%M%SZ")
    return backup(backups / f"editorial-{'+'.join(sorted(current)) or 'base'}-{stamp}.sqlite3")


# ---- SQLite ------------------------------------------------------------------------------------------------


def _sqlite_path(url: sa.URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise Invalid("an in-memory SQLite database cannot be backed up or restored.")
    return Path(url.database).absolute()


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=30)


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.exists():
        raise Invalid(f"the database {source} does not exist.")
    result = _sqlite_copy(source, target, what="backup", check=True)
    if result != "ok":
        raise BackupFailed(f"the copy failed its integrity check: {result}")


def _sqlite_revision(source: Path) -> str | None:
    try:
        conn = _read_only(source)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise Invalid(f"{source} is a damaged SQLite database, not a usable backup.")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise Invalid(f"{source} is not an Editorial backup ({e}).") from e
    return row[0] if row else None


def _sqlite_restore(source: Path, live: Path) -> None:
    _sqlite_revision(source)  # refuses what is not an Editorial backup
    _sqlite_copy(source, live, what="restore", check=False)


def _sqlite_copy(source: Path, target: Path, *, what: str, check: bool) -> str | None:
    """Every page of `source` into `target` in one step with SQLite's backup API (one consistent snapshot;
    writers wait meanwhile); with `check`, the copy's integrity_check answer."""
    src = _read_only(source)
    try:
        dst = sqlite3.connect(target, timeout=30)
        try:
            src.backup(dst)
            return dst.execute("PRAGMA integrity_check").fetchone()[0] if check else None
        finally:
            dst.close()
    except sqlite3.Error as e:
        raise BackupFailed(f"SQLite {what} failed: {e}") from e
    finally:
        src.close()


# ---- PostgreSQL --------------------------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    """A PostgreSQL client program: on PATH, else the newest under /usr/lib/postgresql/*/bin (Debian)."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                      key=lambda p: int(re.sub(r"\D", "", p.split("/")[-3]) or 0))
    if versions:
        return versions[-1]
    raise BackupFailed(f"{name} was not found (install the PostgreSQL client programs).")


def _pg_connection(url: sa.URL) -> tuple[str, dict]:
    """A libpq URI without the password, and an environment carrying it."""
    bare = sa.URL.create("postgresql", username=url.username, host=url.host, port=url.port, database=url.database,
                         query=url.query)  # (URL.set(password=None) would keep the password)
    dsn = bare.render_as_string(hide_password=False)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return dsn, env


def _run(command: list[str], env: dict, what: str, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, env=env, capture_output=True, **kwargs)
    if result.returncode != 0:
        stderr = result.stderr.decode(errors="replace") if isinstance(result.stderr, bytes) else result.stderr
        detail = stderr.strip().splitlines()[-1] if stderr.strip() else f"exit status {result.returncode}"
        raise BackupFailed(f"{what} failed: {detail}")
    return result


def _pg_dump(url: sa.URL, target: Path) -> None:
    dsn, env = _pg_connection(url)
    _run([_pg_tool("pg_dump"), "--format=custom", f"--file={target}", f"--dbname={dsn}"], env, "pg_dump")


def _pg_revision_listed(source: Path) -> str | None:
    """Checks that the file is a custom-format dump holding alembic_version (the table of contents only)."""
    result = subprocess.run([_pg_tool("pg_restore"), "--list", str(source)], capture_output=True, text=True)
    if result.returncode != 0 or not re.search(r"\bTABLE DATA \S+ alembic_version\b", result.stdout):
        raise Invalid(f"{source} is not an Editorial PostgreSQL backup.")
    return None  # the revision is inside the data; `restore` reports it afterwards


def _pg_restore(url: sa.URL, source: Path) -> None:
    _pg_revision_listed(source)
    dsn, env = _pg_connection(url)
    script = _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--file=-", str(source)], env,
                  "pg_restore").stdout
    with db.engine.connect() as conn:
        quote = conn.dialect.identifier_preparer.quote
        tables = sa.inspect(conn).get_table_names()
    db.engine.dispose()
    # Tables the backup may not have (a newer release's) go too: the database becomes the backup, exactly.
    preamble = "SET lock_timeout = '30s';\n" + "".join(f"DROP TABLE IF EXISTS {quote(t)} CASCADE;\n" for t in tables)
    _run([_pg_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1",
          f"--dbname={dsn}"], env, "restoring with psql", input=preamble.encode() + script)


def _kind_of(source: Path) -> str:
    """"sqlite" or "postgresql", from the file's first bytes; refuses a file that does not fit the database."""
    if not source.is_file():
        raise Invalid(f"{source} does not exist or is not a file.")
    with source.open("rb") as f:
        header = f.read(16)
    if header == SQLITE_HEADER:
        kind = "sqlite"
    elif header.startswith(PG_CUSTOM_HEADER):
        kind = "postgresql"
    else:
        raise Invalid(f"{source} is not a backup (neither an SQLite database nor a pg_dump custom-format file).")
    backend = db.engine.url.get_backend_name()
    if kind != backend:
        raise Invalid(f"{source} is a {kind} backup, but the database is {backend}.")
    return kind
