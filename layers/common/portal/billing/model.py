"""Billing's values: what the municipality publishes (families, invoices, payments) and what a parent follows."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    """A billing account published by the municipality. ``code_digest``: HMAC of its subscriber code."""

    family_id: str
    label: str
    code_digest: str | None = None


@dataclass(frozen=True)
class InvoiceLine:
    label: str
    quantity: int | float
    unit_price_cents: int
    amount_cents: int


@dataclass(frozen=True)
class Invoice:
    """An invoice as published. Codes are normalised; the personal code is kept only as its HMAC."""

    invoice_id: str
    family_id: str
    number: str
    reference: str
    emission_code: str
    personal_code_digest: str
    date: str
    due_date: str
    issuer: str
    nature: str
    amount_cents: int
    lines: tuple[InvoiceLine, ...] = ()


@dataclass(frozen=True)
class Payment:
    invoice_id: str
    number: str
    payment_type: str
    date: str
    amount_cents: int
    description: str = ""


@dataclass(frozen=True)
class BilledInvoice:
    """An invoice with what hangs on it: its payments and, if stored, its PDF's location."""

    invoice: Invoice
    payments: tuple[Payment, ...] = ()
    pdf_key: str | None = None


@dataclass(frozen=True)
class InvoiceMatch:
    """What subscribing with an invoice's data compares: the index holds only these."""

    family_id: str
    amount_cents: int
    personal_code_digest: str


@dataclass(frozen=True)
class InvoiceData:
    """The four values printed on an invoice, as a parent types them to subscribe; amount in cents."""

    emission_code: str
    reference: str
    amount_cents: int
    personal_code: str


@dataclass(frozen=True)
class Subscription:
    """A family an account follows, since when (RFC 3339)."""

    family_id: str
    label: str
    subscribed_at: str
