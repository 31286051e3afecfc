"""Every key of the portal table and of the documents bucket: a format changes here only.

Every table key starts with the tenant, so no access pattern can cross tenants.
"""

from __future__ import annotations

import hashlib

# Sort keys of the item kinds (one table, generic pk / sk).
CONFIG, PROFILE, EMAIL, COUNTER, FAMILY, SUBCODE, INVOICE, PDF = (
    "CONFIG",
    "PROFILE",
    "EMAIL",
    "COUNTER",
    "FAMILY",
    "SUBCODE",
    "INVOICE",
    "PDF",
)
TRANSACTION, IDOP, LOCK, IDEMPOTENCY = "TRANSACTION", "IDOP", "LOCK", "IDEMPOTENCY"
# The one key without a tenant: the scheduled sweep reads every tenant's pending
# online payments in one Query (FamilyIndex, sparse); no citizen route reads it.
PENDING_PAYMENTS = "PAYMENTS#PENDING"
PAYMENT_PREFIX = "PAYMENT#"
NOTICE, DUE, REMINDED, USAGE = "NOTICE", "DUE", "REMINDED", "USAGE"


def notice(slug: str, import_id: str, account_id: str) -> str:
    """The mail about an import's new invoices sent to an account (sent once, even when retried)."""
    return f"TENANT#{slug}#NOTICE#{import_id}#{account_id}"


def reminded(slug: str, account_id: str, invoice_id: str) -> str:
    """An invoice was reminded to an account (never twice)."""
    return f"TENANT#{slug}#REMINDED#{account_id}#{invoice_id}"


def transaction(slug: str, transaction_id: str) -> str:
    return f"TENANT#{slug}#TRANSACTION#{transaction_id}"


def idop(slug: str, idop: str) -> str:
    """The provider's operation id → its transaction (the notification names only the idop)."""
    return f"TENANT#{slug}#IDOP#{idop}"


def payment_lock(slug: str, invoice_id: str) -> str:
    """One live online payment attempt per invoice."""
    return f"TENANT#{slug}#PAYLOCK#{invoice_id}"


def idempotency(slug: str, account_id: str, key: str) -> str:
    return f"TENANT#{slug}#IDEMPOTENCY#{account_id}#{hashlib.sha256(key.encode()).hexdigest()}"


def paid_payments(slug: str) -> str:
    """FamilyIndex partition of a tenant's paid online payments, by payment time (reconciliation feed)."""
    return f"TENANT#{slug}#PAYMENTS#PAID"


def account_payments(slug: str, account_id: str) -> str:
    """InvoiceRefIndex partition of the online payments an account started (its data export)."""
    return f"TENANT#{slug}#ACCOUNT#{account_id}#PAYMENTS"
