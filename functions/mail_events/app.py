"""SNS (SES configuration set events): bounces and complaints make an address undeliverable."""

import json
from typing import Any

from portal.notifications import mail_events
from portal.platform.observability import logger
from portal.platform.table import connect

connect()  # during INIT, not in the first event


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    """Each SNS record holds one SES event. A DynamoDB failure raises: Lambda retries the whole batch,
    and marking an address twice changes nothing."""
    marked = 0
    for record in event.get("Records") or []:
        try:
            message = json.loads(record["Sns"]["Message"])
        except (KeyError, TypeError, ValueError):
            logger.warning("SNS record that is not an SES event: ignored")
            continue
        if isinstance(message, dict):
            marked += mail_events.record(message)
    return {"marked": marked}
