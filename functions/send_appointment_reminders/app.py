"""Scheduled (EventBridge, daily): remind each account of its appointments of tomorrow, once."""

from datetime import date
from typing import Any

from portal.appointments import mails
from portal.kernel import clock
from portal.platform.observability import logger
from portal.platform.table import connect

connect()  # during INIT, not in the first run


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    """The day is ``event["today"]`` (the local stack's job), else the Paris day of EventBridge's ``time``."""
    return mails.remind(_today(event))


def _today(event: dict[str, Any]) -> date:
    given = event.get("today") if isinstance(event, dict) else None
    if isinstance(given, str):
        try:
            return date.fromisoformat(given)
        except ValueError:
            logger.warning("unreadable day in the event: EventBridge's time instead")
    return clock.event_time(event).astimezone(clock.PARIS).date()
