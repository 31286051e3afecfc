"""Marks of the booking mails sent, so that a message delivered twice never mails twice (``platform.marks``)."""

from __future__ import annotations

from portal.bookings.store.keys import mail_mark_key
from portal.kernel.ids import TenantSlug
from portal.platform import marks


def claim(tenant: TenantSlug, mail_id: str, account_id: str, now: int) -> bool:
    """Mark a booking mail to an account as sent; False if it was already (a redelivered message)."""
    return marks.claim_mail(mail_mark_key(tenant, mail_id, account_id), now)


def release(tenant: TenantSlug, mail_id: str, account_id: str) -> None:
    """The mail could not go: let the redelivered message send it."""
    marks.release_mail(mail_mark_key(tenant, mail_id, account_id))
