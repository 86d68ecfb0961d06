"""POST /api/v1/tokens: trade a user name and password for a bearer token."""

from __future__ import annotations

from flask import g, request

from editorial.api import body, bp
from editorial.services import people, tokens
from editorial.services.errors import Invalid


@bp.post("/tokens")
def create_token():
    data = body()
    username, password = data.get("username"), data.get("password")
    if not isinstance(username, str) or not isinstance(password, str):
        raise Invalid("Send {\"username\": ..., \"password\": ...} as text.")
    user = people.authenticate(username, password, remote_addr=request.remote_addr)
    name = data.get("name") if isinstance(data.get("name"), str) else "API login"
    token, secret = tokens.issue(user, name)
    return {"token": secret, "id": token.id, "name": token.name}, 201


@bp.delete("/tokens/<int:token_id>")
def revoke_token(token_id: int):
    tokens.revoke(g.api_user, token_id)
    return "", 204
