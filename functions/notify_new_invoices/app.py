"""SQS (queued by imports): mail each follower about an import's new invoices, once."""

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from portal.notifications import invoices as notifications
from portal.platform.errors import ApiError
from portal.platform.observability import logger
from portal.platform.table import connect

connect()  # during INIT, not in the first batch


def deliver(record: SQSRecord) -> None:
    """One account's mail. Raising reports the message alone as failed: SQS delivers it again after the
    visibility timeout, and a message that keeps failing ends in the dead-letter queue."""
    try:
        outcome = notifications.deliver(json.loads(record.body))
    except (notifications.NotReadyYet, ApiError) as error:
        logger.warning("new-invoice mail retried", extra={"reason": type(error).__name__})
        raise
    except (KeyError, TypeError, ValueError):
        logger.error("new-invoice message malformed: dropped")  # retrying would never help
        return
    logger.info("new-invoice message", extra={"outcome": outcome})


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> PartialItemFailureResponse:
    # One processor per batch (it holds the batch's results): the local stack runs batches in threads of
    # one process. A batch whose every message failed is reported like any other, not raised: an unhandled
    # error would count in the Lambda errors alarm for messages that only wait for their import.
    processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)
    return process_partial_response(event=event, record_handler=deliver, processor=processor, context=context)
