"""Accounts: creating, changing and signing in users, with throttling kept in the database.

Every change to a user is audited (never with the password hash) and needs the
``manage_users`` permission.  Sign-in failures are counted per user name *and* client address:
after 5 failures in a row from one address that address waits before its next try for that
name, 30 seconds doubling up to 15 minutes.  Nobody can lock an account they do not own:
the owner signing in from their own address is not slowed by someone else's guesses.  An
address with 30 failures within 15 minutes (across names) is refused for a while too.  The
attempts are kept in a table rather than memory, so the limits hold across worker processes,
and behind a reverse proxy the address is the real client's (ProxyFix, ``PROXY_FIX_HOPS``).
An unknown user name is throttled like a real one and costs a password check too, so neither
the answer nor its timing tells whether an account exists.  Every failure is audited.

Passwords are 10–200 characters and must not be one of the 30,000 most common passwords of
the breach corpora that the ``zxcvbn`` package ships (checked offline, ignoring case).
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
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from ..errors import InvalidRecord, NotFound, PermissionDenied
from ..models import Agency, LoginAttempt, Role, User
from ..models.base import utcnow
from .permissions import Permission, require
from .unit_of_work import Actor, UnitOfWork

FREE_FAILURES = 5
FIRST_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(minutes=15)
FAILURE_WINDOW = timedelta(hours=1)
ADDRESS_WINDOW = timedelta(minutes=15)
MAX_ADDRESS_FAILURES = 30
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
# werkzeug's scrypt (n=2**15, r=8, p=1): memory-hard, about half a second per check on a
# small server, which is the point.  Tests swap in a cheap method to stay fast.
HASH_METHOD = "scrypt"
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
ACCOUNT_ROLES = tuple(role.value for role in Role if role != Role.PUBLIC)
COMMON_PASSWORDS = frozenset(FREQUENCY_LISTS["passwords"])
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
        raise NotFound("user.not_found", user=username)
    return user


def find_agency(uow: UnitOfWork, name: str) -> Agency:
    """The agency called ``name`` (its own name, not a path); unknown names are an error."""
    agency = uow.session.scalar(select(Agency).where(Agency.name == name.strip()))
    if agency is None:
        raise InvalidRecord("agency", "agency.not_found", agency=name)
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
        raise InvalidRecord("username", "user.name_invalid")
    if find_user(uow, name) is not None:
        raise InvalidRecord("username", "user.name_taken", user=name)
    _check_role(role, agency)
    _check_password(password)
    if email is not None and email.strip() and "@" not in email:
        raise InvalidRecord("email", "user.email_invalid")
    user = User(
        username=name,
        display_name=(display_name or username).strip()[:200],
        email=(email or "").strip() or None,
        password_hash=generate_password_hash(password, method=HASH_METHOD),
        role=role,
        agency=agency,
        active=True,
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
    """Replace a password; every open session of the user ends."""
    require(uow.actor, Permission.MANAGE_USERS)
    user = get_user(uow, username)
    _replace_password(uow, user, password, "user.set_password")
    return user


def change_own_password(uow: UnitOfWork, current: str, new: str) -> User:
    """The signed-in user replaces their own password: the current one must be given (a
    session left open on a shared desk cannot take the account over), the new one meets the
    policy.  Their other sessions end; the caller signs the current one in again."""
    if uow.actor.user_id is None:
        raise PermissionDenied("auth.sign_in_required")
    user = uow.session.get(User, uow.actor.user_id)
    if user is None or not user.active:
        raise NotFound("user.not_found", user=uow.actor.user_id)
    if not check_password_hash(user.password_hash, current):
        raise InvalidRecord("current_password", "user.password_not_current")
    if current == new:
        raise InvalidRecord("password", "user.password_unchanged")
    _replace_password(uow, user, new, "user.change_password")
    return user


def _replace_password(uow: UnitOfWork, user: User, password: str, action: str) -> None:
    """Store ``password`` (held to the policy), end every open session of ``user`` (a new
    login token) and audit ``action`` without the password."""
    _check_password(password)
    user.password_hash = generate_password_hash(password, method=HASH_METHOD)
    user.login_token = secrets.token_hex(32)
    uow.session.flush()
    uow.audit(action, "user", user.username, after={"password": "changed"})


def list_users(uow: UnitOfWork) -> list[User]:
    """Every account, active first, then by display name (the administrators' list)."""
    require(uow.actor, Permission.MANAGE_USERS)
    return list(uow.session.scalars(select(User).order_by(User.active.desc(), User.display_name, User.username)))


def update_user(uow: UnitOfWork, username: str, *, display_name: str, email: str | None, role: str,
                agency: Agency | None, active: bool) -> User:
    """An administrator's edit of an account: name shown, e-mail, role, agency, active.

    A change of role, agency or active flag ends the user's sessions (their rights
    changed); a new display name or e-mail does not.  Administrators cannot disable or
    demote themselves, so the registry never loses its last way in by a slip.
    """
    require(uow.actor, Permission.MANAGE_USERS)
    user = get_user(uow, username)
    name = display_name.strip()
    if not name:
        raise InvalidRecord("display_name", "field.empty")
    if email is not None and email.strip() and "@" not in email:
        raise InvalidRecord("email", "user.email_invalid")
    _check_role(role, agency)
    if user.id == uow.actor.user_id and (not active or role != Role.ADMIN):
        raise InvalidRecord("role", "user.self_demotion")
    before = user_snapshot(user)
    rights_changed = (user.role, user.agency_id, user.active) != (role, agency.id if agency else None, active)
    user.display_name = name[:200]
    user.email = (email or "").strip() or None
    user.role = role
    user.agency = agency
    user.active = active
    if rights_changed:
        user.login_token = secrets.token_hex(32)
    uow.session.flush()
    after = user_snapshot(user)
    if after != before:
        uow.audit("user.update", "user", user.username, before=before, after=after)
    return user


def _check_role(role: str, agency: Agency | None) -> None:
    if role not in ACCOUNT_ROLES:
        raise InvalidRecord("role", "user.role_unknown", role=role, roles=", ".join(ACCOUNT_ROLES))
    if role == Role.OFFICER and agency is None:
        raise InvalidRecord("agency", "user.officer_needs_agency")


def sign_out_everywhere(uow: UnitOfWork, user_id: int) -> None:
    """End every session of a user (sign-out): a copied session cookie stops working too.

    Only the user themself signs out this way; administrators use :func:`disable_user`.
    """
    if uow.actor.user_id != user_id:
        raise PermissionDenied("user.sign_out_own_only")
    user = uow.session.get(User, user_id)
    if user is None:
        raise NotFound("user.not_found", user=user_id)
    user.login_token = secrets.token_hex(32)
    uow.session.flush()
    uow.audit("user.sign_out", "user", user.username)


def _check_password(password: str) -> None:
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise InvalidRecord("password", "user.password_length", min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH)
    if password.casefold() in COMMON_PASSWORDS:
        raise InvalidRecord("password", "user.password_common")


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

    Refusals are results, not exceptions, so the attempts and audit entries are committed
    with the unit of work.  A name and address that must wait are refused without looking
    at the password.
    """
    now = now or utcnow()
    name = normalise_username(username.replace("\x00", ""))[:80]
    address = address.replace("\x00", "")[:64]
    address_failures = uow.session.scalar(
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.address == address, LoginAttempt.at >= now - ADDRESS_WINDOW,
               LoginAttempt.succeeded.is_(False))
    ) or 0
    if address_failures >= MAX_ADDRESS_FAILURES:
        return _refuse(uow, name, address, LoginRefusal.ADDRESS_LIMITED, now + ADDRESS_WINDOW)
    wait_until = _wait_until(uow, name, address, now)
    if wait_until is not None:
        return _refuse(uow, name, address, LoginRefusal.LOCKED, wait_until)

    user = find_user(uow, name)
    valid = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    accepted = valid and user is not None and user.active
    uow.session.add(LoginAttempt(at=now, address=address, username=name, succeeded=accepted))
    if user is None or not accepted:
        return _refuse(uow, name, address, LoginRefusal.BAD_CREDENTIALS, None)
    user.last_login_at = now
    return LoginResult(user=user)


def _refuse(uow: UnitOfWork, name: str, address: str, refusal: LoginRefusal,
            retry_after: datetime | None) -> LoginResult:
    """Audit a refused sign-in and say why it was refused."""
    uow.audit("user.login_refused", "user", name, after={"address": address, "reason": refusal.value})
    return LoginResult(refusal=refusal, retry_after=retry_after)


def _wait_until(uow: UnitOfWork, name: str, address: str, now: datetime) -> datetime | None:
    """When this name may next be tried from this address, if that is still ahead.

    The failures in a row since the pair's last success within :data:`FAILURE_WINDOW` count;
    past :data:`FREE_FAILURES` each one doubles the wait, up to :data:`MAX_DELAY`.
    """
    pair = (LoginAttempt.username == name, LoginAttempt.address == address,
            LoginAttempt.at >= now - FAILURE_WINDOW)
    last_success = uow.session.scalar(select(func.max(LoginAttempt.at)).where(*pair, LoginAttempt.succeeded))
    failures = select(LoginAttempt.at).where(*pair, LoginAttempt.succeeded.is_(False))
    if last_success is not None:
        failures = failures.where(LoginAttempt.at > last_success)
    recent = uow.session.scalars(
        failures.order_by(LoginAttempt.at.desc()).limit(FREE_FAILURES + 10)
    ).all()
    if len(recent) < FREE_FAILURES:
        return None
    delay = min(FIRST_DELAY * 2 ** (len(recent) - FREE_FAILURES), MAX_DELAY)
    latest = recent[0] if recent[0].tzinfo else recent[0].replace(tzinfo=now.tzinfo)
    until = latest + delay
    return until if until > now else None


def load_user_by_token(uow: UnitOfWork, token: str) -> User | None:
    """The active user whose session carries ``token`` (Flask-Login's user loader)."""
    return uow.session.scalar(select(User).where(User.login_token == token, User.active))
