"""Turning a tenant's online payment on (once PayFiP confirms the régie's client number) or off.
The tenant command's (``infra.tenants payment``), never a request path."""

from __future__ import annotations

import re

from portal.kernel.ids import TenantSlug
from portal.payments.services import payfip_service
from portal.platform.config import settings
from portal.tenancy import provisioning


def set_online_payment(slug: TenantSlug, numcli: str | None, mode: str | None, endpoint: str | None = None) -> None:
    """Turn a tenant's online payment on, once PayFiP confirms the client number, or off (None)."""
    if numcli is None or mode is None:
        provisioning.set_payment(slug, None, None)
        return
    if not re.fullmatch(r"\d{6}", numcli) or mode not in ("T", "X", "W"):
        raise ValueError("numcli is 6 digits; mode is T (test), X (activation) or W (production)")
    if not provisioning.exists(slug):
        raise ValueError(f"no tenant {slug!r}")
    payfip_service(endpoint or settings().payfip_endpoint, settings().payfip_page).check_account(numcli)
    provisioning.set_payment(slug, numcli, mode)
