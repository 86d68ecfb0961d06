"""`gunicorn wsgi:app` from a checkout; an installed wheel uses `gunicorn editorial.wsgi:app` (see that module)."""

from editorial.wsgi import app  # noqa: F401
