"""AWS clients, created once per container on first use, and what their failures mean.

botocore directly (not boto3): pynamodb already loads botocore, and skipping
boto3's resource layer keeps the cold start down. Timeouts are short and
retries bounded so that a sick dependency becomes a quick 503, not a hung
Lambda billed to the municipality. ``translate_aws_errors`` is the one place
an AWS failure (throttling, outage, anything unexpected) becomes an API error.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import botocore.session
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from pynamodb.exceptions import PynamoDBException

from portal.platform.config import settings
from portal.platform.errors import ServiceUnavailable

CLIENT_CONFIG = Config(
    connect_timeout=2,
    read_timeout=5,
    retries={"mode": "standard", "max_attempts": 3},
)

# Presigned URLs must be SigV4; path-style only towards a local stand-in (AWS_ENDPOINT_URL).
S3_CONFIG = Config(
    signature_version="s3v4", s3={"addressing_style": "path" if os.environ.get("AWS_ENDPOINT_URL") else "auto"}
)

RETRY_AFTER_SECONDS = 2
THROTTLING_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "Throttling",
        "TooManyRequestsException",
        "SlowDown",
        "MaxSendRate",
    }
)


class Throttled(ServiceUnavailable):
    """An AWS service refused a call for its rate (SES's sending rate, DynamoDB's capacity…): a 503 like any
    outage to a request, and a queue consumer sends the message back to wait (``queues.each_message``).
    ``daily``: SES's daily quota, not its rate, was exhausted (a long wait, not a short one)."""

    def __init__(self, detail: str, *, daily: bool = False) -> None:
        super().__init__(detail, retry_after=RETRY_AFTER_SECONDS)
        self.daily = daily


@cache
def client(service: str) -> Any:
    session = botocore.session.get_session()
    config = CLIENT_CONFIG.merge(S3_CONFIG) if service == "s3" else CLIENT_CONFIG
    return session.create_client(service, region_name=settings().region, config=config)


@contextmanager
def translate_aws_errors() -> Iterator[None]:
    """Turn throttling (``Throttled``), outages and unexpected AWS errors into a 503 with Retry-After.

    Conditional-check failures are business outcomes: the store catches them
    (``store.table.is_conditional_failure``) before they reach this translation.
    """
    try:
        yield
    except (ClientError, BotoCoreError, PynamoDBException) as exc:
        if error_code(exc) in THROTTLING_CODES:
            raise Throttled("The service is busy; try again shortly", daily="daily" in str(exc).lower()) from exc
        raise ServiceUnavailable(retry_after=RETRY_AFTER_SECONDS) from exc


def error_code(exc: BaseException) -> str | None:
    """The AWS error code behind an exception, or None (a timeout, a lost connection).

    Not pynamodb's ``cause_response_code``: it fails when the cause is a botocore
    timeout, whose ``response`` is None, and would turn a 503 into a 500.
    """
    cause = exc.cause if isinstance(exc, PynamoDBException) else exc
    response = getattr(cause, "response", None)
    if not isinstance(response, dict):
        return None
    return str(response.get("Error", {}).get("Code"))
