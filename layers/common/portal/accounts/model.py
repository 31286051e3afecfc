"""The accounts' values: frozen dataclasses the store returns and the rules work on."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from portal.kernel.ids import TenantSlug

PENDING, ACTIVE = "pending", "active"
# The password hash of a pending account registered twice with two passwords: no password verifies it.
CONTESTED = "!contested"


def normalize_email(value: str) -> str:
    """One spelling per address (the API's, SES events'): trimmed, Unicode NFC, lower case, and the
    domain in its ASCII form, so that ``léa@exämple.org`` typed in NFD or as ``xn--exmple-cua.org``
    is one account, and SES (which takes ASCII domains) gets the address as stored."""
    text = unicodedata.normalize("NFC", value.strip()).lower()
    local, at, domain = text.rpartition("@")
    if not at or domain.isascii():
        return text
    import idna  # only for internationalised domains: most addresses never load its tables

    try:
        return f"{local}@{idna.encode(domain, uts46=True).decode('ascii')}"
    except idna.IDNAError:  # not a domain at all: it matches nothing, and validation refuses it
        return text


@dataclass(frozen=True)
class Notifications:
    """Which notification mails the person wants (all by default); ``bookings``: a booking request's summary;
    ``requests`` (v1.3): the town's answers to the family's requests and messages."""

    new_invoices: bool = True
    reminders: bool = True
    bookings: bool = True
    requests: bool = True


@dataclass(frozen=True)
class Registration:
    """What a (re-)registration writes: the details a pending account takes from it."""

    civility: str
    last_name: str
    first_name: str
    password_hash: str
    terms_version: str
    terms_accepted_at: datetime
    subscriptions: Mapping[str, str]


@dataclass(frozen=True)
class Account(Registration):
    """A citizen account: what its registration wrote, its identity and its state.

    ``status``: ``pending`` until activated, then ``active`` (any other value:
    disabled). ``subscriptions``: family_id → subscribed_at.
    ``revoked_tokens``: logged-out token ids → their expiry (epoch seconds).
    ``token_generation``: access tokens of another generation are void (a
    password change moves it on). ``pending_email``: an address awaiting
    confirmation from its own mailbox."""

    account_id: str
    tenant: TenantSlug
    email: str
    status: str
    created_at: datetime
    activated_at: datetime | None = None
    revoked_tokens: Mapping[str, int] = field(default_factory=dict)
    notifications: Notifications = Notifications()
    email_undeliverable: bool = False
    token_generation: int = 0
    pending_email: str | None = None
