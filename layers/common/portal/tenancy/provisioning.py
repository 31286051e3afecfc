"""Creating a municipality (the tenant command, the local stack): never on a request path."""

from __future__ import annotations

import secrets

from portal.tenancy import store
from portal.tenancy.model import Tenant
from portal.tenancy.tenants import SLUG_PATTERN, hash_admin_key


class TenantExists(Exception):
    pass


def create_tenant(
    slug: str,
    name: str,
    portal_url: str,
    sender_email: str,
    allowed_origins: list[str] | None = None,
    terms_version: str = "1",
) -> str:
    """Store a new tenant and return its admin API key: shown once, only its hash is kept."""
    if not SLUG_PATTERN.fullmatch(slug):
        raise ValueError(f"invalid tenant slug {slug!r}")
    admin_key = f"adm_{secrets.token_urlsafe(32)}"
    tenant = Tenant(
        slug=slug,
        name=name,
        portal_url=portal_url,
        sender_email=sender_email,
        terms_version=terms_version,
        allowed_origins=tuple(allowed_origins or ()),
        captcha_provider=None,
        captcha_secret=None,
        admin_key_hash=hash_admin_key(admin_key),
    )
    if not store.insert(tenant):
        raise TenantExists(slug)
    return admin_key


def set_online_payment(slug: str, numcli: str | None, mode: str | None, endpoint: str | None = None) -> None:
    """Turn a tenant's online payment on, once PayFiP confirms the client number, or off (None)."""
    import re

    from portal.payments import payfip_service
    from portal.platform.config import settings

    if numcli is None or mode is None:
        store.set_payment(slug, None, None)
        return
    if not re.fullmatch(r"\d{6}", numcli) or mode not in ("T", "X", "W"):
        raise ValueError("numcli is 6 digits; mode is T (test), X (activation) or W (production)")
    if store.get(slug) is None:
        raise ValueError(f"no tenant {slug!r}")
    payfip_service(endpoint or settings().payfip_endpoint, settings().payfip_page).check_account(numcli)
    store.set_payment(slug, numcli, mode)
