"""GET /{tenant}/me/export: everything the portal holds about the citizen, as a JSON file."""

from portal.domain import account_care
from portal.http import CitizenRequest, Response, endpoint
from portal.schemas.accounts import Export

ATTACHMENT = 'attachment; filename="mes-donnees.json"'


@endpoint("export_me", auth="citizen", responses={200: Export})
def handler(request: CitizenRequest) -> Response:
    """Everything the portal holds about me, as a JSON file (GDPR articles 15 and 20)."""
    export = Export.model_validate(account_care.export(request.principal))
    return Response(200, export, headers={"Content-Disposition": ATTACHMENT})
