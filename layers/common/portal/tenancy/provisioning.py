"""Creating a municipality (the tenant command, the local stack): never on a request path."""

from __future__ import annotations

import secrets

from portal.kernel.ids import TenantSlug
from portal.tenancy import store
from portal.tenancy.model import FIELD_GROUPS, Tenant
from portal.tenancy.tenants import SLUG_PATTERN, hash_admin_key


class TenantExists(Exception):
    pass


def create_tenant(
    slug: TenantSlug,
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


def exists(slug: TenantSlug) -> bool:
    return store.get(slug) is not None


def set_payment(slug: TenantSlug, numcli: str | None, mode: str | None) -> None:
    """Store a tenant's online payment settings (checked by ``payments.setup``), or remove them (None)."""
    store.set_payment(slug, numcli, mode)


MAX_CERTIFY_MONTHS = 120


def set_family_file(
    slug: TenantSlug, certify_every_months: int | None, apply_at_once: list[str], *, check_only: bool = False
) -> None:
    """Store how the tenant's families keep their file: ``certify_every_months`` 1 to 120 or None (never
    asked), ``apply_at_once`` the field groups whose changes apply without the town (of ``FIELD_GROUPS``);
    ``check_only``: a ValueError if they are not valid, nothing stored."""
    if certify_every_months is not None and not 1 <= certify_every_months <= MAX_CERTIFY_MONTHS:
        raise ValueError(f"certify_every_months: 1 to {MAX_CERTIFY_MONTHS}, or none")
    unknown = set(apply_at_once) - set(FIELD_GROUPS)
    if unknown:
        raise ValueError(f"apply_at_once: groups among {', '.join(FIELD_GROUPS)} (not {', '.join(sorted(unknown))})")
    groups = frozenset(g for g in FIELD_GROUPS if g in apply_at_once)
    if not check_only:
        store.set_family_file(slug, certify_every_months, groups)
