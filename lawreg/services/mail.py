"""Sending e-mail: through the configured SMTP server, or into a folder in development.

:class:`MailSettings` comes from the application's ``MAIL_*`` settings.  With
``MAIL_SERVER`` set, :func:`deliver` hands each message to that server (STARTTLS when
``MAIL_USE_TLS``, a login when ``MAIL_USERNAME`` is given).  Without one, the message is
written as an ``.eml`` file to ``MAIL_SINK`` (``instance/mail`` by default) — a debugging
sink a developer opens with any mail reader, so nothing leaves the machine by accident.
"""

from __future__ import annotations

import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

SMTP_TIMEOUT = 30


@dataclass(frozen=True)
class MailSettings:
    server: str
    port: int
    use_tls: bool
    username: str
    password: str
    sender: str
    sink: Path

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> MailSettings:
        return cls(server=str(config.get("MAIL_SERVER") or ""), port=int(config.get("MAIL_PORT") or 25),
                   use_tls=bool(config.get("MAIL_USE_TLS")), username=str(config.get("MAIL_USERNAME") or ""),
                   password=str(config.get("MAIL_PASSWORD") or ""),
                   sender=str(config.get("MAIL_FROM") or "lawreg@localhost"),
                   sink=Path(config.get("MAIL_SINK") or "instance/mail"))


def deliver(message: EmailMessage, settings: MailSettings) -> str:
    """Send ``message`` (From and Message-ID filled in when missing); returns where it went:
    ``smtp:host:port`` or the path of the ``.eml`` file."""
    if "From" not in message:
        message["From"] = settings.sender
    if "Message-ID" not in message:
        message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or "localhost")
    if not settings.server:
        settings.sink.mkdir(parents=True, exist_ok=True)
        name = message["Message-ID"].strip("<>").replace("/", "_").replace("@", "_at_")
        path = settings.sink / f"{name}.eml"
        path.write_bytes(message.as_bytes())
        return str(path)
    with smtplib.SMTP(settings.server, settings.port, timeout=SMTP_TIMEOUT) as smtp:
        if settings.use_tls:
            smtp.starttls()
        if settings.username:
            smtp.login(settings.username, settings.password)
        smtp.send_message(message)
    return f"smtp:{settings.server}:{settings.port}"
