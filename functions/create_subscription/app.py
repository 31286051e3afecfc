"""POST /{tenant}/subscriptions: follow a family, by subscriber code or by an invoice's data."""

from portal.billing import subscriptions
from portal.billing.schemas import Subscribe, SubscriptionOut
from portal.http import CitizenRequest, Response, endpoint


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
def handler(request: CitizenRequest[Subscribe]) -> Response:
    """Follow a family, by subscriber code or by an invoice's data."""
    subscription, created = subscriptions.subscribe(request.principal, request.body.designation(), request.source_ip)
    return Response(201 if created else 200, subscription)
