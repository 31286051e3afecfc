"""POST /{tenant}/families/{family_id}/file/certification: a follower certifies the file is up to date."""

from portal.families import views
from portal.families.bodies import FamilyFileOut
from portal.http import CitizenRequest, Response, endpoint
from portal.requests import file_changes


@endpoint("certify_family_file", auth="citizen", responses={200: FamilyFileOut}, errors=("family_not_found",))
def handler(request: CitizenRequest) -> Response:
    """The file, certified now (``certification_due`` false until the tenant's period runs out again)."""
    family_id = request.path["family_id"]
    views.certify(request.principal, family_id)
    found = views.family_file(request.principal, family_id)
    return Response(200, file_changes.with_pending(request.principal.tenant, found))
