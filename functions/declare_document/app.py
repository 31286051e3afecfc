"""POST /{tenant}/families/{family_id}/documents: a follower declares a paper and gets where to post its file."""

from portal.documents import uploads
from portal.documents.bodies import DocumentUpload, DocumentUploadOut
from portal.http import CitizenRequest, Response, endpoint


@endpoint(
    "declare_document",
    auth="citizen",
    body=DocumentUpload,
    responses={201: DocumentUploadOut},
    errors=(
        "family_not_found",
        "child_not_found",
        "unknown_document_type",
        "child_required",
        "child_not_allowed",
        "invalid_file_name",
        "too_many_documents",
    ),
)
def handler(request: CitizenRequest[DocumentUpload]) -> Response:
    """A paper ``awaiting_file`` and a presigned POST accepting its file (10 minutes, the declared size and
    type at most)."""
    body = request.body
    declared = uploads.Declared(body.document_type_id, body.child_id, body.file_name, body.content_type, body.size)
    return Response(201, uploads.declare(request.principal, request.path["family_id"], declared))
