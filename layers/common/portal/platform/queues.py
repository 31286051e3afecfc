"""Sending messages to an SQS queue, ten to a SendMessageBatch."""

from __future__ import annotations

import json
from typing import Any

from portal.platform.aws import client, translate_aws_errors
from portal.platform.errors import ServiceUnavailable


def send(queue_url: str, messages: list[dict[str, Any]]) -> None:
    """Queue messages (JSON), ten to a SendMessageBatch; any message not taken raises (the caller is retried)."""
    with translate_aws_errors():
        for start in range(0, len(messages), 10):
            batch = messages[start : start + 10]
            entries = [{"Id": str(i), "MessageBody": json.dumps(m)} for i, m in enumerate(batch)]
            answer = client("sqs").send_message_batch(QueueUrl=queue_url, Entries=entries)
            if answer.get("Failed"):
                raise ServiceUnavailable("The queue refused messages")
