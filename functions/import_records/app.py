"""POST /{tenant}/admin/imports: publish families, invoices and payments (JSON Lines)."""

from portal.domain.imports import import_lines
from portal.http import Request, Response, endpoint
from portal.schemas.publishing import ImportReport

IMPORT_LIMIT = 5 * 1024 * 1024


@endpoint("import_records", auth="admin", raw=("application/x-ndjson", IMPORT_LIMIT), responses={200: ImportReport})
def handler(request: Request) -> Response:
    """Publish families, invoices and payments (JSON Lines)."""
    return Response(200, import_lines(request.tenant.slug, request.raw_body))
