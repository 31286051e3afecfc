"""POST /{tenant}/subscriptions: follow a family, by subscriber code or by an invoice's data."""

from portal.domain import subscriptions
from portal.http import CitizenRequest, Response, endpoint
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
def handler(request: CitizenRequest[Subscribe]) -> Response:
    """Follow a family, by subscriber code or by an invoice's data."""
    subscription, created = subscriptions.subscribe(request.principal, request.body.designation(), request.source_ip)
    return Response(201 if created else 200, SubscriptionOut.of(subscription))
