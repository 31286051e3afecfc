"""Municipalities (tenants): configuration lookup, creation, admin keys."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from ..config import settings
from ..errors import TenantNotFound
from ..store import tenants as store
from ..store.models import TenantRecord

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")


@dataclass(frozen=True)
class Tenant:
    slug: str
    name: str
    portal_url: str
    sender_email: str
    terms_version: str
    allowed_origins: tuple[str, ...]
    captcha_provider: str | None
    captcha_secret: str | None
    admin_key_hash: str


_cache: dict[str, tuple[float, Tenant]] = {}


def get_tenant(slug: str) -> Tenant:
    """The tenant's configuration, cached per container; 404 ``tenant_not_found`` if unknown."""
    if not SLUG_PATTERN.fullmatch(slug):
        raise TenantNotFound()
    cached = _cache.get(slug)
    if cached and time.monotonic() - cached[0] < settings().tenant_cache_seconds:
        return cached[1]
    record = store.get_tenant(slug)
    if record is None:
        raise TenantNotFound()
    tenant = Tenant(
        slug=record.slug,
        name=record.name,
        portal_url=record.portal_url.rstrip("/"),
        sender_email=record.sender_email,
        terms_version=record.terms_version,
        allowed_origins=tuple(record.allowed_origins or ()),
        captcha_provider=record.captcha_provider,
        captcha_secret=record.captcha_secret,
        admin_key_hash=record.admin_key_hash,
    )
    _cache[slug] = (time.monotonic(), tenant)
    return tenant


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
    record = TenantRecord(
        TenantRecord.key(slug),
        "CONFIG",
        slug=slug,
        name=name,
        portal_url=portal_url,
        sender_email=sender_email,
        terms_version=terms_version,
        allowed_origins=allowed_origins or [],
        admin_key_hash=hash_admin_key(admin_key),
        created_at=datetime.now(UTC),
    )
    if not store.insert_tenant(record):
        raise TenantExists(slug)
    return admin_key


def hash_admin_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def admin_key_matches(tenant: Tenant, presented: str) -> bool:
    """Constant-time comparison of a presented key with the tenant's stored hash."""
    return hmac.compare_digest(hash_admin_key(presented), tenant.admin_key_hash)
