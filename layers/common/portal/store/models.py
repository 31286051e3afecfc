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
| family by id                           | GetItem pk=TENANT#{t}#FAMILY#{f}, sk=FAMILY     |
| family by subscriber code              | GetItem pk=TENANT#{t}#SUBCODE#{hmac}, sk=SUBCODE → family_id |
| invoice by id, with payments and PDF   | Query pk=TENANT#{t}#INVOICE#{i} (sk INVOICE, PAYMENT#{n}, PDF) |
| invoices of a family, newest first,    | Query FamilyIndex gsi1pk=TENANT#{t}#FAMILY#{f}, descending:     |
|   each with its payments and PDF flag  |   gsi1sk={date}#{number}#{i}[#PAYMENT#{n} / #PDF]               |
| invoice by (emission code, reference)  | Query InvoiceRefIndex gsi2pk=TENANT#{t}#INVREF#{EMISSION}#{REF} |

Subscriber codes and personal codes let whoever holds them read a family's
invoices: only their HMAC-SHA256 (key from Secrets Manager, ``keys.py``) is
stored, so a copy of the table does not reveal them. Payments and the PDF
marker are items of their own under the invoice, so re-importing an invoice
(a plain Put) never loses them, and paid/balance/status are computed from the
payments when read: they cannot drift from them.

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
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, IncludeProjection
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
    ``subscriptions``: the families whose invoices the account may read.
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
    # Families this account may read: family_id → subscribed_at (RFC 3339). Read
    # with the account on every call, so a subscription is effective at once.
    subscriptions = MapAttribute(default=dict)

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


class FamilyRecord(Model):
    """A family (billing account) published by the municipality."""

    class Meta(_TableMeta):
        pass

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="FAMILY")
    family_id = UnicodeAttribute()
    label = UnicodeAttribute()
    code_digest = UnicodeAttribute(null=True)

    @staticmethod
    def key(tenant: str, family_id: str) -> str:
        return f"TENANT#{tenant}#FAMILY#{family_id}"


class SubscriberCodeRecord(Model):
    """Owner of a subscriber code (by its HMAC); the key makes a code belong to one family."""

    class Meta(_TableMeta):
        pass

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="SUBCODE")
    family_id = UnicodeAttribute()

    @staticmethod
    def key(tenant: str, code_digest: str) -> str:
        return f"TENANT#{tenant}#SUBCODE#{code_digest}"


class FamilyIndex(GlobalSecondaryIndex["Model"]):
    """Everything billed to a family, newest invoice first (payments and PDF beside their invoice)."""

    class Meta:
        index_name = "FamilyIndex"
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class InvoiceRefIndex(GlobalSecondaryIndex["Model"]):
    """Invoices by (emission code, reference), for subscribing with an invoice's data."""

    class Meta:
        index_name = "InvoiceRefIndex"
        projection = IncludeProjection(["family_id", "amount_cents", "personal_code_digest"])

    gsi2pk = UnicodeAttribute(hash_key=True)
    gsi2sk = UnicodeAttribute(range_key=True)


class InvoiceLine(MapAttribute):  # type: ignore[type-arg]
    label = UnicodeAttribute()
    quantity = NumberAttribute()
    unit_price_cents = NumberAttribute()
    amount_cents = NumberAttribute()


class InvoiceRecord(Model):
    """An invoice; its payments and PDF marker live under the same partition key."""

    class Meta(_TableMeta):
        pass

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="INVOICE")
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    gsi2pk = UnicodeAttribute()
    gsi2sk = UnicodeAttribute()
    family_index = FamilyIndex()
    ref_index = InvoiceRefIndex()

    invoice_id = UnicodeAttribute()
    family_id = UnicodeAttribute()
    number = UnicodeAttribute()
    reference = UnicodeAttribute()
    emission_code = UnicodeAttribute()
    personal_code_digest = UnicodeAttribute()
    date = UnicodeAttribute()
    due_date = UnicodeAttribute()
    issuer = UnicodeAttribute()
    nature = UnicodeAttribute()
    amount_cents = NumberAttribute()
    lines = ListAttribute(of=InvoiceLine, default=list)

    @staticmethod
    def key(tenant: str, invoice_id: str) -> str:
        return f"TENANT#{tenant}#INVOICE#{invoice_id}"


class PaymentRecord(Model):
    """A payment of an invoice, keyed by its number."""

    class Meta(_TableMeta):
        pass

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    invoice_id = UnicodeAttribute()
    number = UnicodeAttribute()
    payment_type = UnicodeAttribute()
    date = UnicodeAttribute()
    amount_cents = NumberAttribute()
    description = UnicodeAttribute(default="")


class PdfRecord(Model):
    """Marks that an invoice's PDF is stored in S3, under ``s3_key``."""

    class Meta(_TableMeta):
        pass

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="PDF")
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    invoice_id = UnicodeAttribute()
    s3_key = UnicodeAttribute()
    size = NumberAttribute()


def _share_one_connection() -> None:
    """All models are one table: give them one connection, hence one botocore client.

    pynamodb otherwise opens a connection (a botocore session and client, each
    loading the DynamoDB service model) per model class: paid at every cold start.
    The connection is lazy; nothing is created here but the object.
    """
    shared = InvoiceRecord._get_connection()  # the model that declares the indexes
    for model in (
        TenantRecord,
        AccountRecord,
        CounterRecord,
        FamilyRecord,
        SubscriberCodeRecord,
        PaymentRecord,
        PdfRecord,
    ):
        model._connection = shared


_share_one_connection()


def connect() -> None:
    """Create the DynamoDB client now: during Lambda's INIT, not in the first request."""
    InvoiceRecord._get_connection().connection.client  # noqa: B018 - the property creates it
