"""Attempt counters for throttling, in fixed windows swept by TTL."""

from __future__ import annotations

from typing import Any

from pynamodb.exceptions import UpdateError

from ..aws import translate_aws_errors
from ..domain.model import Counter
from . import keys
from .table import CounterRecord, get_items, is_conditional_failure

Subject = tuple[str, str]  # (scope, subject) within a tenant


def get_many(tenant: str, subjects: list[Subject]) -> dict[Subject, Counter]:
    """Several counters in one BatchGetItem (consistent reads)."""
    found = get_items(item_key(tenant, subject) for subject in subjects)
    return {subject: counter for subject in subjects if (counter := read(found, tenant, subject)) is not None}


def item_key(tenant: str, subject: Subject) -> tuple[str, str]:
    return keys.counter(tenant, *subject), keys.COUNTER


def read(found: dict[tuple[str, str], dict[str, Any]], tenant: str, subject: Subject) -> Counter | None:
    """A counter out of a batch read (``table.get_items``), if it was there."""
    raw = found.get(item_key(tenant, subject))
    if raw is None:
        return None
    record = CounterRecord.from_raw_data(raw)
    return Counter(attempts=int(record.attempts), window_start=int(record.window_start))


def add_failure(tenant: str, scope: str, subject: str, now: int, window_seconds: int) -> None:
    """Count one failure in the current window, opening a new window if the last one ended.

    Atomic ``ADD`` inside a live window, so parallel failures are all counted;
    a stale window is replaced only if it is still the stale one.
    """
    record = CounterRecord(keys.counter(tenant, scope, subject), keys.COUNTER)
    with translate_aws_errors():
        try:
            record.update(
                actions=[
                    CounterRecord.attempts.add(1),
                    CounterRecord.window_start.set(CounterRecord.window_start | now),
                    CounterRecord.expires_at.set(CounterRecord.expires_at | now + window_seconds),
                ],
                condition=CounterRecord.window_start.does_not_exist()
                | (CounterRecord.window_start > now - window_seconds),
            )
            return
        except UpdateError as exc:
            if not is_conditional_failure(exc):
                raise
        try:
            record.update(
                actions=[
                    CounterRecord.attempts.set(1),
                    CounterRecord.window_start.set(now),
                    CounterRecord.expires_at.set(now + window_seconds),
                ],
                condition=CounterRecord.window_start <= now - window_seconds,
            )
        except UpdateError as exc:
            if not is_conditional_failure(exc):
                raise
            # Another request opened the new window meanwhile: count in it.
            record.update(actions=[CounterRecord.attempts.add(1)])


def clear(tenant: str, scope: str, subject: str) -> None:
    with translate_aws_errors():
        CounterRecord(keys.counter(tenant, scope, subject), keys.COUNTER).delete()
