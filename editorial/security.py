"""HTTP security defaults: headers on every response, Secure cookies over HTTPS."""

from __future__ import annotations

from flask import Flask, Response, current_app, request
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
    if not (request.endpoint or "").startswith("static"):  # static files: Flask's own validators
        response.headers.setdefault("Cache-Control", _cache_control(response))
    if (request.endpoint or "").startswith("public."):
        _revalidatable(response)
    return response


def _revalidatable(response: Response) -> Response:
    """The public site in front of a CDN or a shared cache: the answer depends on whether a session cookie came
    (`Vary: Cookie`: someone logged in is never served the anonymous copy by a cache that honours it), and a
    cacheable page carries an ETag (a digest of its bytes), so a copy past its max-age is revalidated with
    If-None-Match and answered 304 without the page being sent again."""
    response.vary.add("Cookie")
    if (response.status_code == 200 and response.headers.get("Cache-Control", "").startswith("public")
            and not response.is_streamed and not response.direct_passthrough):
        if "ETag" not in response.headers:
            response.add_etag()
        response.make_conditional(request)
    return response


def _cache_control(response: Response) -> str:
    """The public site is the same for everyone: a cache in front may keep it a few minutes. Everything else
    (staff pages, the API, any response setting a cookie) is one person's: never stored. Public pages show
    nothing of the person reading them (no current_user in templates/public/). Someone logged in (a session or
    remember cookie) gets the public site uncached too: whoever has just corrected or withdrawn a piece sees
    what the site says now, not their browser's copy from before."""
    endpoint = request.endpoint or ""
    logged_in = {current_app.config["SESSION_COOKIE_NAME"], current_app.config.get("REMEMBER_COOKIE_NAME",
                                                                                    "remember_token")}
    if (endpoint.startswith("public.") and request.method in ("GET", "HEAD")
            and "Set-Cookie" not in response.headers and not logged_in & request.cookies.keys()):
        return f"public, max-age={current_app.config.get('PUBLIC_MAX_AGE', 300)}"
    return "private, no-store"


def _make_cookies_secure(response: Response) -> None:
    cookies = response.headers.getlist("Set-Cookie")
    if not cookies:
        return
    response.headers.remove("Set-Cookie")
    for cookie in cookies:
        attributes = {part.strip().lower() for part in cookie.split(";")}
        response.headers.add("Set-Cookie", cookie if "secure" in attributes else cookie + "; Secure")
