"""AWS failures become typed errors here, by error code, in one place."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from botocore.exceptions import BotoCoreError, ClientError
from pynamodb.exceptions import PynamoDBException

from ..errors import ServiceUnavailable

RETRY_AFTER_SECONDS = 2

THROTTLING_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "Throttling",
        "TooManyRequestsException",
        "SlowDown",
    }
)

CONDITIONAL_FAILURE = "ConditionalCheckFailedException"


def is_conditional_failure(exc: Exception) -> bool:
    """True when a pynamodb write failed only because its condition did not hold."""
    if isinstance(exc, PynamoDBException):
        if exc.cause_response_code == CONDITIONAL_FAILURE:
            return True
        # A transaction cancelled by a condition carries it in its reasons.
        reasons = getattr(exc, "cancellation_reasons", None) or []
        return any(r is not None and r.code == "ConditionalCheckFailed" for r in reasons)
    return False


@contextmanager
def translate_aws_errors() -> Iterator[None]:
    """Turn throttling, outages and unexpected AWS errors into a 503 with Retry-After.

    Conditional-check failures are business outcomes: callers catch them (see
    :func:`is_conditional_failure`) before they reach this translation.
    """
    try:
        yield
    except (ClientError, BotoCoreError, PynamoDBException) as exc:
        code = _error_code(exc)
        detail = "The service is busy; try again shortly" if code in THROTTLING_CODES else None
        raise ServiceUnavailable(detail, retry_after=RETRY_AFTER_SECONDS) from exc


def _error_code(exc: Exception) -> str | None:
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Code"))
    if isinstance(exc, PynamoDBException):
        return exc.cause_response_code
    return None
