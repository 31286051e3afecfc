"""The family's data key for what other areas keep of a family's health data (a file change's old and new
values in its request): sealed as the file's own health fields are, with the family's key, the tenant and
the family as associated data."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from portal.families import store
from portal.kernel.ids import TenantSlug
from portal.platform import envelope, parallel


def seal(tenant: TenantSlug, family_id: str, value: Any, key: envelope.DataKey) -> bytes:
    """``value`` (JSON) sealed with the family's data key (``key``, as the family's file holds it)."""
    return envelope.seal(key, tenant, family_id, json.dumps(value).encode())


def opener(tenant: TenantSlug, families: Iterable[str] = ()) -> Callable[[str, bytes], Any]:
    """Opens sealed values of the tenant's families, each family's key read and unwrapped once (a KMS
    Decrypt), those of ``families`` at once, a few at a time (a feed page of many families waits for the
    slowest of its calls, not their sum); a value that does not open raises ``envelope.SealBroken``."""
    named = sorted(set(families))
    keys = dict(zip(named, parallel.each(lambda family: store.stored_key(tenant, family), named), strict=True))

    def opened(family_id: str, sealed: bytes) -> Any:
        if family_id not in keys:
            keys[family_id] = store.stored_key(tenant, family_id)
        key = keys[family_id]
        if key is None:
            raise envelope.SealBroken("the family has no data key")
        return json.loads(envelope.open_sealed(key, tenant, family_id, sealed))

    return opened
