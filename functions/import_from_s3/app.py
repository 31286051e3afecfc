"""EventBridge "Object Created" for imports/{tenant}/*.ndjson: the same import, for large batches.

The report is written beside the file as ``<name>.report.json``. What the
import can report (bad lines, unknown tenant) goes in the report; an outage
raises, so Lambda retries and then sends the event to the on-failure queue.
"""

from typing import Any

from portal.platform.observability import logger
from portal.platform.table import connect
from portal.publishing.bulk import import_object

connect()  # during INIT, not in the first file


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    detail = event["detail"]
    return import_object(detail["bucket"]["name"], detail["object"]["key"])
