"""POST /{tenant}/subscriptions: follow a family, by subscriber code or by an invoice's data."""

from portal.domain import subscriptions
from portal.http import Request, Response, endpoint
from portal.schemas.billing import Subscribe, SubscriptionOut


@endpoint(
    "create_subscription",
    body=Subscribe,
    auth="citizen",
    responses={201: SubscriptionOut, 200: SubscriptionOut},
    errors=(
        "one_of_required",
        "invalid_amount",
        "subscription_not_found",
        "too_many_attempts",
        "too_many_subscriptions",
    ),
)
def handler(request: Request[Subscribe]) -> Response:
    assert request.principal is not None
    body = request.body
    invoice = body.invoice.model_dump() if body.invoice else None
    subscription = subscriptions.subscribe(request.principal, body.subscriber_code, invoice)
    return Response(201 if subscription.created else 200, SubscriptionOut(**subscription.body()))
