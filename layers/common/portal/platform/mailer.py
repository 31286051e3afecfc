"""The citizen emails, in French, text and HTML, sent through SES.

Each mail is a greeting, paragraphs and at most one link, written once and
rendered twice (text, and HTML with every value escaped). Links are built from
the tenant's configured portal URL, never from request headers. An SES failure
is a 503 with Retry-After (``aws.translate_aws_errors``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from functools import cache
from html import escape
from typing import Protocol
from urllib.parse import quote

from portal.kernel.ids import TenantSlug
from portal.platform import metering
from portal.platform.aws import client, translate_aws_errors
from portal.platform.config import settings


class Sender(Protocol):
    """Who a mail is sent for: a municipality (``tenancy.model.Tenant``) as the mailer needs it."""

    @property
    def slug(self) -> TenantSlug: ...
    @property
    def name(self) -> str: ...
    @property
    def sender_email(self) -> str: ...
    @property
    def portal_url(self) -> str: ...


@dataclass(frozen=True)
class Attachment:
    """A file sent with a mail (an appointment's iCalendar)."""

    filename: str
    content_type: str  # "text/calendar"
    data: bytes
    params: Mapping[str, str] = field(default_factory=dict)  # of the content type: {"method": "PUBLISH"}


def link(tenant: Sender, page: str, token: str | None = None) -> str:
    """A page of the tenant's portal, with a link token if given."""
    return f"{tenant.portal_url}/{page}" + (f"?token={quote(token, safe='')}" if token else "")


# The municipality a mail was sent for, in its headers: SES's bounce and complaint events
# quote the headers, and an address is an account only within its tenant.
TENANT_HEADER = "X-Espace-Famille-Tenant"


def euros(cents: int) -> str:
    """12,30 € (French format, a narrow no-break space before the thousands)."""
    whole, rest = divmod(cents, 100)
    return f"{whole:,}".replace(",", "\u202f") + f",{rest:02d} €"


WEEKDAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTH_NAMES = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def day_in_words(day: date) -> str:
    """« lundi 7 décembre 2026 »."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def french_date(day: str) -> str:
    return "/".join(reversed(day.split("-")))


def send(
    tenant: Sender,
    to: str,
    subject: str,
    first_name: str | None,
    paragraphs: list[str],
    action: tuple[str, str] | None,
    closing: str | None = None,
    unsubscribe: str | None = None,
    attachments: Sequence[Attachment] = (),
) -> None:
    """One multipart/alternative message (text and HTML), with its attachments if any (multipart/mixed),
    through SES SendRawEmail."""
    greeting = f"Bonjour {first_name}," if first_name else "Bonjour,"
    after = [*([closing] if closing else []), tenant.name]
    text = "\n\n".join([greeting, *paragraphs, *([f"{action[0]} : {action[1]}"] if action else []), *after])
    button = [f'<a href="{escape(action[1])}">{escape(action[0])}</a>'] if action else []
    html = "".join(f"<p>{part}</p>" for part in [*map(escape, [greeting, *paragraphs]), *button, *map(escape, after)])
    message = EmailMessage()
    message["From"] = formataddr((tenant.name, tenant.sender_email))
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=tenant.sender_email.rpartition("@")[2] or None)
    message[TENANT_HEADER] = tenant.slug  # SES bounce and complaint events carry it back (``mail_events``)
    if unsubscribe:
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text + "\n")
    message.add_alternative(html, subtype="html")
    for attached in attachments:
        maintype, _, subtype = attached.content_type.partition("/")
        message.add_attachment(
            attached.data, maintype=maintype, subtype=subtype, filename=attached.filename, params=dict(attached.params)
        )
    _wait_turn()
    with translate_aws_errors():
        client("ses").send_raw_email(
            Source=tenant.sender_email,
            Destinations=[to],
            RawMessage={"Data": message.as_bytes()},
        )
    metering.count(tenant.slug, emails_sent=1)


class Pace:
    """At most ``per_second`` turns a second in this process: a turn comes ``1 / per_second`` after the one
    before, and whoever asks for it earlier waits (threads included)."""

    def __init__(
        self,
        per_second: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval, self.clock, self.sleep = 1 / per_second, clock, sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = self.clock()
            turn = max(self._next, now)
            self._next = turn + self.interval
        if turn > now:
            self.sleep(turn - now)


@cache
def pace(per_second: float) -> Pace:
    """This container's pace (a warm container keeps it from one batch to the next)."""
    return Pace(per_second)


def _wait_turn() -> None:
    """A paced function (``settings().mail_send_rate``) waits for its turn: its workers together keep to
    their share of the account's SES rate, so a bulk run is not throttled by SES."""
    config = settings()
    if config.mail_send_rate:
        pace(config.mail_send_rate / max(1, config.mail_workers)).wait()
