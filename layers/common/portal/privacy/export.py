"""Everything the portal holds about the person (GDPR articles 15 and 20): never a hash, token or code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from portal.accounts.model import Notifications
from portal.appointments import booking as appointments
from portal.billing import subscriptions
from portal.documents import uploads
from portal.documents.model import Document
from portal.kernel import clock
from portal.payments.model import PaymentStatus
from portal.payments.statuses import started_by
from portal.requests import asking
from portal.requests.model import Request
from portal.threads import writing as threads
from portal.threads.model import ThreadView

if TYPE_CHECKING:
    from portal.accounts.sessions import Principal  # PyJWT: loaded with the first citizen request, not at start-up


@dataclass(frozen=True)
class Names:
    civility: str
    last_name: str
    first_name: str


@dataclass(frozen=True)
class Terms:
    version: str
    accepted_at: str


@dataclass(frozen=True)
class FollowedFamily:
    family_id: str
    label: str
    since: str


@dataclass(frozen=True)
class Everything:
    """The ``Export`` body."""

    profile: Names
    email: str
    created_at: str
    activated_at: str | None
    terms: Terms
    notifications: Notifications
    email_undeliverable: bool
    subscriptions: tuple[FollowedFamily, ...]
    online_payments: tuple[PaymentStatus, ...]
    requests: tuple[Request, ...]
    documents: tuple[Document, ...]
    threads: tuple[ThreadView, ...]
    appointments: tuple[appointments.Booked, ...]


def export(principal: Principal) -> Everything:
    account = principal.account
    return Everything(
        profile=Names(account.civility, account.last_name, account.first_name),
        email=account.email,
        created_at=clock.rfc3339(account.created_at),
        activated_at=clock.rfc3339(account.activated_at) if account.activated_at else None,
        terms=Terms(account.terms_version, clock.rfc3339(account.terms_accepted_at)),
        notifications=account.notifications,
        email_undeliverable=account.email_undeliverable,
        subscriptions=tuple(
            FollowedFamily(s.family_id, s.label, s.subscribed_at)
            for s in subscriptions.list_subscriptions(principal).items
        ),
        online_payments=started_by(principal),
        requests=asking.made_by(principal),
        documents=uploads.sent_by(principal),
        threads=threads.written_by(principal),
        appointments=appointments.mine(principal).items,
    )
