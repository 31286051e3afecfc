"""Changes to the stand-in (moto) that the local stack and the functional tests need until moto makes them.

``transactions_back_up_items``: moto's ``DynamoDBBackend.transact_write_items`` (moto/dynamodb/models/__init__.py)
deep-copies each table a transaction names, once for each of its items, so that it can put the table back if
one item fails. A transaction's cost then grows with the whole table rather than with what it writes: on the
local stack, a booking request of a few hundred changes on a table of a few thousand items outlives the
functions' read timeout and answers 503, where DynamoDB's cost is that of the items written. getmoto/moto#9420 (5.1.16)
narrowed the copy from every table to the tables the transaction names; no moto issue asks yet for a copy of
the written items alone, which is what this change does, with the same all-or-nothing outcome.

``between_refuses_reversed_bounds``: DynamoDB refuses a key condition ``BETWEEN a AND b`` whose lower bound
is above its upper one (ValidationException, a 503 to the caller); moto answers it with no items, so a query
that can build one passes every test and fails on AWS only. The stand-in now refuses it as DynamoDB does.

The first change checks that the installed moto still copies whole tables in that function, and raises
``MotoChanged`` when it does not: once moto backs up items itself (or changes how), this module is to be
deleted or looked at again, never left to patch a function it no longer fits.
"""

from __future__ import annotations

import contextvars
import copy
import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# What moto's transact_write_items does today, whitespace aside: a deep copy of each named table, put back on failure.
TABLE_COPY = "original_table_state[table_name]=copy.deepcopy(self.tables[table_name])"
TABLE_PUT_BACK = "self.tables[table_name]=original_table_state[table_name]"

_in_transaction: contextvars.ContextVar[bool] = contextvars.ContextVar("moto_transaction", default=False)


class MotoChanged(RuntimeError):
    """The installed moto no longer does what a change in this module answers."""


def copies_whole_tables(transact_write_items: Callable[..., Any]) -> bool:
    """Whether this version of moto's transact_write_items backs up by deep-copying the tables it names."""
    source = "".join(inspect.getsource(transact_write_items).split())
    return TABLE_COPY in source and TABLE_PUT_BACK in source


def transactions_back_up_items() -> None:
    """Make moto's TransactWriteItems back up the items it names rather than their whole tables.

    Inside the patched function, moto's deep copy of a table is the table itself (its put-back is then a
    no-op), and each item the transaction names is deep-copied beforehand and put back if moto raises.
    Applied once per process; raises ``MotoChanged`` if moto's function no longer copies whole tables."""
    from moto.dynamodb import models

    backend = models.DynamoDBBackend
    if getattr(backend, "_portal_items_backed_up", False):
        return
    real = backend.transact_write_items
    if not copies_whole_tables(real):
        raise MotoChanged(
            "moto's DynamoDBBackend.transact_write_items no longer deep-copies the tables it names: "
            "check whether it now backs up the written items alone, and remove infra/moto_fixes.py if so"
        )

    @functools.wraps(real)
    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        saved = [found for item in transact_items if (found := SavedItem.of(self, item)) is not None]
        token = _in_transaction.set(True)
        try:
            real(self, transact_items)
        except Exception:
            for backup in reversed(saved):  # the first backup of an item named twice is the one that stays
                backup.put_back()
            raise
        finally:
            _in_transaction.reset(token)

    models.copy = _TablesUncopied()  # type: ignore[attr-defined,assignment]  # patching the stand-in
    backend.transact_write_items = transact_write_items  # type: ignore[method-assign]  # patching the stand-in
    backend._portal_items_backed_up = True  # type: ignore[attr-defined]  # a marker: patch once


def between_refuses_reversed_bounds() -> None:
    """Make moto's Query refuse ``BETWEEN`` bounds in the wrong order, with DynamoDB's error. Applied once."""
    from moto.dynamodb.exceptions import MockValidationException
    from moto.dynamodb.models.table import Table

    if getattr(Table, "_portal_strict_between", False):
        return
    real = Table.query

    @functools.wraps(real)
    def query(
        self: Any, hash_key: Any, range_comparison: str | None, range_objs: list[Any], *args: Any, **kw: Any
    ) -> Any:
        if (range_comparison or "").upper() == "BETWEEN" and len(range_objs) == 2:
            lower, upper = range_objs
            if lower.type == upper.type and _ordered(lower) > _ordered(upper):
                raise MockValidationException(
                    "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or "
                    f"equal to lower bound; lower bound operand: AttributeValue: {{{lower.type}:{lower.value}}}, "
                    f"upper bound operand: AttributeValue: {{{upper.type}:{upper.value}}}"
                )
        return real(self, hash_key, range_comparison, range_objs, *args, **kw)

    Table.query = query  # type: ignore[method-assign]  # patching the stand-in
    Table._portal_strict_between = True  # type: ignore[attr-defined]  # a marker: patch once


def _ordered(value: Any) -> Any:
    """A key value as DynamoDB orders it: numbers by value, strings and binaries by their bytes."""
    if value.type == "N":
        return float(value.value)
    return value.value.encode() if isinstance(value.value, str) else value.value


class _TablesUncopied:
    """The ``copy`` module as moto's DynamoDB models see it: a table deep-copied inside a transaction is the
    table itself; every other copy is the standard library's."""

    def deepcopy(self, value: Any, memo: dict[int, Any] | None = None) -> Any:
        from moto.dynamodb.models.table import Table

        if _in_transaction.get() and isinstance(value, Table):
            return value
        return copy.deepcopy(value, memo)

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)


@dataclass
class SavedItem:
    """One item a transaction names, as it was before (``None``: absent), to put back if it fails."""

    table: Any  # moto's Table
    hash_key: Any  # moto's DynamoType
    range_key: Any
    item: Any  # moto's Item, a deep copy

    @classmethod
    def of(cls, backend: Any, transact_item: dict[str, Any]) -> SavedItem | None:
        """The item a Put, Update, Delete or ConditionCheck names; None for one moto will refuse as malformed
        (no table, no key), which it writes nothing for."""
        from moto.core.exceptions import JsonRESTError

        try:
            operation = next(iter(transact_item.values()))
            table = backend.get_table(operation["TableName"])
            key_names = [name for name in (table.hash_key_attr, table.range_key_attr) if name]
            key = operation.get("Key") or {name: operation["Item"][name] for name in key_names}
            hash_key, range_key = backend.get_keys_value(table, key)
        except (JsonRESTError, KeyError, TypeError, AttributeError, StopIteration):
            return None
        return cls(table, hash_key, range_key, copy.deepcopy(cls._stored(table, hash_key, range_key)))

    @staticmethod
    def _stored(table: Any, hash_key: Any, range_key: Any) -> Any:
        found = table.items.get(hash_key)
        if table.range_key_attr is None or found is None:
            return found
        return found.get(range_key)

    def put_back(self) -> None:
        items = self.table.items
        if self.table.range_key_attr is None:
            items.pop(self.hash_key, None)
            if self.item is not None:
                items[self.hash_key] = self.item
            return
        keyed = items.setdefault(self.hash_key, {})
        keyed.pop(self.range_key, None)
        if self.item is not None:
            keyed[self.range_key] = self.item
