"""The municipality's values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from portal.kernel.ids import TenantSlug

type FieldGroup = Literal["contact", "health", "authorisations", "pickups"]
FIELD_GROUPS: Final[tuple[FieldGroup, ...]] = ("contact", "health", "authorisations", "pickups")


@dataclass(frozen=True)
class Tenant:
    """A municipality's configuration. ``admin_key_hash``: SHA-256 of its admin API key."""

    slug: TenantSlug
    name: str
    portal_url: str
    sender_email: str
    terms_version: str
    allowed_origins: tuple[str, ...]
    captcha_provider: str | None
    captcha_secret: str | None
    admin_key_hash: str
    # Online payment (PayFiP): the régie's 6-digit client number and the mode,
    # T test, X activation, W production. No numcli: online payment is off.
    payfip_numcli: str | None = None
    payfip_mode: str | None = None
    # The family's file: every N months a follower certifies it (None: never asked), and the field groups a
    # parent's change applies to at once (the others wait for the town's decision; none, by default).
    certify_every_months: int | None = None
    apply_at_once: frozenset[FieldGroup] = frozenset()
