"""One plain HTTP request to a server the tests started (gunicorn), keeping the cookies it sets in a dict by hand
(the cookies are Secure behind the proxy, which a cookie jar would not send over plain HTTP)."""

from __future__ import annotations

import http.client
from http.cookies import SimpleCookie


def exchange(port: int, method: str, path: str, *, headers: dict, body: str | None,
             cookies: dict[str, str]) -> tuple[int, dict, bytes]:
    """Send the request with `cookies`, store what the answer sets into them; (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    sent = dict(headers)
    if cookies:
        sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    try:
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        content = response.read()
    finally:
        connection.close()
    for header in response.headers.get_all("Set-Cookie") or []:
        for name, morsel in SimpleCookie(header).items():
            cookies[name] = morsel.value
    return response.status, response.headers, content
