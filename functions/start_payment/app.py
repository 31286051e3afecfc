"""POST /{tenant}/invoices/{invoice_id}/payments: start paying an invoice's balance online."""

from portal.http import CitizenRequest, Response, endpoint
from portal.payments import online as payments
from portal.payments.bodies import PaymentStarted, StartPayment


@endpoint(
    "start_payment",
    auth="citizen",
    body=StartPayment,
    empty_body=True,
    reads_headers=("Idempotency-Key",),
    responses={201: PaymentStarted},
    errors=(
        "invoice_not_found",
        "invoice_already_paid",
        "payment_in_progress",
        "online_payment_unavailable",
        "amount_below_minimum",
        "amount_above_maximum",
        "idempotency_key_reused",
    ),
)
def handler(request: CitizenRequest[StartPayment]) -> Response:
    """Start paying an invoice's balance online; answers where to send the parent."""
    key = request.headers.get("idempotency-key", "").strip()[:255] or None
    started = payments.start(request.tenant, request.principal, request.path["invoice_id"], key)
    return Response(201, started)
