"""SQS (queued by imports): the days the town closed, in two steps: an import's ``closing`` lists the
bookings of what it closed, once the import stored its records; each family's ``closed`` cancels them, then
mails its followers (``portal.bookings.closures``)."""

import json
from typing import Any

from portal.bookings import closures
from portal.bookings.messages import ClosedMessage, ClosingMessage
from portal.platform.config import settings
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
    """One step of a closing. Raising reports it alone as failed: SQS delivers it again (a cancel is
    conditional, a mail marked), and a message that keeps failing ends in the dead-letter queue (alarmed)."""
    if lambda_context.get_remaining_time_in_millis() < RESERVE_MS:
        raise TooLittleTimeLeft()
    try:
        message: ClosingMessage | ClosedMessage = json.loads(record["body"])
        kind = message["kind"]
    except (KeyError, TypeError, ValueError):
        logger.error("closing message malformed: dropped")  # retrying would never help
        return
    # The first step lists the bookings (how many), the second cancels them and mails (how many mails).
    done = closures.find(message) if message["kind"] == "closing" else closures.deliver(message)
    logger.info("closing message", extra={"kind": kind, "done": done})


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> PartialBatchResponse:
    # A message waits for a busy dependency (ApiError), for its import, or for a batch with more time left; one
    # whose mail SES refused for its rate goes back to the queue (its cancellations are done, its mail once).
    return each_message(
        event,
        lambda record: deliver(record, context),
        expected=(ApiError, TooLittleTimeLeft),
        requeue=settings().booking_closures_queue_url,
    )
