"""The new-invoice mail queue (SQS) and the marks that make each mail go once.

| access pattern                         | key condition                                                   |
|----------------------------------------|-----------------------------------------------------------------|
| an import's mail sent to an account    | PutItem pk=TENANT#{t}#NOTICE#{import}#{a}, sk=NOTICE, if absent |
| invoice reminded to an account         | PutItem pk=TENANT#{t}#REMINDED#{a}#{i}, sk=REMINDED, if absent  |
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from portal.kernel.ids import TenantSlug
from portal.platform import queues
from portal.platform.aws import translate_aws_errors
from portal.platform.config import settings
from portal.platform.table import Item, write_if

NOTICE, REMINDED = "NOTICE", "REMINDED"


def notice_key(tenant: TenantSlug, import_id: str, account_id: str) -> str:
    """The mail about an import's new invoices sent to an account (sent once, even when retried)."""
    return f"TENANT#{tenant}#NOTICE#{import_id}#{account_id}"


def reminded_key(tenant: TenantSlug, account_id: str, invoice_id: str) -> str:
    """An invoice was reminded to an account (never twice)."""
    return f"TENANT#{tenant}#REMINDED#{account_id}#{invoice_id}"


class NoticeRecord(Item):
    """An import's new-invoice mail was sent to an account; TTL sweeps it after two weeks."""

    sk = UnicodeAttribute(range_key=True, default=NOTICE)
    expires_at = NumberAttribute()


class RemindedRecord(Item):
    """An invoice was reminded to an account; TTL sweeps it after 60 days."""

    sk = UnicodeAttribute(range_key=True, default=REMINDED)
    expires_at = NumberAttribute()


NOTICE_DAYS = 14
REMINDED_DAYS = 60


def enqueue(messages: Sequence[Mapping[str, Any]]) -> None:
    """Queue new-invoice messages, grouped by tenant (a city's monthly run does not hold back another town's
    mails: SQS's fair queues); any message not taken raises (the import is retried)."""
    queues.send(settings().notifications_queue_url, messages, group="tenant")


def claim(tenant: TenantSlug, import_id: str, account_id: str, now: int) -> bool:
    """Mark an import's mail to an account as sent; False if it was already (a redelivered message)."""
    return _mark(NoticeRecord(notice_key(tenant, import_id, account_id), NOTICE), now + NOTICE_DAYS * 86400)


def release(tenant: TenantSlug, import_id: str, account_id: str) -> None:
    """The mail could not go: let the redelivered message send it."""
    _unmark(NoticeRecord(notice_key(tenant, import_id, account_id), NOTICE))


def claim_reminder(tenant: TenantSlug, account_id: str, invoice_id: str, now: int) -> bool:
    """Mark an invoice as reminded to an account; False if it already was."""
    record = RemindedRecord(reminded_key(tenant, account_id, invoice_id), REMINDED)
    return _mark(record, now + REMINDED_DAYS * 86400)


def release_reminder(tenant: TenantSlug, account_id: str, invoice_id: str) -> None:
    _unmark(RemindedRecord(reminded_key(tenant, account_id, invoice_id), REMINDED))


def _mark(record: NoticeRecord | RemindedRecord, expires_at: int) -> bool:
    """Write a mark if it is absent (TTL ``expires_at``); False if it was there."""
    record.expires_at = expires_at
    return write_if(lambda: record.save(condition=type(record).pk.does_not_exist()))


def _unmark(record: NoticeRecord | RemindedRecord) -> None:
    with translate_aws_errors():
        record.delete()
