"""The portal's one DynamoDB table: its pynamodb base, the shared connection, and write conditions.

One table (``TABLE_NAME``), generic keys ``pk`` / ``sk``, TTL on ``expires_at``,
two overloaded sparse indexes (``FamilyIndex`` on gsi1pk / gsi1sk,
``InvoiceRefIndex`` on gsi2pk / gsi2sk). Every key starts with the tenant
(``TENANT#{t}#…``), so no access pattern can cross tenants; the only
exceptions are the sparse partitions a scheduled job reads across tenants
(``DUE#{day}``, ``PAYMENTS#PENDING``), which no citizen route reads.

Each area's store (``portal.<area>.store``) owns its key formats, its item
models (subclasses of ``Item``) and documents its access patterns beside them
(pattern → key condition → index); the platform's own items are the attempt
counters (``counters``) and the usage counters (``metering``).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields
from typing import TYPE_CHECKING, Any, ClassVar

from pynamodb.attributes import (
    UnicodeAttribute,
)
from pynamodb.connection import Connection, TableConnection
from pynamodb.exceptions import PynamoDBException
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, IncludeProjection
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from portal.kernel import ids
from portal.platform import startup
from portal.platform.aws import error_code, translate_aws_errors
from portal.platform.config import settings

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


class _TableMeta:
    table_name = settings().table_name
    region = settings().region
    connect_timeout_seconds = 2
    read_timeout_seconds = 5
    max_retry_attempts = 2


class FamilyIndex[M: Model](GlobalSecondaryIndex[M]):
    """The first overloaded index (gsi1pk / gsi1sk): a family's invoices and what hangs on them, and the
    sparse partitions the areas list there (each area's store documents its own)."""

    class Meta:
        index_name = "FamilyIndex"
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class InvoiceRefIndex[M: Model](GlobalSecondaryIndex[M]):
    """The second overloaded index (gsi2pk / gsi2sk), projecting only what its readers need."""

    class Meta:
        index_name = "InvoiceRefIndex"
        projection = IncludeProjection(["family_id", "amount_cents", "personal_code_digest"])

    gsi2pk = UnicodeAttribute(hash_key=True)
    gsi2sk = UnicodeAttribute(range_key=True)


class _Table(Model):
    """The table itself (keys and indexes): the one model whose connection pynamodb builds."""

    class Meta(_TableMeta):
        pass

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    family_index: FamilyIndex[_Table] = FamilyIndex()
    ref_index: InvoiceRefIndex[_Table] = InvoiceRefIndex()


class Item(Model):
    """An item of the portal table: generic keys ``pk`` / ``sk`` (each area's store owns its formats).

    ``sort_key`` (or ``sort_prefix``) says which sort keys are items of this kind, so that a query over
    several kinds (``query_items``) types each item it reads."""

    class Meta(_TableMeta):
        pass

    sort_key: ClassVar[str] = ""
    sort_prefix: ClassVar[str] = ""

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)

    @classmethod
    def _get_connection(cls) -> TableConnection:
        """Every kind is one table: one connection, hence one botocore client (pynamodb would otherwise
        open one per model class, each loading the DynamoDB service model: paid at every cold start)."""
        return table()

    @classmethod
    def holds(cls, sort: str) -> bool:
        return sort == cls.sort_key if cls.sort_key else bool(cls.sort_prefix) and sort.startswith(cls.sort_prefix)


def connect() -> None:
    """Create the DynamoDB client now: during Lambda's INIT, not in the first request. The last step of every
    function's start-up: the collector, off until now, is turned back on (``startup``)."""
    table().connection.client  # noqa: B018 - the property creates it
    startup.started()


def table() -> TableConnection:
    """The table's connection, shared by every model (raw queries over several item kinds)."""
    return _Table._get_connection()


def connection() -> Connection:
    """The low-level connection under it (transactions take it)."""
    return table().connection


CONDITIONAL_FAILURE = "ConditionalCheckFailedException"


def is_conditional_failure(exc: Exception) -> bool:
    """True when a write (or a transaction) failed only because a condition did not hold."""
    if isinstance(exc, PynamoDBException):
        if error_code(exc) == CONDITIONAL_FAILURE:
            return True
        reasons = getattr(exc, "cancellation_reasons", None) or []
        return any(r is not None and r.code == "ConditionalCheckFailed" for r in reasons)
    return False


def get_items(item_keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """Items of any kinds by (pk, sk), in BatchGetItem calls (consistent reads), raw: type them with
    ``Model.from_raw_data``. Keys the table does not hold are absent from the answer."""
    pending: list[Any] = [{"pk": {"S": pk}, "sk": {"S": sk}} for pk, sk in dict.fromkeys(item_keys)]
    found: dict[tuple[str, str], dict[str, Any]] = {}
    name = _Table.Meta.table_name
    with translate_aws_errors():
        while pending:
            batch, pending = pending[:100], pending[100:]
            answer = table().batch_get_item(batch, consistent_read=True)  # keys in DynamoDB's wire format
            for raw in answer.get("Responses", {}).get(name, []):
                found[(raw["pk"]["S"], raw["sk"]["S"])] = raw
            pending += answer.get("UnprocessedKeys", {}).get(name, {}).get("Keys", [])
    return found


def query_items(kinds: tuple[type[Item], ...], *, pages: int | None = None, **arguments: Any) -> list[Item]:
    """Query (following at most ``pages`` pages, else all), each item typed as the first of ``kinds`` that
    holds its sort key (an item of no such kind is a bug: a key format shared by mistake)."""
    items: list[Item] = []
    start = None
    with translate_aws_errors():
        while pages is None or pages > 0:
            page = table().query(exclusive_start_key=start, **arguments)
            items += [_typed(kinds, raw) for raw in page.get("Items", [])]
            start = page.get("LastEvaluatedKey")
            pages = None if pages is None else pages - 1
            if not start:
                break
    return items


def _typed(kinds: tuple[type[Item], ...], raw: dict[str, Any]) -> Item:
    sort = raw["sk"]["S"]
    kind = next((kind for kind in kinds if kind.holds(sort)), None)
    if kind is None:
        raise ValueError(f"unexpected item kind {sort.split('#')[0]!r}")
    return kind.from_raw_data(raw)


def value_of[V: DataclassInstance](cls: type[V], record: object, **given: Any) -> V:
    """The frozen value ``cls`` read from a record's attributes of the same names (``given`` overrides)."""
    names = [f.name for f in fields(cls) if f.name not in given]
    return cls(**{name: getattr(record, name) for name in names}, **given)


def attributes_of(value: DataclassInstance, *leave_out: str) -> dict[str, Any]:
    """A frozen value's fields as a record's attributes of the same names (mappings copied)."""
    found = {}
    for f in fields(value):
        if f.name not in leave_out:
            field_value = getattr(value, f.name)
            found[f.name] = dict(field_value) if isinstance(field_value, Mapping) else field_value
    return found


def write_if(write: Callable[[], object]) -> bool:
    """Run a conditional write (or transaction): False if a condition did not hold.

    A failed condition is an answer; any other failure an AWS error (503).
    """
    with translate_aws_errors():
        try:
            write()
        except PynamoDBException as exc:
            if not is_conditional_failure(exc):
                raise
            return False
    return True


class _InOrder(TransactWrite):
    """A TransactWrite that remembers the order its parts were added in: pynamodb sends them grouped by
    kind (condition checks, deletes, puts, then updates), and DynamoDB names a failed part by its position
    in what was sent."""

    SENT_ORDER = ("condition_check", "delete", "save", "update")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kinds: list[str] = []

    def condition_check(self, *args: Any, **kwargs: Any) -> None:
        self.kinds.append("condition_check")
        super().condition_check(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> None:
        self.kinds.append("delete")
        super().delete(*args, **kwargs)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.kinds.append("save")
        super().save(*args, **kwargs)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self.kinds.append("update")
        super().update(*args, **kwargs)

    def added_position(self, sent: int) -> int:
        """The position, in the order they were added, of the part sent at position ``sent``."""
        in_sent_order = sorted(range(len(self.kinds)), key=lambda i: self.SENT_ORDER.index(self.kinds[i]))
        return in_sent_order[sent]


type Parts = Callable[[TransactWrite], None]  # the parts one TransactWriteItems adds, in order


def joined(parts: Iterable[Parts | None]) -> Parts | None:
    """Parts one after another (None where there are none)."""
    chosen = [p for p in parts if p is not None]
    if not chosen:
        return None

    def all_of(t: TransactWrite) -> None:
        for part in chosen:
            part(t)

    return all_of


def transact(items: Parts) -> frozenset[int]:
    """Run one TransactWriteItems (``items`` adds its parts): the positions, in the order ``items`` added
    them, of the parts whose condition did not hold (nothing was written then), or an empty set when it was
    written.

    Telling which condition failed is what lets a caller answer rightly: a booking whose place was taken
    (the slot's condition) is not one that already existed (the booking's). Each attempt carries its own
    ClientRequestToken, so that botocore retrying a write DynamoDB did make is answered as made, not as a
    failed condition."""
    with translate_aws_errors():
        for attempt in range(TRANSACTION_CONFLICT_TRIES):
            transaction = _InOrder(connection=connection(), client_request_token=ids.random_id())
            try:
                with transaction:
                    items(transaction)
                break
            except PynamoDBException as exc:
                if is_conditional_failure(exc):
                    reasons = getattr(exc, "cancellation_reasons", None) or []
                    failed = frozenset(
                        transaction.added_position(i)
                        for i, r in enumerate(reasons)
                        if r is not None and r.code == "ConditionalCheckFailed"
                    )
                    return failed or frozenset({-1})  # a plain conditional write (not a transaction) failed
                if not _conflicted(exc) or attempt == TRANSACTION_CONFLICT_TRIES - 1:
                    raise
                # Another transaction held one of the items (a rush on one slot): nothing was written; again,
                # after a random pause that doubles each time, as DynamoDB advises.
                time.sleep(random.uniform(0, TRANSACTION_CONFLICT_PAUSE * 2**attempt))  # noqa: S311  # nosec B311
    return frozenset()


TRANSACTION_CONFLICT_TRIES, TRANSACTION_CONFLICT_PAUSE = 8, 0.01  # at most ≈ 1.3 s of pauses in all


def _conflicted(exc: PynamoDBException) -> bool:
    reasons = getattr(exc, "cancellation_reasons", None) or []
    return any(r is not None and r.code == "TransactionConflict" for r in reasons)


def save_all(records: Iterable[Model]) -> None:
    """Put items of any of the table's models, in BatchWriteItem calls of 25."""
    by_model: dict[type[Model], list[Model]] = {}
    for record in records:
        by_model.setdefault(type(record), []).append(record)
    with translate_aws_errors():
        for model, items in by_model.items():
            with model.batch_write() as batch:
                for item in items:
                    batch.save(item)
