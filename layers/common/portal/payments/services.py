"""The payment providers the portal speaks, built on first use."""

from __future__ import annotations

from portal.payments.provider import Provider


def payfip_service(endpoint: str, page: str) -> Provider:
    # Imported here rather than at the top: only a payment's first PayFiP call loads the SOAP/XML client
    # (defusedxml), never the start-up of a payment function that may not need it.
    from portal.payments.payfip import PayFip

    return PayFip(endpoint, page)
