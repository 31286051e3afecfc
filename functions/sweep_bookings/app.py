"""Scheduled (EventBridge): what the espace famille still owes, in every tenant: places to waiting lists,
"place obtenue" mails, summaries (``portal.bookings.sweep``)."""

from typing import Any

from portal.bookings import mailing, sweep
from portal.kernel import clock
from portal.platform.observability import logger
from portal.platform.table import connect

connect()  # during INIT, not in the first run


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    """``event["time"]`` (EventBridge's, RFC 3339) is the moment the sweep runs as; else now.
    ``{"summaries": "now"}`` (the local stack's ``POST /_local/jobs/booking-summaries``) only ends every
    account's summary window now and mails it."""
    if isinstance(event, dict) and event.get("summaries") == "now":
        return {"summaries": mailing.send_summaries(clock.now(), end_open=True)}
    return sweep.run(clock.event_time(event))
