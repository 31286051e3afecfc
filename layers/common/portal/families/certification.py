"""Whether a family's file is due for its certification, for those who only need that (bookings of an
activity that requires a certified file): the tenant's setting, then one GetItem."""

from __future__ import annotations

from datetime import date

from portal.families import rules, store
from portal.kernel.ids import TenantSlug
from portal.tenancy.tenants import get_tenant


def due(tenant: TenantSlug, family_id: str, today: date) -> bool:
    every = get_tenant(tenant).certify_every_months
    return every is not None and rules.certification_due(every, store.certified_at(tenant, family_id), today)
