"""SQS (queued by bookings, absences and imports): the espace famille's mails, each sent once, and the
bookings of days the town closed, found (``closing``) then cancelled before their mail (``closed``)."""

import json
from typing import Any

from portal.bookings import closures, mailing
from portal.bookings.messages import BookingMessage
from portal.platform.errors import ApiError
from portal.platform.observability import logger
from portal.platform.queues import Message, PartialBatchResponse, each_message
from portal.platform.table import connect

connect()  # during INIT, not in the first batch


# A closed message cancels up to closures.LINES_PER_MESSAGE bookings, one transaction each: a message is
# not started with less time left than that takes, so a batch never times out half-way through one.
RESERVE_MS = 10_000


class TooLittleTimeLeft(Exception):
    """This message waits for a batch with more time left (not a timeout of a call: those are failures)."""


def deliver(record: Message, lambda_context: Any) -> None:
    """One message: its mails, or a closing's step. Raising reports it alone as failed: SQS delivers it again
    (what was sent is marked and not sent twice), and a message that keeps failing ends in the dead-letter
    queue (alarmed)."""
    if lambda_context.get_remaining_time_in_millis() < RESERVE_MS:
        raise TooLittleTimeLeft()
    try:
        message: BookingMessage = json.loads(record["body"])
        kind = message["kind"]
    except (KeyError, TypeError, ValueError):
        logger.error("booking mail message malformed: dropped")  # retrying would never help
        return
    done = step(message)
    logger.info("booking mail message", extra={"kind": kind, "done": done})


def step(message: BookingMessage) -> int:
    """A closing's first step lists the bookings (how many), its second cancels them and mails (how many
    mails); any other message is mails (how many)."""
    if message["kind"] == "closing":
        return closures.find(message)
    if message["kind"] == "closed":
        return closures.deliver(message)
    return mailing.deliver(message)


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> PartialBatchResponse:
    # A message waits for a busy dependency (ApiError) or for a batch with more time left.
    return each_message(event, lambda record: deliver(record, context), expected=(ApiError, TooLittleTimeLeft))
