"""Finding a family by its secret codes, with the defence against guessing them.

Shared by registration (a subscriber code given with the account) and
"Mes abonnements" (a subscriber code, or an invoice's four values).

Guessing defence. Misses are counted per subject (the account, or at
registration the email: 5 in 15 minutes) and per source address (20), with
one conditional write per counter so that parallel guesses cannot slip past a
limit; a caller over either limit is refused (429), even with a right code.
Failures are also counted per tenant; past that ceiling (a guessing campaign
spread over many accounts) the town is *under attack*: a young account or a
registration then gets one try per subject and five per source address. So an
attacker's throw-away emails, accounts and addresses each buy one guess, while
a parent with a clean record and the right code still gets in (never a
town-wide 429).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from portal.billing import codes
from portal.billing import store as billing
from portal.billing.model import InvoiceMatch
from portal.kernel import clock
from portal.kernel.ids import TenantSlug
from portal.platform import counters
from portal.platform.counters import Counter
from portal.platform.errors import SubscriberCodeNotFound, TooManyAttempts
from portal.platform.throttle import Throttle, email_subject

SUBJECT_GUESSES = Throttle("subscribe")
SOURCE_GUESSES = Throttle("subscribe-source", limit=20)
TENANT_GUESSES = Throttle("subscribe-tenant", limit=200)
UNDER_ATTACK = {SUBJECT_GUESSES.scope: 1, SOURCE_GUESSES.scope: 5}
TENANT_SUBJECT = "all"
ESTABLISHED_AFTER = timedelta(days=1)
_NO_DIGEST = "0" * 64


def source_subject(address: str) -> str:
    """The throttle subject of a caller's address: an IPv6 caller owns its /64, so it counts as one."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    network = ipaddress.ip_network(f"{parsed}/64", strict=False) if parsed.version == 6 else parsed
    return hashlib.sha256(str(network).encode()).hexdigest()[:32]


def guarded[T](
    tenant: TenantSlug, subject: str, source: str, created_at: datetime | None, look_up: Callable[[], T | None]
) -> T | None:
    """``look_up()``'s answer, unless the subject or the source has used up its guesses (429).

    A miss is counted with one conditional write per counter (of parallel misses, only as many as the
    limit are answered; the rest are 429); a find is checked against the counters read again, so a
    right code racing wrong ones is one of the guesses the limit allows, never one more.
    ``created_at``: when the account was created; None for a registration in progress."""
    counted = [(SUBJECT_GUESSES, subject), (SOURCE_GUESSES, source_subject(source))]
    ceiling = (TENANT_GUESSES, TENANT_SUBJECT)
    found = _read(tenant, [*counted, ceiling])
    young = created_at is None or clock.now() - created_at < ESTABLISHED_AFTER
    if young and TENANT_GUESSES.is_full(found[TENANT_GUESSES.scope, TENANT_SUBJECT]):
        counted = [(replace(throttle, limit=UNDER_ATTACK[throttle.scope]), key) for throttle, key in counted]
    for throttle, key in counted:
        throttle.judge(found[throttle.scope, key])  # used up already: refused before the look-up
    result = look_up()
    if result is not None:
        again = _read(tenant, counted)
        for throttle, key in counted:
            throttle.judge(again[throttle.scope, key])
        return result
    taken: list[tuple[Throttle, str]] = []
    try:
        for throttle, key in counted:
            throttle.take(tenant, key)
            taken.append((throttle, key))
    except TooManyAttempts:
        for throttle, key in taken:
            throttle.give_back(tenant, key)
        raise
    TENANT_GUESSES.try_take(tenant, TENANT_SUBJECT)  # past the ceiling it stays full: that is all it says
    return None


def _read(tenant: TenantSlug, checks: list[tuple[Throttle, str]]) -> dict[tuple[str, str], Counter | None]:
    """Several counters in one consistent read, by (scope, subject)."""
    wanted = [(throttle.scope, key) for throttle, key in checks]
    found = counters.get_many(tenant, wanted)
    return {scoped: found.get(scoped) for scoped in wanted}


def family_for_code(tenant: TenantSlug, subscriber_code: str) -> str | None:
    return billing.family_of_code(tenant, codes.digest(subscriber_code))


def family_for_invoice(
    tenant: TenantSlug, emission_code: str, reference: str, amount_cents: int, personal_code: str
) -> str | None:
    """The family of the invoice matching all four values, comparing secrets in constant time."""
    candidates = billing.invoice_matches(tenant, codes.normalize(emission_code), codes.normalize(reference))
    wanted = codes.digest(personal_code)
    found = None
    options: list[InvoiceMatch | None] = [*candidates] or [None]  # compare once even when nothing matches
    for candidate in options:
        stored = candidate.personal_code_digest if candidate else _NO_DIGEST
        same_code = hmac.compare_digest(stored, wanted)
        if candidate is not None and same_code and candidate.amount_cents == amount_cents:
            found = candidate.family_id
    return found


def family_at_registration(tenant: TenantSlug, email: str, code: str, source: str) -> str:
    """The family a subscriber code given at registration belongs to (guesses throttled per email and per
    source address); 422 ``subscriber_code_not_found`` if none."""
    family_id = guarded(tenant, email_subject(email), source, None, lambda: family_for_code(tenant, code))
    if family_id is None:
        raise SubscriberCodeNotFound()
    return family_id
