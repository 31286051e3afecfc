"""pynamodb models of the single portal table, and its access patterns.

One table (``TABLE_NAME``), generic keys ``pk`` / ``sk``, TTL on ``expires_at``.
Every key starts with the tenant, so no access pattern can cross tenants.

| access pattern                         | key condition                                   |
|----------------------------------------|-------------------------------------------------|
| tenant configuration by slug           | GetItem pk=TENANT#{t}, sk=CONFIG                |
| account by email (login, register)     | GetItem pk=TENANT#{t}#ACCOUNT#{id}, sk=PROFILE  |
| account by token subject (me, logout)  | same item: ``id`` is the JWT ``sub``            |
| account by activation token            | same item: the token starts with ``id``         |
| attempt counter (throttling)           | GetItem pk=TENANT#{t}#THROTTLE#{scope}#{k}, sk=COUNTER |

``id`` of an account is derived from (tenant, normalised email), so "one account
per email per tenant" is the primary key's uniqueness, enforced by conditional
writes; no index is needed and no lookup is eventually consistent.
"""

from __future__ import annotations

from pynamodb.attributes import (
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.models import Model

from ..config import settings


class _TableMeta:
    table_name = settings().table_name
    region = settings().region
    connect_timeout_seconds = 2
    read_timeout_seconds = 5
    max_retry_attempts = 2


class TenantRecord(Model):
    """A municipality. ``admin_key_hash`` is SHA-256 of a 256-bit random key."""

    class Meta(_TableMeta):
        pass

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="CONFIG")
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

    @staticmethod
    def key(slug: str) -> str:
        return f"TENANT#{slug}"


class AccountRecord(Model):
    """A citizen account.

    ``status``: ``pending`` until the activation link is used, then ``active``.
    ``activation_token_hash``: SHA-256 of the pending link's secret, removed on use.
    ``revoked_tokens``: the denylist of logged-out JWTs, ``jti`` → expiry (epoch
    seconds); read with the account on every authenticated call, so logout costs
    no extra read later, and pruned of expired entries on each logout.
    """

    class Meta(_TableMeta):
        pass

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="PROFILE")
    account_id = UnicodeAttribute()
    tenant = UnicodeAttribute()
    email = UnicodeAttribute()
    civility = UnicodeAttribute()
    last_name = UnicodeAttribute()
    first_name = UnicodeAttribute()
    password_hash = UnicodeAttribute()
    status = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    activated_at = UTCDateTimeAttribute(null=True)
    terms_version = UnicodeAttribute()
    terms_accepted_at = UTCDateTimeAttribute()
    activation_token_hash = UnicodeAttribute(null=True)
    activation_expires_at = NumberAttribute(null=True)
    revoked_tokens = MapAttribute(default=dict)

    @staticmethod
    def key(tenant: str, account_id: str) -> str:
        return f"TENANT#{tenant}#ACCOUNT#{account_id}"


class CounterRecord(Model):
    """Failed attempts in a fixed window; DynamoDB's TTL sweeps old windows."""

    class Meta(_TableMeta):
        pass

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="COUNTER")
    attempts = NumberAttribute(default=0)
    window_start = NumberAttribute()
    expires_at = NumberAttribute()

    @staticmethod
    def key(tenant: str, scope: str, subject: str) -> str:
        return f"TENANT#{tenant}#THROTTLE#{scope}#{subject}"
