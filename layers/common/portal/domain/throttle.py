"""Attempt throttling: N failures in a fixed window lock the subject until it ends.

While locked, attempts are refused before any check and are not counted, so
the lockout is never extended by knocking on the door.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from ..errors import TooManyAttempts
from ..store import counters
from .model import Counter


def email_subject(email: str) -> str:
    """Throttle subject of a (normalised) email, known to the tenant or not."""
    return hashlib.sha256(email.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Throttle:
    scope: str
    limit: int = 5
    window_seconds: int = 15 * 60

    def check(self, tenant: str, subject: str) -> bool:
        """Raise 429 while locked; return whether failures are on record (worth clearing)."""
        return check_all(tenant, [(self, subject)])

    def judge(self, counter: Counter | None) -> bool:
        if counter is None:
            return False
        now = time.time()
        window_end = counter.window_start + self.window_seconds
        if now >= window_end:
            return False
        if counter.attempts >= self.limit:
            raise TooManyAttempts(retry_after=max(1, math.ceil(window_end - now)))
        return counter.attempts > 0

    def allows(self, counter: Counter | None) -> bool:
        """Whether one more is allowed now (for quotas that answer quietly rather than 429)."""
        try:
            self.judge(counter)
        except TooManyAttempts:
            return False
        return True

    def allows_now(self, tenant: str, subject: str) -> bool:
        return self.allows(counters.get_many(tenant, [(self.scope, subject)]).get((self.scope, subject)))

    def failed(self, tenant: str, subject: str) -> None:
        counters.add_failure(tenant, self.scope, subject, int(time.time()), self.window_seconds)

    def reset(self, tenant: str, subject: str) -> None:
        counters.clear(tenant, self.scope, subject)


def check_all(tenant: str, checks: list[tuple[Throttle, str]]) -> bool:
    """Several throttles, their counters read in one call; 429 if any is locked.

    Returns whether any of them has failures on record."""
    found = counters.get_many(tenant, [(throttle.scope, subject) for throttle, subject in checks])
    return any([throttle.judge(found.get((throttle.scope, subject))) for throttle, subject in checks])
