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


def family(slug: str, family_id: str) -> str:
    return f"TENANT#{slug}#FAMILY#{family_id}"


def notice(slug: str, import_id: str, account_id: str) -> str:
    """The mail about an import's new invoices sent to an account (sent once, even when retried)."""
    return f"TENANT#{slug}#NOTICE#{import_id}#{account_id}"


def due_on(day: str) -> str:
    """FamilyIndex partition of every tenant's invoices falling due on a day (the daily reminder job's)."""
    return f"DUE#{day}"


def reminded(slug: str, account_id: str, invoice_id: str) -> str:
    """An invoice was reminded to an account (never twice)."""
    return f"TENANT#{slug}#REMINDED#{account_id}#{invoice_id}"


def subscriber_code(slug: str, code_digest: str) -> str:
    return f"TENANT#{slug}#SUBCODE#{code_digest}"


def invoice(slug: str, invoice_id: str) -> str:
    return f"TENANT#{slug}#INVOICE#{invoice_id}"


def payment_sort(number: str) -> str:
    return f"{PAYMENT_PREFIX}{number}"


def invoice_reference(slug: str, emission_code: str, reference: str) -> str:
    """InvoiceRefIndex key of an (emission code, reference) pair, both already normalised."""
    return f"TENANT#{slug}#INVREF#{emission_code}#{reference}"


def family_sort(date: str, number: str, invoice_id: str) -> str:
    """FamilyIndex sort key of an invoice: newest first when read descending."""
    return f"{date}#{number}#{invoice_id}"


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


def pdf_object(slug: str, invoice_id: str) -> str:
    return f"invoices/{slug}/{invoice_id}.pdf"
