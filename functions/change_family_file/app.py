"""POST /{tenant}/families/{family_id}/file/changes: a follower changes the family's file."""

from portal.families.bodies import FileChanges
from portal.families.rules import Change
from portal.http import CitizenRequest, Response, endpoint
from portal.requests import file_changes
from portal.requests.bodies import RequestOut


@endpoint(
    "change_family_file",
    auth="citizen",
    body=FileChanges,
    responses={201: RequestOut},
    errors=(
        "family_not_found",
        "unknown_target",
        "field_not_editable",
        "duplicate_change",
        "invalid_phone",
        "invalid_postcode",
        "invalid_text",
    ),
)
def handler(request: CitizenRequest[FileChanges]) -> Response:
    """One ``file_change`` request: ``applied`` at once or ``pending`` as the tenant says for the fields'
    groups; nothing is recorded when one change is not valid."""
    changes = [Change(**change.model_dump(mode="json")) for change in request.body.changes]
    found = file_changes.ask(request.principal, request.path["family_id"], changes, request.body.comment)
    return Response(201, found)
