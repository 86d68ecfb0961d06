"""WSGI entry point for gunicorn: `gunicorn editorial.wsgi:app` (importable from an installed wheel, whatever
the working directory; the checkout's top-level wsgi.py imports this).

A refused setting (config.ConfigError) is printed as one line and stops gunicorn with its "app failed to
load" status, instead of a traceback and workers restarting in a loop."""

import sys

from editorial import create_app
from editorial.config import ConfigError

APP_LOAD_ERROR = 4  # gunicorn's exit status for an application that cannot load: the arbiter halts on it

try:
    app = create_app()
except ConfigError as e:
    print(f"editorial: {e.format_message()}", file=sys.stderr)
    sys.exit(APP_LOAD_ERROR)
