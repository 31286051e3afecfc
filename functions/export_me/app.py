"""GET /{tenant}/me/export: everything the portal holds about the citizen, as a JSON file."""

from portal.http import CitizenRequest, Response, endpoint
from portal.privacy import export
from portal.privacy.bodies import Export

ATTACHMENT = 'attachment; filename="mes-donnees.json"'


@endpoint("export_me", auth="citizen", responses={200: Export})
def handler(request: CitizenRequest) -> Response:
    """Everything the portal holds about me, as a JSON file (GDPR articles 15 and 20)."""
    return Response(200, export.export(request.principal), headers={"Content-Disposition": ATTACHMENT})
