"""WSGI entry point for gunicorn: `gunicorn wsgi:app`."""

from editorial import create_app

app = create_app()
