"""Attempt counters for throttling, in fixed windows swept by TTL."""

from __future__ import annotations

from pynamodb.exceptions import UpdateError

from ..aws import translate_aws_errors
from ..domain.model import Counter
from . import keys
from .table import CounterRecord, is_conditional_failure

Subject = tuple[str, str]  # (scope, subject) within a tenant


def get_many(tenant: str, subjects: list[Subject]) -> dict[Subject, Counter]:
    """Several counters in one BatchGetItem (consistent reads)."""
    by_key = {keys.counter(tenant, scope, subject): (scope, subject) for scope, subject in subjects}
    with translate_aws_errors():
        found = list(CounterRecord.batch_get([(key, keys.COUNTER) for key in by_key], consistent_read=True))
    return {by_key[r.pk]: Counter(attempts=int(r.attempts), window_start=int(r.window_start)) for r in found}


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
