"""Scheduled (EventBridge, daily): remind each account of its appointments of tomorrow, once."""

from typing import Any

from portal.appointments import mails
from portal.kernel import clock
from portal.platform.observability import logger
from portal.platform.table import connect

connect()  # during INIT, not in the first run


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    """The day is ``event["today"]`` (the local stack's job), else the Paris day of EventBridge's ``time``."""
    return mails.remind(clock.event_day(event))
