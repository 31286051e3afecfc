"""Scheduled (EventBridge): give every place still owed to a waiting list, in every tenant."""

from typing import Any

from portal.bookings import waiting_list
from portal.kernel import clock
from portal.platform.observability import logger
from portal.platform.table import connect

connect()  # during INIT, not in the first run


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    """``event["time"]`` (EventBridge's, RFC 3339) is the moment the sweep runs as; else now."""
    return waiting_list.sweep(clock.event_time(event))
