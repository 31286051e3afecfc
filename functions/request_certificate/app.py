"""POST /{tenant}/requests/certificates: a follower asks the town for a certificate."""

from portal.http import CitizenRequest, Response, endpoint
from portal.requests import asking
from portal.requests.bodies import CertificateRequest, RequestOut


@endpoint(
    "request_certificate",
    auth="citizen",
    body=CertificateRequest,
    responses={201: RequestOut},
    errors=("family_not_found", "child_not_found", "invalid_year", "request_pending"),
)
def handler(request: CitizenRequest[CertificateRequest]) -> Response:
    """A ``certificate`` request (the town answers by publishing it as a family document)."""
    body = request.body
    found = asking.ask_certificate(
        request.principal, body.family_id, body.certificate, body.year, body.child_id, body.comment
    )
    return Response(201, found)
