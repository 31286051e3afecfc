"""EventBridge "Object Created" for imports/{tenant}/pdfs/{invoice_id}.pdf: the invoice's PDF, in bulk.

Checked and recorded as ``PUT /{tenant}/admin/invoices/{invoice_id}/pdf`` does, the bytes copied inside
S3. A refusal is written beside the file as ``{invoice_id}.report.json``; an outage raises, so Lambda
retries and then sends the event to the on-failure queue.
"""

from typing import Any

from portal.platform.observability import logger
from portal.platform.table import connect
from portal.publishing.pdfs import import_pdf

connect()  # during INIT, not in the first file


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    detail = event["detail"]
    dropped = detail["object"]
    return import_pdf(detail["bucket"]["name"], dropped["key"], dropped.get("version-id"), dropped.get("sequencer"))
