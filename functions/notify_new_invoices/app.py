"""SQS (queued by imports): mail each follower about an import's new invoices, once."""

import json
from typing import Any

from portal.domain import notifications
from portal.platform.errors import ApiError
from portal.platform.observability import logger
from portal.platform.table import connect

connect()  # during INIT, not in the first batch


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, list[dict[str, str]]]:
    """Each message is one account's mail; a failed one is reported alone and SQS delivers it again
    (a message that keeps failing ends in the dead-letter queue)."""
    failures = []
    for record in event.get("Records") or []:
        try:
            outcome = notifications.deliver(json.loads(record["body"]))
        except (notifications.NotReadyYet, ApiError) as error:
            logger.warning("new-invoice mail retried", extra={"reason": type(error).__name__})
            failures.append({"itemIdentifier": record["messageId"]})
            continue
        except (KeyError, TypeError, ValueError):
            logger.error("new-invoice message malformed: dropped")
            continue
        logger.info("new-invoice message", extra={"outcome": outcome})
    return {"batchItemFailures": failures}
