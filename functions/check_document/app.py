"""EventBridge "Object Created" for uploads/{tenant}/{family_id}/{document_id}: a parent's file is checked
(its first bytes and its size against what was declared), then received or rejected and deleted."""

from typing import Any

from portal.documents.checking import arrived
from portal.platform.observability import logger
from portal.platform.table import connect

connect()  # during INIT, not in the first file


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, str]:
    return {"status": arrived(event["detail"]["object"]["key"])}
