"""GET /{tenant}/families/{family_id}/documents: the family's papers, both ways, and what is missing."""

from portal.documents import uploads
from portal.documents.bodies import FamilyDocuments
from portal.http import CitizenRequest, Response, endpoint


@endpoint("list_family_documents", auth="citizen", responses={200: FamilyDocuments}, errors=("family_not_found",))
def handler(request: CitizenRequest) -> Response:
    """The papers the family sent, those the town sent it, and each paper still missing for an enrolment."""
    return Response(200, uploads.family_papers(request.principal, request.path["family_id"]))
