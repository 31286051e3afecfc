"""Attempt throttling: N attempts in a fixed window lock the subject until it ends.

An attempt is *taken* before it is judged (a password verified, a code looked
up, a mail sent), with one conditional write (``store.counters.take``): however
many requests arrive at once, at most N are let through, and a refused one
writes nothing, so the lockout is never extended by knocking on the door.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from portal.kernel.ids import TenantSlug
from portal.platform import counters
from portal.platform.counters import Counter
from portal.platform.errors import TooManyAttempts


def email_subject(email: str) -> str:
    """Throttle subject of a (normalised) email, known to the tenant or not."""
    return hashlib.sha256(email.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Throttle:
    scope: str
    limit: int = 5
    window_seconds: int = 15 * 60
    refusal: type[TooManyAttempts] = TooManyAttempts  # the 429 it answers (its own code, as a quota may)

    def judge(self, counter: Counter | None) -> bool:
        """Raise 429 while the counter is full; return whether attempts are on record (worth clearing)."""
        if counter is None:
            return False
        now = time.time()
        window_end = counter.window_start + self.window_seconds
        if now >= window_end:
            return False
        if counter.attempts >= self.limit:
            raise self.refusal(retry_after=max(1, math.ceil(window_end - now)))
        return counter.attempts > 0

    def is_full(self, counter: Counter | None) -> bool:
        """Whether the counter has used up its live window."""
        try:
            self.judge(counter)
        except TooManyAttempts:
            return True
        return False

    def take(self, tenant: TenantSlug, subject: str, amount: int = 1) -> None:
        """Count ``amount`` attempts, or answer 429 (with the seconds left) if they do not fit in the window."""
        if not self.try_take(tenant, subject, amount):
            counter = counters.get_many(tenant, [(self.scope, subject)]).get((self.scope, subject))
            # The seconds until the window ends; 1 if it ended meanwhile: asking again will do.
            left = counter.window_start + self.window_seconds - time.time() if counter is not None else 0
            raise self.refusal(retry_after=max(1, math.ceil(left)))

    def try_take(self, tenant: TenantSlug, subject: str, amount: int = 1) -> bool:
        """Count ``amount`` attempts if the window has room for them (quotas that answer quietly rather than
        429)."""
        now = int(time.time())
        return counters.take(tenant, self.scope, subject, now, self.window_seconds, self.limit, amount) is not None

    def give_back(self, tenant: TenantSlug, subject: str) -> None:
        """Uncount an attempt taken for something that did not happen (a mail SES refused)."""
        counters.give_back(tenant, self.scope, subject)

    def reset(self, tenant: TenantSlug, subject: str) -> None:
        counters.clear(tenant, self.scope, subject)


def check_all(tenant: TenantSlug, checks: list[tuple[Throttle, str]]) -> bool:
    """Several throttles, their counters read in one call; 429 if any is full.

    Returns whether any of them has attempts on record."""
    found = counters.get_many(tenant, [(throttle.scope, subject) for throttle, subject in checks])
    return any([throttle.judge(found.get((throttle.scope, subject))) for throttle, subject in checks])
