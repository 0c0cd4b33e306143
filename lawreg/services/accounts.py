"""Accounts: creating, changing and signing in users, with throttling kept in the database.

Every change to a user is audited (never with the password hash) and needs the
``manage_users`` permission.  Sign-in failures are counted on the account (5 in a row lock
it for 15 minutes) and per client address (30 failures within 15 minutes refuse that
address), in tables rather than memory, so the limits hold across worker processes.  An
unknown user name is throttled like a real one and costs a password check too, so neither
the answer nor its timing tells whether an account exists.
"""

from __future__ import annotations

import enum
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..models import Agency, LoginAttempt, Role, User
from ..models.base import utcnow
from .errors import InvalidRecord, NotFound
from .permissions import Permission, require
from .unit_of_work import Actor, UnitOfWork

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
ADDRESS_WINDOW = timedelta(minutes=15)
MAX_ADDRESS_FAILURES = 30
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
# werkzeug's scrypt (n=2**15, r=8, p=1): memory-hard, about half a second per check on a
# small server, which is the point.  Tests swap in a cheap method to stay fast.
HASH_METHOD = "scrypt"
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
ACCOUNT_ROLES = tuple(role.value for role in Role if role != Role.PUBLIC)
_dummy_hashes: dict[str, str] = {}


def _dummy_hash() -> str:
    """A real hash (of the current method) to check when the user name is unknown, so both
    paths cost the same."""
    if HASH_METHOD not in _dummy_hashes:
        _dummy_hashes[HASH_METHOD] = generate_password_hash(secrets.token_hex(16), method=HASH_METHOD)
    return _dummy_hashes[HASH_METHOD]


def normalise_username(username: str) -> str:
    return username.strip().casefold()


def actor_for(user: User) -> Actor:
    """The :class:`Actor` a signed-in user acts as."""
    return Actor(name=f"user:{user.username}", role=user.role, user_id=user.id, agency_id=user.agency_id)


def find_user(uow: UnitOfWork, username: str) -> User | None:
    return uow.session.scalar(select(User).where(User.username == normalise_username(username)))


def get_user(uow: UnitOfWork, username: str) -> User:
    user = find_user(uow, username)
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user


def find_agency(uow: UnitOfWork, name: str) -> Agency:
    """The agency called ``name`` (its own name, not a path); unknown names are an error."""
    agency = uow.session.scalar(select(Agency).where(Agency.name == name.strip()))
    if agency is None:
        raise InvalidRecord("agency", f"no agency named {name!r}")
    return agency


def create_user(
    uow: UnitOfWork,
    username: str,
    password: str,
    role: str,
    *,
    display_name: str | None = None,
    email: str | None = None,
    agency: Agency | None = None,
) -> User:
    """Create an account; the name must be new (ignoring case) and an officer needs an agency."""
    require(uow.actor, Permission.MANAGE_USERS)
    name = normalise_username(username)
    if not USERNAME_RE.match(name):
        raise InvalidRecord(
            "username", "use 2–80 letters a–z, digits, '.', '_' or '-', starting with a letter or digit"
        )
    if find_user(uow, name) is not None:
        raise InvalidRecord("username", f"{name!r} is taken")
    _check_role(role, agency)
    _check_password(password)
    if email is not None and email.strip() and "@" not in email:
        raise InvalidRecord("email", "is not an e-mail address")
    user = User(
        username=name,
        display_name=(display_name or username).strip()[:200],
        email=(email or "").strip() or None,
        password_hash=generate_password_hash(password, method=HASH_METHOD),
        role=role,
        agency=agency,
        active=True,
        failed_logins=0,
        login_token=secrets.token_hex(32),
    )
    uow.session.add(user)
    uow.session.flush()
    uow.audit("user.create", "user", name, after=user_snapshot(user))
    return user


def disable_user(uow: UnitOfWork, username: str) -> User:
    """Disable an account; its open sessions end at their next request."""
    require(uow.actor, Permission.MANAGE_USERS)
    user = get_user(uow, username)
    before = user_snapshot(user)
    user.active = False
    user.login_token = secrets.token_hex(32)
    uow.session.flush()
    uow.audit("user.disable", "user", user.username, before=before, after=user_snapshot(user))
    return user


def set_role(uow: UnitOfWork, username: str, role: str, agency: Agency | None = None) -> User:
    """Give a user another role (and agency); their sessions are renewed with the new rights."""
    require(uow.actor, Permission.MANAGE_USERS)
    user = get_user(uow, username)
    _check_role(role, agency)
    before = user_snapshot(user)
    user.role = role
    user.agency = agency
    user.login_token = secrets.token_hex(32)
    uow.session.flush()
    uow.audit("user.set_role", "user", user.username, before=before, after=user_snapshot(user))
    return user


def set_password(uow: UnitOfWork, username: str, password: str) -> User:
    """Replace a password (and lift a lockout); other sessions of the user end."""
    require(uow.actor, Permission.MANAGE_USERS)
    user = get_user(uow, username)
    _check_password(password)
    user.password_hash = generate_password_hash(password, method=HASH_METHOD)
    user.login_token = secrets.token_hex(32)
    user.failed_logins = 0
    user.locked_until = None
    uow.session.flush()
    uow.audit("user.set_password", "user", user.username, after={"password": "changed"})
    return user


def _check_role(role: str, agency: Agency | None) -> None:
    if role not in ACCOUNT_ROLES:
        raise InvalidRecord("role", f"{role!r} is not one of {', '.join(ACCOUNT_ROLES)}")
    if role == Role.OFFICER and agency is None:
        raise InvalidRecord("agency", "an officer needs an agency")


def _check_password(password: str) -> None:
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise InvalidRecord(
            "password", f"must be {MIN_PASSWORD_LENGTH}–{MAX_PASSWORD_LENGTH} characters long"
        )


def user_snapshot(user: User) -> dict[str, Any]:
    """A user as audit data: never the password hash or the session token."""
    return {
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "role": user.role,
        "agency": user.agency.name if user.agency else None,
        "active": user.active,
    }


class LoginRefusal(enum.StrEnum):
    BAD_CREDENTIALS = "bad_credentials"
    LOCKED = "locked"
    ADDRESS_LIMITED = "address_limited"


@dataclass
class LoginResult:
    user: User | None = None
    refusal: LoginRefusal | None = None
    retry_after: datetime | None = None


def authenticate(
    uow: UnitOfWork, username: str, password: str, address: str, now: datetime | None = None
) -> LoginResult:
    """Check a sign-in and record the attempt; the caller commits even when it is refused.

    Refusals are results, not exceptions, so the failure counters are committed with the
    unit of work.  A locked account is refused without looking at the password.
    """
    now = now or utcnow()
    name = normalise_username(username)[:80]
    address = address[:64]
    since = now - ADDRESS_WINDOW
    address_failures = uow.session.scalar(
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.address == address, LoginAttempt.at >= since, LoginAttempt.succeeded.is_(False))
    )
    if address_failures >= MAX_ADDRESS_FAILURES:
        return LoginResult(refusal=LoginRefusal.ADDRESS_LIMITED, retry_after=now + ADDRESS_WINDOW)
    user = find_user(uow, name)
    locked_until = _locked_until(uow, user, name, now)
    if locked_until is not None:
        return LoginResult(refusal=LoginRefusal.LOCKED, retry_after=locked_until)

    valid = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    accepted = valid and user is not None and user.active
    uow.session.add(LoginAttempt(at=now, address=address, username=name, succeeded=accepted))
    if user is None:
        return LoginResult(refusal=LoginRefusal.BAD_CREDENTIALS)
    if not accepted:
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
            uow.audit("user.locked", "user", user.username, after={"until": user.locked_until.isoformat()})
        return LoginResult(refusal=LoginRefusal.BAD_CREDENTIALS)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    return LoginResult(user=user)


def _locked_until(uow: UnitOfWork, user: User | None, name: str, now: datetime) -> datetime | None:
    if user is not None:
        until = user.locked_until
        if until is not None and until.tzinfo is None:  # SQLite returns naive UTC times
            until = until.replace(tzinfo=now.tzinfo)
        return until if until is not None and until > now else None
    recent = uow.session.scalars(
        select(LoginAttempt.at)
        .where(LoginAttempt.username == name, LoginAttempt.at >= now - LOCKOUT)
        .order_by(LoginAttempt.at.desc())
        .limit(MAX_FAILURES)
    ).all()
    if len(recent) < MAX_FAILURES:
        return None
    latest = recent[0] if recent[0].tzinfo else recent[0].replace(tzinfo=now.tzinfo)
    return latest + LOCKOUT


def load_user_by_token(uow: UnitOfWork, token: str) -> User | None:
    """The active user whose session carries ``token`` (Flask-Login's user loader)."""
    return uow.session.scalar(select(User).where(User.login_token == token, User.active))
