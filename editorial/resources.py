"""Where the app's files live: `templates/`, `static/`, `migrations/` and `demo/` sit beside `editorial/` in a
checkout (editable install, `make run`); a wheel carries copies in `editorial/_bundled/` (pyproject.toml's
hatch `force-include`), because an installed package has no checkout beside it.

An editable install (`make install`) gets a copy in site-packages/editorial/_bundled/ as well (hatch copies
force-included files into editable wheels too). It is never used: that folder has no __init__.py, so Python
imports the checkout's `editorial`, a regular package, whose own folder has no `_bundled/`.

`python -m editorial.resources static` prints the static folder, for nginx to serve (README "Production")."""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
BUNDLED = PACKAGE / "_bundled"  # only in a built wheel: the source tree never has it
NAMES = ("templates", "static", "migrations", "demo")


def installed() -> bool:
    """True when running from a wheel (the folders were bundled into the package), False in a checkout."""
    return BUNDLED.is_dir()


def path(name: str) -> Path:
    if name not in NAMES:
        raise ValueError(f"no resource folder {name!r}: one of {', '.join(NAMES)}")
    return (BUNDLED if installed() else PACKAGE.parent) / name


def default_instance() -> Path:
    """`instance/` beside the checkout in development; in an installed package, Flask's own convention for
    installed apps (`<prefix>/var/editorial-instance`), never a folder inside site-packages. Production sets
    EDITORIAL_INSTANCE."""
    return Path(sys.prefix) / "var" / "editorial-instance" if installed() else PACKAGE.parent / "instance"


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in NAMES:
        sys.exit(f"usage: python -m editorial.resources {{{'|'.join(NAMES)}}}")
    print(path(sys.argv[1]))
