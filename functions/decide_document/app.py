"""POST /{tenant}/admin/documents/{document_id}/decision: the town accepts or refuses a received paper."""

from portal.documents import town
from portal.documents.bodies import DocumentDecision, DocumentOut
from portal.http import Response, TownCall, endpoint


@endpoint(
    "decide_document",
    auth="town",
    permissions=("documents",),
    body=DocumentDecision,
    responses={200: DocumentOut},
    errors=("document_not_found", "document_not_received", "reason_required", "invalid_text", "permission_denied"),
)
def handler(request: TownCall[DocumentDecision]) -> Response:
    """The paper accepted (valid until the given day, or its type's validity) or refused with a reason."""
    body = request.body
    decided = town.decide(
        request.tenant.slug, request.path["document_id"], body.decision, body.valid_until, body.reason, request.caller
    )
    return Response(200, decided)
