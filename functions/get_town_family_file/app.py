"""GET /{tenant}/admin/families/{family_id}/file: a family's file and its papers, as the town reads them."""

from portal.desk import files
from portal.desk.bodies import TownFileOut
from portal.http import Response, TownCall, endpoint


@endpoint(
    "get_town_family_file",
    auth="town",
    permissions=("requests", "documents"),
    responses={200: TownFileOut},
    errors=("family_not_found", "permission_denied"),
)
def handler(request: TownCall) -> Response:
    """The family's file as a follower sees it, with the papers it sent (an agent's reading is audited)."""
    return Response(200, files.family_file(request.tenant.slug, request.path["family_id"], request.caller))
