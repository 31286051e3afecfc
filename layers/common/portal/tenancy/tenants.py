"""The municipality of a request: its configuration (cached per container) and its admin key."""

from __future__ import annotations

import hashlib
import hmac
import re
import time

from portal.kernel.ids import TenantSlug
from portal.platform.config import settings
from portal.platform.errors import TenantNotFound
from portal.tenancy import store
from portal.tenancy.model import Tenant

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")

_cache: dict[str, tuple[float, Tenant]] = {}


def get_tenant(slug: str) -> Tenant:
    """The tenant's configuration, cached per container; 404 ``tenant_not_found`` if unknown."""
    if not SLUG_PATTERN.fullmatch(slug):
        raise TenantNotFound()
    cached = _cache.get(slug)
    if cached and time.monotonic() - cached[0] < settings().tenant_cache_seconds:
        return cached[1]
    tenant = store.get(TenantSlug(slug))  # a slug from here on: the tenant it names exists
    if tenant is None:
        raise TenantNotFound()
    _cache[slug] = (time.monotonic(), tenant)
    return tenant


def hash_admin_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def admin_key_matches(tenant: Tenant, presented: str) -> bool:
    """Constant-time comparison of a presented key with the tenant's stored hash."""
    return hmac.compare_digest(hash_admin_key(presented), tenant.admin_key_hash)
