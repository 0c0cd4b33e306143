"""Who is calling the API: the holder of a personal token, else an anonymous reader.

Only ``Authorization: Bearer <token>`` signs a request: the API ignores the browser's
session cookie, so another web site cannot make a signed-in visitor's browser write.
"""

from __future__ import annotations

from flask import g, request

from ..services.permissions import ANONYMOUS
from ..services.tokens import actor_for_secret
from ..services.unit_of_work import Actor
from ..web.readonly import read_session
from .http import ApiError


def request_actor() -> Actor:
    """The actor of the current request; a token that is not valid is a 401, not anonymous,
    so a caller never mistakes a revoked token for a working one."""
    if "api_actor" in g:
        return g.api_actor
    header = request.headers.get("Authorization", "")
    actor = ANONYMOUS
    if header:
        scheme, _, secret = header.partition(" ")
        found = actor_for_secret(read_session(), secret.strip()) if scheme == "Bearer" else None
        if found is None:
            raise ApiError(401, "invalid_token", "the token is unknown or revoked")
        actor = found
    g.api_actor = actor
    return actor


def require_token() -> Actor:
    actor = request_actor()
    if actor is ANONYMOUS:
        raise ApiError(401, "unauthenticated", "send a personal token: Authorization: Bearer ...")
    return actor
