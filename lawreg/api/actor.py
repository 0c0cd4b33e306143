"""Who is calling the API: the holder of a personal token, else an anonymous reader."""

from __future__ import annotations

from ..services.permissions import ANONYMOUS
from ..services.unit_of_work import Actor


def request_actor() -> Actor:
    """The actor of the current API request (anonymous without a valid token)."""
    return ANONYMOUS
