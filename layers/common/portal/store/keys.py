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
PAYMENT_PREFIX = "PAYMENT#"


def tenant(slug: str) -> str:
    return f"TENANT#{slug}"


def account(slug: str, account_id: str) -> str:
    return f"TENANT#{slug}#ACCOUNT#{account_id}"


def email(slug: str, address: str) -> str:
    """The uniqueness item of a (normalised) email: one account per email per tenant."""
    return f"TENANT#{slug}#EMAIL#{hashlib.sha256(address.encode()).hexdigest()}"


def counter(slug: str, scope: str, subject: str) -> str:
    return f"TENANT#{slug}#THROTTLE#{scope}#{subject}"


def family(slug: str, family_id: str) -> str:
    return f"TENANT#{slug}#FAMILY#{family_id}"


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


def pdf_object(slug: str, invoice_id: str) -> str:
    return f"invoices/{slug}/{invoice_id}.pdf"
