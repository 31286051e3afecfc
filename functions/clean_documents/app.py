"""Scheduled (EventBridge Scheduler): the papers' cleaning (``portal.documents.cleanup``)."""

from typing import Any

from portal.documents import cleanup
from portal.kernel import clock
from portal.platform.observability import logger
from portal.platform.table import connect

connect()  # during INIT, not in the first run


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    """``event["time"]`` (the schedule's, RFC 3339) is the moment the cleaning runs as; else now."""
    return cleanup.run(clock.event_time(event))
