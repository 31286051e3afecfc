"""SQS (queued by bookings, absences, imports, the sweep and the town's decisions): the espace famille's
mails, each sent once: a request's summary, the end of an account's summary window, a family's places
obtained (``portal.bookings.mailing``), the town's answer to a family's request (``portal.requests.mails``),
a paper the town sent (``portal.documents.sending``), a message in a thread (``portal.threads.mails``), an
appointment booked or cancelled (``portal.appointments.mails``)."""

import json
from typing import Any

from portal.bookings import mailing
from portal.bookings.messages import Mail, SummaryDueMessage
from portal.platform.config import settings
from portal.platform.errors import ApiError
from portal.platform.observability import logger
from portal.platform.queues import Message, PartialBatchResponse, each_message
from portal.platform.table import connect

connect()  # during INIT, not in the first batch


def deliver(record: Message) -> None:
    """One message's mails. Raising reports it alone as failed: SQS delivers it again (what was sent is
    marked and not sent twice), and a message that keeps failing ends in the dead-letter queue (alarmed)."""
    try:
        message: Mail | SummaryDueMessage = json.loads(record["body"])
        kind: str = message["kind"]
    except (KeyError, TypeError, ValueError):
        logger.error("booking mail message malformed: dropped")  # retrying would never help
        return
    if kind == "decided":  # a request's answer: the requests area, loaded for such a message only
        from portal.requests import mails

        done = mails.deliver(json.loads(record["body"]))
    elif kind == "document_sent":  # a paper the town sent: the documents area, for such a message only
        from portal.documents import sending

        done = sending.deliver(json.loads(record["body"]))
    elif kind == "document_refused":  # a paper the town refused: the documents area, for such a message only
        from portal.documents import town

        done = town.deliver_refused(json.loads(record["body"]))
    elif kind == "thread_message":  # a message's mail: the messages' area, for such a message only
        from portal.threads import mails as thread_mails

        done = thread_mails.deliver(json.loads(record["body"]))
    elif kind == "appointment":  # an appointment booked or cancelled: the appointments' area, for it only
        from portal.appointments import mails as appointment_mails

        done = appointment_mails.deliver(json.loads(record["body"]))
    else:
        done = mailing.deliver(message)
    logger.info("booking mail message", extra={"kind": kind, "done": done})


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> PartialBatchResponse:
    # A message waits for a busy dependency (ApiError): SES, DynamoDB, a summary window not ended yet; one
    # SES refused for its sending rate goes back to the queue (it never counts towards the dead-letter queue).
    return each_message(event, deliver, expected=(ApiError,), requeue=settings().booking_mails_queue_url)
