"""Tenant configuration items."""

from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.exceptions import DoesNotExist
from pynamodb.expressions.update import Action

from ..aws import translate_aws_errors
from ..domain.model import Tenant
from . import keys
from .table import TenantRecord, attributes_of, value_of, write_if


def get(slug: str) -> Tenant | None:
    with translate_aws_errors():
        try:
            record = TenantRecord.get(keys.tenant(slug), keys.CONFIG)
        except DoesNotExist:
            return None
    return value_of(
        Tenant,
        record,
        portal_url=record.portal_url.rstrip("/"),
        allowed_origins=tuple(str(origin) for origin in record.allowed_origins or ()),
    )


def insert(tenant: Tenant) -> bool:
    """Store a new tenant; False if the slug is taken."""
    record = TenantRecord(
        keys.tenant(tenant.slug),
        keys.CONFIG,
        created_at=datetime.now(UTC),
        allowed_origins=list(tenant.allowed_origins),
        **attributes_of(tenant, "allowed_origins"),
    )
    return write_if(lambda: record.save(condition=TenantRecord.pk.does_not_exist()))


def set_captcha(slug: str, provider: str | None, secret: str | None) -> None:
    """Turn a tenant's captcha on (provider and secret) or off (None)."""
    record = TenantRecord(keys.tenant(slug), keys.CONFIG)
    actions: list[Action]
    if provider is None or secret is None:
        actions = [TenantRecord.captcha_provider.remove(), TenantRecord.captcha_secret.remove()]
    else:
        actions = [TenantRecord.captcha_provider.set(provider), TenantRecord.captcha_secret.set(secret)]
    with translate_aws_errors():
        record.update(actions=actions)


def set_payment(slug: str, numcli: str | None, mode: str | None) -> None:
    """Turn a tenant's online payment on (PayFiP numcli and mode) or off (None)."""
    record = TenantRecord(keys.tenant(slug), keys.CONFIG)
    actions: list[Action]
    if numcli is None or mode is None:
        actions = [TenantRecord.payfip_numcli.remove(), TenantRecord.payfip_mode.remove()]
    else:
        actions = [TenantRecord.payfip_numcli.set(numcli), TenantRecord.payfip_mode.set(mode)]
    with translate_aws_errors():
        record.update(actions=actions, condition=TenantRecord.pk.exists())
