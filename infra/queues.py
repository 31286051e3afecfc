"""What Lambda's SQS trigger does, for the local stack and the tests: deliver queued messages to a function."""

from __future__ import annotations

import os
from typing import Any

from .lambdas import invoke_function


def drain(function: str = "NotifyNewInvoicesFunction", variable: str = "NOTIFICATIONS_QUEUE_URL",
          rounds: int = 20) -> dict[str, int]:  # fmt: skip
    """Receive batches of ten, invoke the function with an SQS event, delete what it did not report as
    failed; until the queue is empty or ``rounds`` batches (a message that keeps failing stays queued)."""
    import boto3

    sqs, url = boto3.client("sqs"), os.environ[variable]
    counts = {"delivered": 0, "failed": 0}
    for _ in range(rounds):
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if not messages:
            break
        records = [{"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
                    "eventSource": "aws:sqs"} for m in messages]  # fmt: skip
        result: dict[str, Any] = invoke_function(function, {"Records": records})
        failed = {failure["itemIdentifier"] for failure in result.get("batchItemFailures", [])}
        for message in messages:
            if message["MessageId"] in failed:
                counts["failed"] += 1
            else:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
                counts["delivered"] += 1
    return counts
