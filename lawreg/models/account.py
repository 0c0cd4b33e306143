"""People who sign in, and the record of sign-in attempts that throttles password guessing.

Anonymous visitors are the *public* role and have no row.  An officer belongs to an agency
and acts for that agency's laws; reviewers (the central review unit), committee members and
administrators act across agencies.  What each role may do is decided in one place,
:mod:`lawreg.services.permissions`, not here.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .agency import Agency
from .base import Base, Timestamped, utcnow


class Role(enum.StrEnum):
    PUBLIC = "public"
    OFFICER = "officer"
    REVIEWER = "reviewer"
    COMMITTEE = "committee"
    ADMIN = "admin"


class User(Timestamped, Base):
    """An account.  ``username`` is stored case-folded, so "Somchai" and "somchai" are one.

    ``login_token`` is what the browser session carries (Flask-Login's alternative id); it
    changes when the password, role or active flag changes, which signs the user out of
    every open session at once.
    """

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), index=True)
    agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agency.id", ondelete="SET NULL"), index=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    login_token: Mapped[str] = mapped_column(String(64), unique=True)

    agency: Mapped[Agency | None] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"


class LoginAttempt(Base):
    """One sign-in attempt, kept so limits hold across processes (per name and address, and
    per address)."""

    __tablename__ = "login_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)
