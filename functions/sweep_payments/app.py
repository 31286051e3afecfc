"""Scheduled (EventBridge): ask again about pending online payments; expire those too old to wait for."""

from typing import Any

from portal.kernel import clock
from portal.payments import online as payments
from portal.platform.observability import logger
from portal.platform.table import connect

connect()  # during INIT, not in the first run


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    """``event["time"]`` (EventBridge's, RFC 3339) is the moment the sweep runs as; else now."""
    return payments.sweep(clock.event_time(event))
