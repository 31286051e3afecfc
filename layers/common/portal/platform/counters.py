"""Attempt counters for throttling, in fixed windows swept by TTL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from portal.kernel.ids import TenantSlug
from portal.platform.aws import translate_aws_errors
from portal.platform.table import Item, get_items, write_if

Subject = tuple[str, str]  # (scope, subject) within a tenant
COUNTER = "COUNTER"  # the sort key of a counter item


@dataclass(frozen=True)
class Counter:
    """Attempts counted since ``window_start`` (epoch seconds)."""

    attempts: int
    window_start: int


def key(tenant: TenantSlug, scope: str, subject: str) -> str:
    """| attempt counter | GetItem pk=TENANT#{t}#THROTTLE#{scope}#{subject}, sk=COUNTER |"""
    return f"TENANT#{tenant}#THROTTLE#{scope}#{subject}"


class CounterRecord(Item):
    """Attempts in a fixed window; DynamoDB's TTL sweeps old windows."""

    sk = UnicodeAttribute(range_key=True, default=COUNTER)
    attempts = NumberAttribute(default=0)
    window_start = NumberAttribute()
    expires_at = NumberAttribute()


def get_many(tenant: TenantSlug, subjects: list[Subject]) -> dict[Subject, Counter]:
    """Several counters in one BatchGetItem (consistent reads)."""
    found = get_items(item_key(tenant, subject) for subject in subjects)
    return {subject: counter for subject in subjects if (counter := read(found, tenant, subject)) is not None}


def item_key(tenant: TenantSlug, subject: Subject) -> tuple[str, str]:
    return key(tenant, *subject), COUNTER


def read(found: dict[tuple[str, str], dict[str, Any]], tenant: TenantSlug, subject: Subject) -> Counter | None:
    """A counter out of a batch read (``table.get_items``), if it was there."""
    raw = found.get(item_key(tenant, subject))
    if raw is None:
        return None
    record = CounterRecord.from_raw_data(raw)
    return Counter(attempts=int(record.attempts), window_start=int(record.window_start))


def take(
    tenant: TenantSlug, scope: str, subject: str, now: int, window_seconds: int, limit: int, amount: int = 1
) -> Counter | None:
    """Count ``amount`` attempts if they fit under ``limit`` in the live window; None (nothing written)
    when they do not. One conditional write decides, so however many requests arrive at once,
    at most ``limit`` are counted: the check and the count cannot be pulled apart.

    A window that ended is replaced only if it is still the ended one (and, should another request
    have opened the new one meanwhile, the attempt is counted in that one)."""
    record = CounterRecord(key(tenant, scope, subject), COUNTER)
    live = CounterRecord.window_start > now - window_seconds
    for _ in range(2):
        if write_if(
            lambda: record.update(
                actions=[
                    CounterRecord.attempts.add(amount),
                    CounterRecord.window_start.set(CounterRecord.window_start | now),
                    CounterRecord.expires_at.set(CounterRecord.expires_at | now + window_seconds),
                ],
                condition=CounterRecord.window_start.does_not_exist()
                | (live & (CounterRecord.attempts <= limit - amount)),
            )
        ):
            return Counter(int(record.attempts), int(record.window_start))
        if write_if(
            lambda: record.update(
                actions=[
                    CounterRecord.attempts.set(amount),
                    CounterRecord.window_start.set(now),
                    CounterRecord.expires_at.set(now + window_seconds),
                ],
                condition=CounterRecord.window_start <= now - window_seconds,
            )
        ):
            return Counter(amount, now)
    return None


def give_back(tenant: TenantSlug, scope: str, subject: str) -> None:
    """Uncount one attempt (what it was taken for did not happen, e.g. a mail SES refused)."""
    record = CounterRecord(key(tenant, scope, subject), COUNTER)
    write_if(lambda: record.update(actions=[CounterRecord.attempts.add(-1)], condition=CounterRecord.attempts > 0))


def clear(tenant: TenantSlug, scope: str, subject: str) -> None:
    with translate_aws_errors():
        CounterRecord(key(tenant, scope, subject), COUNTER).delete()
