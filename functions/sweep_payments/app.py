"""Scheduled (EventBridge): ask again about pending online payments; expire those too old to wait for."""

from datetime import UTC, datetime
from typing import Any

from portal.domain import clock, payments
from portal.observability import logger
from portal.store.table import connect

connect()  # during INIT, not in the first run


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    """``event["time"]`` (EventBridge's, RFC 3339) is the moment the sweep runs as; else now."""
    moment = event.get("time") if isinstance(event, dict) else None
    try:
        now = datetime.fromisoformat(moment.replace("Z", "+00:00")) if isinstance(moment, str) else clock.now()
    except ValueError:
        now = clock.now()
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return payments.sweep(now)
