"""The new-invoice mail queue (SQS) and the marks that make each mail go once."""

from __future__ import annotations

import json
from typing import Any

from portal.platform.aws import client, translate_aws_errors
from portal.platform.config import settings
from portal.platform.errors import ServiceUnavailable
from portal.platform.table import NoticeRecord, RemindedRecord, write_if
from portal.store import keys

NOTICE_DAYS = 14
REMINDED_DAYS = 60


def enqueue(messages: list[dict[str, Any]]) -> None:
    """Queue messages, ten to a SendMessageBatch; any message not taken raises (the import is retried)."""
    queue = settings().notifications_queue_url
    with translate_aws_errors():
        for start in range(0, len(messages), 10):
            batch = messages[start : start + 10]
            entries = [{"Id": str(i), "MessageBody": json.dumps(m)} for i, m in enumerate(batch)]
            answer = client("sqs").send_message_batch(QueueUrl=queue, Entries=entries)
            if answer.get("Failed"):
                raise ServiceUnavailable("The notification queue refused messages")


def claim(tenant: str, import_id: str, account_id: str, now: int) -> bool:
    """Mark an import's mail to an account as sent; False if it was already (a redelivered message)."""
    return _mark(NoticeRecord(keys.notice(tenant, import_id, account_id), keys.NOTICE), now + NOTICE_DAYS * 86400)


def release(tenant: str, import_id: str, account_id: str) -> None:
    """The mail could not go: let the redelivered message send it."""
    _unmark(NoticeRecord(keys.notice(tenant, import_id, account_id), keys.NOTICE))


def claim_reminder(tenant: str, account_id: str, invoice_id: str, now: int) -> bool:
    """Mark an invoice as reminded to an account; False if it already was."""
    record = RemindedRecord(keys.reminded(tenant, account_id, invoice_id), keys.REMINDED)
    return _mark(record, now + REMINDED_DAYS * 86400)


def release_reminder(tenant: str, account_id: str, invoice_id: str) -> None:
    _unmark(RemindedRecord(keys.reminded(tenant, account_id, invoice_id), keys.REMINDED))


def _mark(record: NoticeRecord | RemindedRecord, expires_at: int) -> bool:
    """Write a mark if it is absent (TTL ``expires_at``); False if it was there."""
    record.expires_at = expires_at
    return write_if(lambda: record.save(condition=type(record).pk.does_not_exist()))


def _unmark(record: NoticeRecord | RemindedRecord) -> None:
    with translate_aws_errors():
        record.delete()
