"""SQS (queued by imports and the daily reminders' job): mail each follower about an import's new invoices,
and each account its reminders, once."""

import json
from typing import Any

from portal.notifications import invoices as notifications
from portal.platform.config import settings
from portal.platform.errors import ApiError
from portal.platform.observability import logger
from portal.platform.queues import Message, PartialBatchResponse, each_message
from portal.platform.table import connect

connect()  # during INIT, not in the first batch


def deliver(record: Message) -> None:
    """One message: an import's new invoices for an account, a slice of a day's reminders to sort, or an
    account's reminder. Raising reports the message alone as failed: SQS delivers it again after the
    visibility timeout, and a message that keeps failing ends in the dead-letter queue."""
    try:
        message = json.loads(record["body"])
        kind = message.get("kind") if isinstance(message, dict) else None  # new invoices' have none
        if kind == "reminders":
            outcome: object = notifications.sort_reminders(message)
        elif kind == "reminder":
            outcome = notifications.deliver_reminder(message)
        else:
            outcome = notifications.deliver(message)
    except (KeyError, TypeError, ValueError):
        logger.error("notification message malformed: dropped")  # retrying would never help
        return
    logger.info("notification message", extra={"kind": kind or "new_invoices", "outcome": outcome})


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> PartialBatchResponse:
    # A message waits for its import's invoices (NotReadyYet) or for a busy dependency (ApiError); one SES
    # refused for its sending rate goes back to the queue (it never counts towards the dead-letter queue).
    return each_message(
        event, deliver, expected=(notifications.NotReadyYet, ApiError), requeue=settings().notifications_queue_url
    )
