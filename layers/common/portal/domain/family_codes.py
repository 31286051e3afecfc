"""Finding a family by its secret codes, with the defence against guessing them.

Shared by registration (a subscriber code given with the account) and
"Mes abonnements" (a subscriber code, or an invoice's four values).

Guessing defence: 5 failures per subject (the account, or at registration the
email) in 15 minutes lock that subject, even for a right code. Failures are
also counted per tenant, against guessing spread over many throw-away
accounts; past that ceiling only accounts younger than a day (and
registrations) are refused, so an attacker's fresh accounts are stopped while
every established parent of the town still subscribes.
"""

from __future__ import annotations

import hmac
from datetime import datetime, timedelta

from ..store import billing
from . import clock, codes
from .model import InvoiceMatch
from .throttle import Throttle, check_all

SUBJECT_GUESSES = Throttle("subscribe")
TENANT_GUESSES = Throttle("subscribe-tenant", limit=200)
TENANT_SUBJECT = "all"
ESTABLISHED_AFTER = timedelta(days=1)
_NO_DIGEST = "0" * 64


def guard(tenant: str, subject: str, created_at: datetime | None) -> None:
    """429 while the subject is locked, or while the tenant's ceiling is hit for a young account.

    ``created_at``: when the account was created; None for a registration in progress.
    """
    checks = [(SUBJECT_GUESSES, subject)]
    if created_at is None or clock.now() - created_at < ESTABLISHED_AFTER:
        checks.append((TENANT_GUESSES, TENANT_SUBJECT))
    check_all(tenant, checks)


def record_failure(tenant: str, subject: str) -> None:
    SUBJECT_GUESSES.failed(tenant, subject)
    TENANT_GUESSES.failed(tenant, TENANT_SUBJECT)


def family_for_code(tenant: str, subscriber_code: str) -> str | None:
    return billing.family_of_code(tenant, codes.digest(subscriber_code))


def family_for_invoice(
    tenant: str, emission_code: str, reference: str, amount_cents: int, personal_code: str
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
