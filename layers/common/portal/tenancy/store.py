"""Tenant configuration items.

| access pattern                  | key condition                                  |
|---------------------------------|------------------------------------------------|
| tenant configuration by slug    | GetItem pk=TENANT#{t}, sk=CONFIG               |
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from pynamodb.attributes import ListAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DoesNotExist
from pynamodb.expressions.update import Action

from portal.kernel.ids import TenantSlug
from portal.platform.aws import translate_aws_errors
from portal.platform.table import Item, attributes_of, value_of, write_if
from portal.tenancy.model import FieldGroup, Tenant

CONFIG = "CONFIG"


def key(slug: TenantSlug) -> str:
    return f"TENANT#{slug}"


class TenantRecord(Item):
    """A municipality. ``admin_key_hash`` is SHA-256 of a 256-bit random key."""

    sk = UnicodeAttribute(range_key=True, default=CONFIG)
    slug = UnicodeAttribute()
    name = UnicodeAttribute()
    portal_url = UnicodeAttribute()
    sender_email = UnicodeAttribute()
    terms_version = UnicodeAttribute()
    allowed_origins = ListAttribute(of=UnicodeAttribute, default=list)
    captcha_provider = UnicodeAttribute(null=True)
    captcha_secret = UnicodeAttribute(null=True)
    admin_key_hash = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    payfip_numcli = UnicodeAttribute(null=True)
    payfip_mode = UnicodeAttribute(null=True)
    certify_every_months = NumberAttribute(null=True)
    apply_at_once = ListAttribute(of=UnicodeAttribute, default=list)


def get(slug: TenantSlug) -> Tenant | None:
    with translate_aws_errors():
        try:
            record = TenantRecord.get(key(slug), CONFIG)
        except DoesNotExist:
            return None
    return value_of(
        Tenant,
        record,
        portal_url=record.portal_url.rstrip("/"),
        allowed_origins=tuple(str(origin) for origin in record.allowed_origins or ()),
        certify_every_months=int(record.certify_every_months) if record.certify_every_months else None,
        apply_at_once=frozenset(cast(FieldGroup, str(group)) for group in record.apply_at_once or ()),
    )


def insert(tenant: Tenant) -> bool:
    """Store a new tenant; False if the slug is taken."""
    record = TenantRecord(
        key(tenant.slug),
        CONFIG,
        created_at=datetime.now(UTC),
        allowed_origins=list(tenant.allowed_origins),
        apply_at_once=sorted(tenant.apply_at_once),
        **attributes_of(tenant, "allowed_origins", "apply_at_once"),
    )
    return write_if(lambda: record.save(condition=TenantRecord.pk.does_not_exist()))


def set_captcha(slug: TenantSlug, provider: str | None, secret: str | None) -> None:
    """Turn a tenant's captcha on (provider and secret) or off (None)."""
    on = provider is not None and secret is not None
    _set_or_remove(slug, [(TenantRecord.captcha_provider, provider), (TenantRecord.captcha_secret, secret)], on)


def set_payment(slug: TenantSlug, numcli: str | None, mode: str | None) -> None:
    """Turn a tenant's online payment on (PayFiP numcli and mode) or off (None)."""
    _set_or_remove(
        slug, [(TenantRecord.payfip_numcli, numcli), (TenantRecord.payfip_mode, mode)], None not in (numcli, mode)
    )


def set_family_file(slug: TenantSlug, certify_every_months: int | None, apply_at_once: frozenset[FieldGroup]) -> None:
    """Set how the family's file is kept: certified every N months (None: never asked), the field groups a
    parent's change applies to at once; the tenant must exist."""
    actions: list[Action] = [
        TenantRecord.certify_every_months.set(certify_every_months)
        if certify_every_months
        else TenantRecord.certify_every_months.remove(),
        TenantRecord.apply_at_once.set(cast(Any, sorted(apply_at_once))),  # stubs type a list's items as attributes
    ]
    with translate_aws_errors():
        TenantRecord(key(slug), CONFIG).update(actions=actions, condition=TenantRecord.pk.exists())


def _set_or_remove(slug: TenantSlug, values: list[tuple[UnicodeAttribute, str | None]], on: bool) -> None:
    """Set a group of settings that go together, or remove them all; the tenant must exist."""
    actions: list[Action] = [
        attribute.set(value) if on and value is not None else attribute.remove() for attribute, value in values
    ]
    with translate_aws_errors():
        TenantRecord(key(slug), CONFIG).update(actions=actions, condition=TenantRecord.pk.exists())
