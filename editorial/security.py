"""HTTP security defaults: headers on every response, Secure cookies over HTTPS."""

from __future__ import annotations

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: https:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class _SecureOnHttpsSessionInterface(SecureCookieSessionInterface):
    """Saving the session is the last step of every response, after all after_request functions (which set
    the remember-me cookie): the one place that sees every cookie, so it adds `Secure` to them on HTTPS."""

    def save_session(self, app, session, response) -> None:
        super().save_session(app, session, response)
        if request.is_secure:
            _make_cookies_secure(response)


def init_app(app: Flask) -> None:
    app.after_request(_harden)
    app.session_interface = _SecureOnHttpsSessionInterface()


def _harden(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    if request.endpoint and not request.endpoint.startswith(("static", "public.")):
        # Pages behind a login are never kept by shared caches or the back button after logout.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _make_cookies_secure(response: Response) -> None:
    cookies = response.headers.getlist("Set-Cookie")
    if not cookies:
        return
    response.headers.remove("Set-Cookie")
    for cookie in cookies:
        attributes = {part.strip().lower() for part in cookie.split(";")}
        response.headers.add("Set-Cookie", cookie if "secure" in attributes else cookie + "; Secure")
