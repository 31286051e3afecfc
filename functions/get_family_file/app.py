"""GET /{tenant}/families/{family_id}/file: a followed family's file ("Mon dossier")."""

from portal.families import views
from portal.families.bodies import FamilyFileOut
from portal.http import CitizenRequest, Response, endpoint
from portal.requests import file_changes


@endpoint("get_family_file", auth="citizen", responses={200: FamilyFileOut}, errors=("family_not_found",))
def handler(request: CitizenRequest) -> Response:
    """The family's guardians and each child's file, health fields opened with the family's data key, with
    its pending changes and whether it is due for certification."""
    found = views.family_file(request.principal, request.path["family_id"])
    return Response(200, file_changes.with_pending(request.principal.tenant, found))
