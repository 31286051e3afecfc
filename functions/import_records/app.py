"""POST /{tenant}/admin/imports: publish families, invoices and payments (JSON Lines)."""

from portal.http import Request, Response, endpoint
from portal.publishing.bodies import ImportReport
from portal.publishing.imports import import_lines

# The body travels escaped in Lambda's event (6 MB at most); larger files go through the S3 bulk import.
IMPORT_LIMIT = 4 * 1024 * 1024


@endpoint("import_records", auth="admin", raw=("application/x-ndjson", IMPORT_LIMIT), responses={200: ImportReport})
def handler(request: Request) -> Response:
    """Publish families, invoices and payments (JSON Lines)."""
    return Response(200, import_lines(request.tenant.slug, request.raw_body))
