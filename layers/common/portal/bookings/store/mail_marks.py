"""Marks of the booking mails sent, so that a message delivered twice never mails twice."""

from __future__ import annotations

from portal.bookings.store.items import MailMarkRecord
from portal.bookings.store.keys import mail_mark_key
from portal.kernel.ids import TenantSlug
from portal.platform.aws import translate_aws_errors
from portal.platform.table import write_if


def claim(tenant: TenantSlug, mail_id: str, account_id: str, now: int) -> bool:
    """Mark a booking mail to an account as sent; False if it was already (a redelivered message)."""
    record = MailMarkRecord(mail_mark_key(tenant, mail_id, account_id), "MAIL")
    record.expires_at = now + 14 * 86400
    return write_if(lambda: record.save(condition=MailMarkRecord.pk.does_not_exist()))


def release(tenant: TenantSlug, mail_id: str, account_id: str) -> None:
    """The mail could not go: let the redelivered message send it."""
    with translate_aws_errors():
        MailMarkRecord(mail_mark_key(tenant, mail_id, account_id), "MAIL").delete()
