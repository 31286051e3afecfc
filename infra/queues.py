"""Drain a queue now: what Lambda's SQS trigger does, in the caller's thread (the tests, the local stack's
``POST /_local/jobs/notifications``). The trigger that runs by itself on the local stack is
``events.QueuePoller``; both deliver batches the same way (``events.deliver``)."""

from __future__ import annotations

from . import events
from .provision import stand_in_names


def drain(function: str = "NotifyNewInvoicesFunction", rounds: int = 20) -> dict[str, int]:
    """Receive a batch (the function's BatchSize, at most 10), invoke the function with an SQS event, delete
    what it did not report as failed; until the queue is empty or ``rounds`` batches. The queue and the
    batch size are the function's SQS event's in the template. A message that keeps failing comes back after
    the queue's visibility timeout, until its redrive policy moves it to the dead-letter queue."""
    import boto3

    from .lambdas import invoke_function

    mapping = events.mapping_of(function)
    sqs, url = boto3.client("sqs"), stand_in_names()[mapping.queue]
    counts = {"delivered": 0, "failed": 0}
    for _ in range(rounds):
        messages = sqs.receive_message(
            QueueUrl=url,
            MaxNumberOfMessages=min(10, mapping.batch_size),
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
        ).get("Messages", [])
        if not messages:
            break
        delivered, failed = events.deliver(sqs, mapping, url, messages, invoke_function)
        counts["delivered"] += delivered
        counts["failed"] += failed
    return counts
