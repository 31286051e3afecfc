"""Scheduled (EventBridge, daily): remind accounts of their invoices still to pay, due in three days."""

from datetime import date, datetime
from typing import Any

from portal.domain import clock, notifications
from portal.observability import logger
from portal.store.table import connect

connect()  # during INIT, not in the first run


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    """The day is ``event["today"]`` (the local stack's job), else the day of EventBridge's ``time``, else today."""
    return notifications.remind(_today(event if isinstance(event, dict) else {}))


def _today(event: dict[str, Any]) -> date:
    for value, parse in ((event.get("today"), date.fromisoformat), (event.get("time"), _day_of)):
        if isinstance(value, str):
            try:
                return parse(value)
            except ValueError:
                logger.warning("unreadable day in the event: today instead")
    return clock.now().date()


def _day_of(moment: str) -> date:
    return datetime.fromisoformat(moment.replace("Z", "+00:00")).date()
