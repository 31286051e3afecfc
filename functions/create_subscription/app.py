"""POST /{tenant}/subscriptions: follow a family, by subscriber code or by an invoice's data."""

from portal.billing import model, subscriptions
from portal.billing.bodies import Subscribe, SubscriptionOut
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
    subscription, created = subscriptions.subscribe(request.principal, _designation(request.body), request.source_ip)
    return Response(201 if created else 200, subscription)


def _designation(body: Subscribe) -> str | model.InvoiceData:
    """What designates the family: its subscriber code, or an invoice's four values (never both: the body's rule)."""
    if body.subscriber_code is not None:
        return body.subscriber_code
    assert body.invoice is not None  # checks.exactly_one
    data = body.invoice
    return model.InvoiceData(data.emission_code, data.reference, data.amount, data.personal_code)
