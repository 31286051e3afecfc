"""Online payments: transactions, their idop pointers, the invoice lock and idempotent answers.

Exactly once is kept here by conditions, never by read-then-write: a
transaction becomes paid, and its payment appears under the invoice, in one
TransactWriteItems whose condition is "not paid yet"; whoever loses the race
gets False and reads the winner's result.

| access pattern                         | key condition                                                   |
|----------------------------------------|-----------------------------------------------------------------|
| online payment by transaction id       | GetItem pk=TENANT#{t}#TRANSACTION#{id}, sk=TRANSACTION          |
| online payment by provider idop        | GetItem pk=TENANT#{t}#IDOP#{idop}, sk=IDOP → transaction id     |
| live payment attempt of an invoice     | GetItem pk=TENANT#{t}#PAYLOCK#{i}, sk=LOCK (conditional Put)    |
| answer to an Idempotency-Key           | GetItem pk=TENANT#{t}#IDEMPOTENCY#{account}#{sha256(key)}, sk=IDEMPOTENCY |
| pending online payments, every tenant  | Query FamilyIndex gsi1pk=PAYMENTS#PENDING, gsi1sk < {created_at} (sweep) |
| paid online payments of a tenant       | Query FamilyIndex gsi1pk=TENANT#{t}#PAYMENTS#PAID, gsi1sk > {learnt at} |
| online payments an account started     | Query InvoiceRefIndex gsi2pk=TENANT#{t}#ACCOUNT#{a}#PAYMENTS (keys) |

Both indexes are overloaded, sparse: a transaction sits in FamilyIndex under the
pending partition while pending and under its tenant's paid partition once paid
(settling moves it), and in InvoiceRefIndex under the account that started it.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DoesNotExist
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from portal.billing import ledger
from portal.billing.model import Invoice, Payment
from portal.kernel import clock
from portal.kernel.clock import rfc3339
from portal.kernel.ids import TenantSlug
from portal.payments.model import PAID, OnlinePayment, PaymentState
from portal.platform.aws import translate_aws_errors
from portal.platform.table import Item, attributes_of, connection, get_items, query_items, value_of, write_if

TRANSACTION, IDOP, LOCK, IDEMPOTENCY = "TRANSACTION", "IDOP", "LOCK", "IDEMPOTENCY"
# The one key without a tenant: the scheduled sweep reads every tenant's pending
# online payments in one Query (FamilyIndex, sparse); no citizen route reads it.
PENDING_PAYMENTS = "PAYMENTS#PENDING"


def transaction_key(tenant: TenantSlug, transaction_id: str) -> str:
    return f"TENANT#{tenant}#TRANSACTION#{transaction_id}"


def idop_key(tenant: TenantSlug, idop: str) -> str:
    """The provider's operation id → its transaction (the notification names only the idop)."""
    return f"TENANT#{tenant}#IDOP#{idop}"


def lock_key(tenant: TenantSlug, invoice_id: str) -> str:
    """One live online payment attempt per invoice."""
    return f"TENANT#{tenant}#PAYLOCK#{invoice_id}"


def idempotency_key(tenant: TenantSlug, account_id: str, key: str) -> str:
    return f"TENANT#{tenant}#IDEMPOTENCY#{account_id}#{hashlib.sha256(key.encode()).hexdigest()}"


def paid_partition(tenant: TenantSlug) -> str:
    """FamilyIndex partition of a tenant's paid online payments, by payment time (reconciliation feed)."""
    return f"TENANT#{tenant}#PAYMENTS#PAID"


def account_partition(tenant: TenantSlug, account_id: str) -> str:
    """InvoiceRefIndex partition of the online payments an account started (its data export)."""
    return f"TENANT#{tenant}#ACCOUNT#{account_id}#PAYMENTS"


class TransactionRecord(Item):
    """An online payment attempt (``domain.model.OnlinePayment``); moves between FamilyIndex partitions."""

    sort_key = TRANSACTION

    sk = UnicodeAttribute(range_key=True, default=TRANSACTION)
    transaction_id = UnicodeAttribute()
    tenant = UnicodeAttribute()
    account_id = UnicodeAttribute()
    invoice_id = UnicodeAttribute()
    family_id = UnicodeAttribute()
    amount_cents = NumberAttribute()
    status = UnicodeAttribute()
    provider = UnicodeAttribute()
    idop = UnicodeAttribute()
    refdet = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    paid_at = UTCDateTimeAttribute(null=True)
    provider_reference = UnicodeAttribute(null=True)
    booked_number = UnicodeAttribute(null=True)
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    gsi2pk = UnicodeAttribute()
    gsi2sk = UnicodeAttribute()


class IdopRecord(Item):
    """The transaction a provider operation id belongs to."""

    sk = UnicodeAttribute(range_key=True, default=IDOP)
    transaction_id = UnicodeAttribute()


class PaymentLockRecord(Item):
    """The live payment attempt of an invoice, until ``until`` (epoch seconds); TTL sweeps it later."""

    sk = UnicodeAttribute(range_key=True, default=LOCK)
    transaction_id = UnicodeAttribute()
    until = NumberAttribute()
    expires_at = NumberAttribute()


class IdempotencyRecord(Item):
    """The answer given to an ``Idempotency-Key`` (JSON), for 24 hours."""

    sk = UnicodeAttribute(range_key=True, default=IDEMPOTENCY)
    invoice_id = UnicodeAttribute()
    answer = UnicodeAttribute()
    expires_at = NumberAttribute()


def get(tenant: TenantSlug, transaction_id: str) -> OnlinePayment | None:
    """A transaction as last written (a consistent read: settling re-reads what it, or a rival, wrote)."""
    with translate_aws_errors():
        try:
            key = transaction_key(tenant, transaction_id)
            return _value(TransactionRecord.get(key, TRANSACTION, consistent_read=True))
        except DoesNotExist:
            return None


def of_idop(tenant: TenantSlug, idop: str) -> OnlinePayment | None:
    """The transaction the provider's operation id belongs to."""
    with translate_aws_errors():
        try:
            pointer = IdopRecord.get(idop_key(tenant, idop), IDOP)
        except DoesNotExist:
            return None
    return get(tenant, pointer.transaction_id)


def lock_invoice(tenant: TenantSlug, invoice_id: str, transaction_id: str, now: int, seconds: int) -> int | None:
    """Take the invoice's payment lock for ``seconds``: None when taken, else the seconds the live one has left."""
    record = PaymentLockRecord(
        lock_key(tenant, invoice_id),
        LOCK,
        transaction_id=transaction_id,
        until=now + seconds,
        expires_at=now + seconds + 86400,
    )
    free = PaymentLockRecord.pk.does_not_exist() | (PaymentLockRecord.until <= now)
    if write_if(lambda: record.save(condition=free)):
        return None
    with translate_aws_errors():
        try:
            live = PaymentLockRecord.get(record.pk, LOCK, consistent_read=True)
        except DoesNotExist:
            return 1  # released meanwhile: asking again will do
    return max(1, int(live.until) - now)


def release_lock(tenant: TenantSlug, invoice_id: str, transaction_id: str) -> None:
    """Free the invoice for another attempt, if this transaction still holds it."""
    record = PaymentLockRecord(lock_key(tenant, invoice_id), LOCK)
    write_if(lambda: record.delete(condition=PaymentLockRecord.transaction_id == transaction_id))


def insert(payment: OnlinePayment) -> None:
    """A new pending transaction and its idop pointer, in one transaction."""
    record = TransactionRecord(
        transaction_key(payment.tenant, payment.transaction_id),
        TRANSACTION,
        gsi1pk=PENDING_PAYMENTS,
        gsi1sk=_pending_position(payment),
        gsi2pk=account_partition(payment.tenant, payment.account_id),
        gsi2sk=f"{rfc3339(payment.created_at)}#{payment.transaction_id}",
        **attributes_of(payment),
    )
    pointer = IdopRecord(idop_key(payment.tenant, payment.idop), IDOP, transaction_id=payment.transaction_id)

    def write() -> None:
        with TransactWrite(connection=connection()) as transaction:
            transaction.save(record, condition=TransactionRecord.pk.does_not_exist())
            transaction.save(pointer, condition=IdopRecord.pk.does_not_exist())

    if not write_if(write):
        raise RuntimeError("a transaction or idop was stored twice")  # random ids: a bug, not an answer


def mark_paid(
    payment: OnlinePayment, paid_at: datetime, reference: str, booked: Payment | None, invoice: Invoice | None
) -> bool:
    """Paid, with ``booked`` added under ``invoice`` in the same write; False if already paid (or re-imported)."""
    key = _key(payment)
    actions: list[Action] = [
        TransactionRecord.status.set(PAID),
        TransactionRecord.paid_at.set(paid_at),
        TransactionRecord.provider_reference.set(reference),
        TransactionRecord.gsi1pk.set(paid_partition(payment.tenant)),
        # Listed in the feed by when the portal learnt it, not by the provider's minute: a late
        # result must not land behind a position the billing software has already read past.
        TransactionRecord.gsi1sk.set(f"{clock.now().strftime('%Y-%m-%dT%H:%M:%S.%fZ')}#{payment.transaction_id}"),
    ]
    condition = TransactionRecord.status != PAID
    if booked is not None:  # unless the billing software's own record stands for it already
        condition &= TransactionRecord.booked_number.does_not_exist()

    def write() -> None:
        with TransactWrite(connection=connection()) as transaction:
            transaction.update(key, actions=actions, condition=condition)
            if booked is not None and invoice is not None:
                item, single = ledger.new_payment(payment.tenant, invoice, booked)
                transaction.save(item, condition=single)

    return write_if(write)


def mark(payment: OnlinePayment, status: PaymentState, allowed_from: tuple[PaymentState, ...]) -> bool:
    """Move to a status that adds no payment (refused, abandoned, expired); it leaves the pending partition."""
    actions: list[Action] = [
        TransactionRecord.status.set(status),
        TransactionRecord.gsi1pk.remove(),
        TransactionRecord.gsi1sk.remove(),
    ]
    condition = TransactionRecord.status.is_in(*allowed_from)
    return write_if(lambda: _key(payment).update(actions=actions, condition=condition))


def book_by_import(tenant: TenantSlug, transaction_id: str, invoice_id: str, number: str) -> OnlinePayment | None:
    """The billing software re-imported this online payment as ``number``: its record now stands for it.

    Marks the transaction (so a later settling adds nothing) and removes the
    portal's own payment item if it had one under another number."""
    record = TransactionRecord(transaction_key(tenant, transaction_id), TRANSACTION)
    booked = TransactionRecord.booked_number.set(number)
    ours = TransactionRecord.pk.exists() & (TransactionRecord.invoice_id == invoice_id)
    if not write_if(lambda: record.update(actions=[booked], condition=ours)):
        return None
    payment = _value(record)
    if payment.provider_reference and payment.provider_reference != number:
        ledger.remove_payment(tenant, payment.invoice_id, payment.provider_reference)
    return payment


def pending_before(moment: datetime) -> list[OnlinePayment]:
    """Every tenant's pending transactions created before ``moment``, oldest first (the sweep)."""
    found = query_items(
        (TransactionRecord,),
        hash_key=PENDING_PAYMENTS,
        index_name="FamilyIndex",
        range_key_condition=TransactionRecord.gsi1sk < rfc3339(moment),
    )
    return [_value(record) for record in found if isinstance(record, TransactionRecord)]


def paid_since(tenant: TenantSlug, start: str, limit: int) -> tuple[list[OnlinePayment], str | None]:
    """A tenant's paid transactions recorded after position ``start`` (a date, or a position this
    returned), oldest first: at most ``limit``, and the position to go on from if more follow."""
    found = query_items(
        (TransactionRecord,),
        hash_key=paid_partition(tenant),
        index_name="FamilyIndex",
        range_key_condition=TransactionRecord.gsi1sk > start,
        limit=limit + 1,
        pages=1,
    )
    records = [record for record in found if isinstance(record, TransactionRecord)]
    more = len(records) > limit and limit > 0
    return [_value(record) for record in records[:limit]], records[limit - 1].gsi1sk if more else None


def paid_in_month(tenant: TenantSlug, month: str) -> list[OnlinePayment]:
    """A tenant's online payments the portal learnt were paid in a month (YYYY-MM)."""
    found = query_items(
        (TransactionRecord,),
        hash_key=paid_partition(tenant),
        index_name="FamilyIndex",
        range_key_condition=TransactionRecord.gsi1sk.startswith(month),
    )
    return [_value(record) for record in found if isinstance(record, TransactionRecord)]


def started_by(tenant: TenantSlug, account_id: str) -> list[OnlinePayment]:
    """The online payments an account started, oldest first (the index holds keys: then the items)."""
    listed = query_items(
        (TransactionRecord,), hash_key=account_partition(tenant, account_id), index_name="InvoiceRefIndex"
    )
    item_keys = [(record.pk, record.sk) for record in listed if isinstance(record, TransactionRecord)]
    found = get_items(item_keys)
    return [_value(TransactionRecord.from_raw_data(found[k])) for k in item_keys if k in found]


def remembered(tenant: TenantSlug, account_id: str, key: str, now: int) -> tuple[str, str] | None:
    """(invoice id, answer) given to this Idempotency-Key in the last 24 hours."""
    with translate_aws_errors():
        try:
            record = IdempotencyRecord.get(idempotency_key(tenant, account_id, key), IDEMPOTENCY)
        except DoesNotExist:
            return None
    return (record.invoice_id, record.answer) if int(record.expires_at) > now else None


def remember(tenant: TenantSlug, account_id: str, key: str, invoice_id: str, answer: str, until: int) -> None:
    record = IdempotencyRecord(
        idempotency_key(tenant, account_id, key), IDEMPOTENCY, invoice_id=invoice_id, answer=answer
    )
    record.expires_at = until
    with translate_aws_errors():
        record.save()


def _key(payment: OnlinePayment) -> TransactionRecord:
    return TransactionRecord(transaction_key(payment.tenant, payment.transaction_id), TRANSACTION)


def _pending_position(payment: OnlinePayment) -> str:
    return f"{rfc3339(payment.created_at)}#{payment.tenant}#{payment.transaction_id}"


def _value(record: Any) -> OnlinePayment:
    return value_of(OnlinePayment, record, amount_cents=int(record.amount_cents))
