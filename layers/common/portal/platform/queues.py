"""SQS: messages sent ten to a SendMessageBatch; a batch received, each message on its own.

A queue consumer answers Lambda's partial batch response (``ReportBatchItemFailures``
in the template): the messages it lists failed are delivered again after the
visibility timeout, then go to the dead-letter queue; the others are deleted.
``each_message`` is that loop. Not Powertools' batch processing (the conventions'
model for a consumer): for SQS alone it imports asyncio and every event data class of
Powertools in each cold start (docs/benchmarks.md, "What the start-up choices save") to run the same
loop; what it adds (Kinesis, DynamoDB streams, FIFO, async handlers) no consumer
here uses.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypedDict

from portal.platform.aws import Throttled, client, translate_aws_errors
from portal.platform.errors import ServiceUnavailable
from portal.platform.observability import logger

type Message = dict[str, Any]  # an SQS record as Lambda hands it: messageId, body, attributes…


class ItemFailure(TypedDict):
    itemIdentifier: str


class PartialBatchResponse(TypedDict):
    batchItemFailures: list[ItemFailure]


def send(
    queue_url: str,
    messages: Sequence[Mapping[str, Any]],
    *,
    delay: int = 0,
    group: str | None = None,
    counts: Mapping[str, int] | None = None,
) -> None:
    """Queue messages (JSON), ten to a SendMessageBatch; any message not taken raises (the caller is retried).
    ``delay``: seconds before they can be received (at most 900); ``group``: the field whose value is each
    message's group (a standard queue's fair queueing keeps one group's burst from delaying the others);
    ``counts``: numeric message attributes, the same on each message."""
    with translate_aws_errors():
        for start in range(0, len(messages), 10):
            batch = messages[start : start + 10]
            entries: list[dict[str, Any]] = [{"Id": str(i), "MessageBody": json.dumps(m)} for i, m in enumerate(batch)]
            for entry, message in zip(entries, batch, strict=True):
                if delay:
                    entry["DelaySeconds"] = delay
                if group is not None:
                    entry["MessageGroupId"] = str(message[group])
                if counts:
                    entry["MessageAttributes"] = {
                        name: {"DataType": "Number", "StringValue": str(n)} for name, n in counts.items()
                    }
            answer = client("sqs").send_message_batch(QueueUrl=queue_url, Entries=entries)
            if answer.get("Failed"):
                raise ServiceUnavailable("The queue refused messages")


# A throttled message comes back after a wait drawn in this range (seconds), so that the messages throttled
# together do not all come back at once; after SES's daily quota, SQS's longest delay. After REQUEUES_AT_MOST
# returns (an hour or so at the rate's edge, half a day behind a spent daily quota) it is reported failed
# instead, towards the dead-letter queue and its alarm: a rate set above the account's, a quota never raised.
THROTTLED_WAIT = (30, 120)
DAILY_QUOTA_WAIT = 900
REQUEUES_AT_MOST = 48
REQUEUED = "requeued"  # the message attribute counting its returns


def each_message(
    event: dict[str, Any],
    deliver: Callable[[Message], None],
    *,
    expected: tuple[type[Exception], ...] = (),
    requeue: str = "",
) -> PartialBatchResponse:
    """Deliver each message of an SQS batch; those whose delivery raised are reported failed, alone.

    An ``expected`` failure (the message waits for its data, a dependency is busy) is logged as a warning
    with its kind; any other with its traceback. A batch whose every message failed is reported like any
    other, not raised: an unhandled error would count in the Lambda errors alarm for messages that only
    wait. What is not an SQS batch (no list of records, each with its message id) raises before any
    message is delivered; an empty one has nothing to report.

    ``requeue`` (the consumer's own queue): a delivery refused for a service's rate (``aws.Throttled``:
    SES's sending rate) is queued again as a new message, to wait (``THROTTLED_WAIT``), and the one received
    is done. Reported failed instead, it would count towards the queue's receives and end in the dead-letter
    queue during a long run at the rate's edge. The delivery must have left nothing marked sent (the
    mail areas release their mark when the send fails), so the copy sends it once.
    """
    records = event.get("Records")
    if not isinstance(records, list) or not all(
        isinstance(r, dict) and isinstance(r.get("messageId"), str) for r in records
    ):
        raise TypeError("not an SQS batch: records with their messageId expected")
    failed: list[ItemFailure] = []
    for record in records:
        try:
            deliver(record)
        except Exception as error:  # any failure is that message's alone: SQS delivers it again
            if isinstance(error, Throttled) and requeue and _queued_again(requeue, record, error):
                continue
            fields = {"message_id": record["messageId"], "reason": type(error).__name__}
            if isinstance(error, expected):
                logger.warning("queue message delivered again later", extra=fields)
            else:
                logger.exception("queue message failed", extra=fields)
            failed.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failed}


def _queued_again(queue_url: str, record: Message, error: Throttled) -> bool:
    """Queue a throttled message's body again, after a wait, counting its returns: whether it was taken."""
    returns = _returns(record)
    if returns >= REQUEUES_AT_MOST:
        logger.warning("throttled message returned too often", extra={"message_id": record["messageId"]})
        return False
    low, high = THROTTLED_WAIT
    wait = DAILY_QUOTA_WAIT if error.daily else low + secrets.randbelow(high - low + 1)
    try:
        body = json.loads(record["body"])
        group = "tenant" if "tenant" in body else None
        send(queue_url, [body], delay=wait, group=group, counts={REQUEUED: returns + 1})
    except ServiceUnavailable:
        return False  # reported failed: SQS delivers the one received again
    logger.info("throttled message queued again", extra={"message_id": record["messageId"], "wait": wait})
    return True


def _returns(record: Message) -> int:
    """How many times a message was queued again (its ``requeued`` attribute, as Lambda hands it)."""
    found = (record.get("messageAttributes") or {}).get(REQUEUED) or {}
    value = str(found.get("stringValue") or "0")
    return int(value) if value.isdigit() else 0
