"""Attempt counters for throttling, in fixed windows swept by TTL."""

from __future__ import annotations

from typing import Any

from portal.aws import translate_aws_errors
from portal.domain.model import Counter
from portal.store import keys
from portal.store.table import CounterRecord, get_items, write_if

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


def take(tenant: str, scope: str, subject: str, now: int, window_seconds: int, limit: int) -> Counter | None:
    """Count one attempt if fewer than ``limit`` are counted in the live window; None (nothing written)
    when the window is full. One conditional write decides, so however many requests arrive at once,
    at most ``limit`` are counted: the check and the count cannot be pulled apart.

    A window that ended is replaced only if it is still the ended one (and, should another request
    have opened the new one meanwhile, the attempt is counted in that one)."""
    record = CounterRecord(keys.counter(tenant, scope, subject), keys.COUNTER)
    live = CounterRecord.window_start > now - window_seconds
    for _ in range(2):
        if write_if(
            lambda: record.update(
                actions=[
                    CounterRecord.attempts.add(1),
                    CounterRecord.window_start.set(CounterRecord.window_start | now),
                    CounterRecord.expires_at.set(CounterRecord.expires_at | now + window_seconds),
                ],
                condition=CounterRecord.window_start.does_not_exist() | (live & (CounterRecord.attempts < limit)),
            )
        ):
            return Counter(int(record.attempts), int(record.window_start))
        if write_if(
            lambda: record.update(
                actions=[
                    CounterRecord.attempts.set(1),
                    CounterRecord.window_start.set(now),
                    CounterRecord.expires_at.set(now + window_seconds),
                ],
                condition=CounterRecord.window_start <= now - window_seconds,
            )
        ):
            return Counter(1, now)
    return None


def give_back(tenant: str, scope: str, subject: str) -> None:
    """Uncount one attempt (what it was taken for did not happen, e.g. a mail SES refused)."""
    record = CounterRecord(keys.counter(tenant, scope, subject), keys.COUNTER)
    write_if(lambda: record.update(actions=[CounterRecord.attempts.add(-1)], condition=CounterRecord.attempts > 0))


def clear(tenant: str, scope: str, subject: str) -> None:
    with translate_aws_errors():
        CounterRecord(keys.counter(tenant, scope, subject), keys.COUNTER).delete()
