"""Attempt throttling: N failures in a fixed window lock the subject until it ends.

While locked, attempts are refused before any check and are not counted, so
the lockout is never extended by knocking on the door.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from ..errors import TooManyAttempts
from ..store import counters
from ..store.models import CounterRecord


@dataclass(frozen=True)
class Throttle:
    scope: str
    limit: int = 5
    window_seconds: int = 15 * 60

    def _key(self, tenant: str, subject: str) -> str:
        return CounterRecord.key(tenant, self.scope, subject)

    def check(self, tenant: str, subject: str) -> bool:
        """Raise 429 while locked; return whether failures are on record (worth clearing)."""
        return self.judge(counters.get_counter(self._key(tenant, subject)))

    def judge(self, record: CounterRecord | None) -> bool:
        if record is None:
            return False
        now = time.time()
        window_end = record.window_start + self.window_seconds
        if now >= window_end:
            return False
        if record.attempts >= self.limit:
            raise TooManyAttempts(retry_after=max(1, math.ceil(window_end - now)))
        return record.attempts > 0

    def failed(self, tenant: str, subject: str) -> None:
        counters.add_failure(self._key(tenant, subject), int(time.time()), self.window_seconds)

    def reset(self, tenant: str, subject: str) -> None:
        counters.clear(self._key(tenant, subject))


def check_all(tenant: str, checks: list[tuple[Throttle, str]]) -> None:
    """Several throttles at once, their counters read in one call; 429 if any is locked."""
    keys = [throttle._key(tenant, subject) for throttle, subject in checks]
    records = counters.get_counters(keys)
    for (throttle, _), key in zip(checks, keys, strict=True):
        throttle.judge(records.get(key))
