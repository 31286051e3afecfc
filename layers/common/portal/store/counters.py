"""Attempt counters for throttling, in fixed windows swept by TTL."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist, UpdateError

from .errors import is_conditional_failure, translate_aws_errors
from .models import CounterRecord


def get_counter(key: str) -> CounterRecord | None:
    with translate_aws_errors():
        try:
            return CounterRecord.get(key, "COUNTER", consistent_read=True)
        except DoesNotExist:
            return None


def get_counters(keys: list[str]) -> dict[str, CounterRecord]:
    """Several counters in one BatchGetItem (consistent reads)."""
    with translate_aws_errors():
        found = CounterRecord.batch_get([(key, "COUNTER") for key in keys], consistent_read=True)
        return {record.pk: record for record in found}


def add_failure(key: str, now: int, window_seconds: int) -> None:
    """Count one failure in the current window, opening a new window if the last one ended.

    Atomic ``ADD`` inside a live window, so parallel failures are all counted;
    a stale window is replaced only if it is still the stale one.
    """
    record = CounterRecord(key, "COUNTER")
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


def clear(key: str) -> None:
    with translate_aws_errors():
        CounterRecord(key, "COUNTER").delete()
