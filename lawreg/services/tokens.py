"""Personal API tokens: create, list, revoke, and the actor a presented token stands for.

A token acts exactly as its owner would on the pages (same role, same agency, same
permission table); an inactive owner or a revoked token acts as nobody.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import InvalidRecord, NotFound, PermissionDenied
from ..models import ApiToken, User
from ..models.base import utcnow
from .accounts import actor_for, get_user
from .permissions import Permission, can
from .unit_of_work import Actor, UnitOfWork

SECRET_PREFIX = "lrt_"
NAME_MAX = 100


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    secret: str  # shown once; only its hash is stored


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _owner(uow: UnitOfWork, username: str | None) -> User:
    """The user a token is for: oneself, or (for an administrator) anyone."""
    if username is not None:
        user = get_user(uow, username)
        if user.id != uow.actor.user_id and not can(uow.actor, Permission.MANAGE_USERS):
            raise PermissionDenied("token.others_admin_only")
        return user
    if uow.actor.user_id is None:
        raise PermissionDenied("auth.sign_in_required")
    own = uow.session.get(User, uow.actor.user_id)
    if own is None:
        raise NotFound("user.not_found", user=uow.actor.user_id)
    return own


def create_token(uow: UnitOfWork, name: str, username: str | None = None) -> CreatedToken:
    """A new token for the actor (or, for an administrator, for ``username``); audited."""
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise InvalidRecord("name", "token.name_length", max=NAME_MAX)
    user = _owner(uow, username)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, prefix=secret[:12], secret_hash=hash_secret(secret))
    uow.session.add(token)
    uow.session.flush()
    uow.audit("create", "api_token", str(token.id), after={"user": user.username, "name": name,
                                                            "prefix": token.prefix})
    return CreatedToken(token, secret)


def list_tokens(uow: UnitOfWork, username: str | None = None) -> list[ApiToken]:
    user = _owner(uow, username)
    return list(uow.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)))


def revoke_token(uow: UnitOfWork, token_id: int) -> ApiToken:
    """Revoke a token of one's own (an administrator: anyone's); revoking twice is a no-op."""
    token = uow.session.get(ApiToken, token_id)
    if token is None:
        raise NotFound("token.not_found", token=token_id)
    if token.user_id != uow.actor.user_id and not can(uow.actor, Permission.MANAGE_USERS):
        raise PermissionDenied("token.revoke_admin_only")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        uow.audit("revoke", "api_token", str(token.id), after={"prefix": token.prefix})
    return token


def actor_for_secret(session: Session, secret: str) -> Actor | None:
    """The actor of a presented secret, or ``None`` (unknown, revoked, inactive owner)."""
    if not secret.startswith(SECRET_PREFIX):
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.secret_hash == hash_secret(secret)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    return actor_for(token.user)
