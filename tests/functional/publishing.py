"""Helpers for publishing tests: records as the billing software sends them."""

from __future__ import annotations

import json
from typing import Any

from .conftest import TENANT, call


def family(family_id: str = "F-001", code: str | None = "FAM-7Q2K-9XWD", label: str = "Famille MARTIN") -> dict:
    record = {"type": "family", "family_id": family_id, "label": label}
    if code is not None:
        record["subscriber_code"] = code
    return record


def invoice(invoice_id: str = "2019-06-0042", family_id: str = "F-001", **changes: Any) -> dict:
    return {
        "type": "invoice",
        "invoice_id": invoice_id,
        "family_id": family_id,
        "number": invoice_id,
        "reference": f"R-{invoice_id}",
        "emission_code": "EM-2019-06",
        "personal_code": "PC-12345",
        "date": "2019-06-01",
        "due_date": "2019-06-30",
        "issuer": "Régie Enfance",
        "nature": "Restauration scolaire",
        "amount": "6.40",
        "lines": [{"label": "Repas", "quantity": 2, "unit_price": "3.20", "amount": "6.40"}],
        **changes,
    }


def payment(invoice_id: str = "2019-06-0042", number: str = "100509454", amount: str = "6.40", **changes: Any) -> dict:
    return {
        "type": "payment",
        "invoice_id": invoice_id,
        "number": number,
        "payment_type": "Carte bancaire",
        "date": "2019-06-21",
        "amount": amount,
        "description": "Règlement en ligne - Transaction n° 3fe5d",
        **changes,
    }


def ndjson(*records: dict | str) -> bytes:
    return "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records).encode() + b"\n"


def send(admin_key: str, *records: dict | str, tenant: str = TENANT):
    return call(
        "POST",
        f"/{tenant}/admin/imports",
        raw=ndjson(*records),
        headers={"Content-Type": "application/x-ndjson", "X-Api-Key": admin_key},
    )


def upload_pdf(admin_key: str, invoice_id: str, data: bytes, content_type: str = "application/pdf"):
    return call(
        "PUT",
        f"/{TENANT}/admin/invoices/{invoice_id}/pdf",
        raw=data,
        headers={"Content-Type": content_type, "X-Api-Key": admin_key},
    )


def stored_invoice(invoice_id: str) -> dict:
    from portal.domain.invoices import group
    from portal.store.billing import invoice_partition

    [view] = group(invoice_partition(TENANT, invoice_id))
    return view


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
