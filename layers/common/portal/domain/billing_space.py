"""Espace facturation: the invoices of the families an account follows.

Every read starts from the account's own subscriptions (read with the token),
so no identifier in a query or path can reach another family: another
account's invoice answers exactly like an unknown one.

Listing reads each followed family's items with one Query on FamilyIndex
(never a Scan): its cost follows the account's invoices, not the table's.
They are all read because ``total``, ``facets`` and ``to_pay`` cover them all.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from ..errors import InvoiceNotFound, ValidationFailed
from ..keys import purpose_key
from ..store import billing
from ..store.models import InvoiceRecord, PdfRecord
from . import invoices
from .accounts import Principal

PRESIGNED_SECONDS = 300


class PdfNotAvailable(InvoiceNotFound):
    code, title = "pdf_not_available", "No PDF is stored for this invoice"


@dataclass(frozen=True)
class Filters:
    nature: str | None = None
    year: int | None = None
    status: str | None = None
    family_id: str | None = None
    limit: int = 20
    cursor: str | None = None

    def keep(self, invoice: dict[str, Any]) -> bool:
        return (
            (self.nature is None or invoice["nature"] == self.nature)
            and (self.year is None or invoice["date"][:4] == f"{self.year:04d}")
            and (self.status is None or invoice["status"] == self.status)
            and (self.family_id is None or invoice["family_id"] == self.family_id)
        )


def _order(invoice: dict[str, Any]) -> tuple[str, str, str]:
    return invoice["date"], invoice["number"], invoice["invoice_id"]


def list_invoices(principal: Principal, filters: Filters) -> dict[str, Any]:
    tenant = principal.claims.tenant
    everything: list[dict[str, Any]] = []
    for family_id in sorted(principal.subscriptions):
        everything += invoices.group(billing.family_billing(tenant, family_id))
    everything.sort(key=_order, reverse=True)  # newest first, then by number, descending
    matching = [invoice for invoice in everything if filters.keep(invoice)]
    scope = _cursor_scope(principal, filters)
    if filters.cursor:
        after = _read_cursor(filters.cursor, scope)
        matching_page = [invoice for invoice in matching if _order(invoice) < after]
    else:
        matching_page = matching
    page = matching_page[: filters.limit]
    more = len(matching_page) > filters.limit
    to_pay = [invoice for invoice in everything if invoice["status"] == invoices.TO_PAY]
    return {
        "items": page,
        "next_cursor": _make_cursor(_order(page[-1]), scope) if more and page else None,
        "total": len(matching),
        "facets": {
            "natures": sorted({invoice["nature"] for invoice in everything}),
            "years": sorted({int(invoice["date"][:4]) for invoice in everything}, reverse=True),
        },
        "to_pay": {"count": len(to_pay), "balance_cents": sum(invoice["balance_cents"] for invoice in to_pay)},
    }


def invoice_detail(principal: Principal, invoice_id: str) -> dict[str, Any]:
    invoice, items = _own_invoice(principal, invoice_id)
    [view] = invoices.group(items)
    family = billing.families(principal.claims.tenant, [invoice.family_id]).get(invoice.family_id)
    view["family_label"] = family.label if family else invoice.family_id
    view["lines"] = [
        {
            "label": line.label,
            "quantity": line.quantity,
            "unit_price_cents": int(line.unit_price_cents),
            "amount_cents": int(line.amount_cents),
        }
        for line in invoice.lines or []
    ]
    return view


def pdf_link(principal: Principal, invoice_id: str) -> dict[str, Any]:
    from ..aws import client
    from ..config import settings
    from ..store.errors import translate_aws_errors
    from .documents import attachment_name

    invoice, items = _own_invoice(principal, invoice_id)
    marker = next((item for item in items if isinstance(item, PdfRecord)), None)
    if marker is None:
        raise PdfNotAvailable()
    with translate_aws_errors():
        url = client("s3").generate_presigned_url(
            "get_object",
            Params={
                "Bucket": settings().documents_bucket,
                "Key": marker.s3_key,
                "ResponseContentType": "application/pdf",
                "ResponseContentDisposition": f'attachment; filename="{attachment_name(invoice.number)}"',
            },
            ExpiresIn=PRESIGNED_SECONDS,
        )
    return {"url": url, "expires_in": PRESIGNED_SECONDS}


def _own_invoice(principal: Principal, invoice_id: str) -> tuple[InvoiceRecord, list[Any]]:
    """The invoice and its items, if it belongs to a family the account follows; else 404."""
    items = billing.invoice_partition(principal.claims.tenant, invoice_id)
    invoice = next((item for item in items if isinstance(item, InvoiceRecord)), None)
    if invoice is None or invoice.family_id not in principal.subscriptions:
        raise InvoiceNotFound()
    return invoice, items


# --- opaque, tamper-proof cursors --------------------------------------------------
# The cursor names the last invoice returned; it is signed with a key derived from
# the signing secret and bound to the account and the filters it was issued for.


def _cursor_scope(principal: Principal, filters: Filters) -> str:
    return json.dumps(
        [
            principal.claims.tenant,
            principal.claims.account_id,
            filters.nature,
            filters.year,
            filters.status,
            filters.family_id,
        ]
    )


def _make_cursor(position: tuple[str, str, str], scope: str) -> str:
    payload = json.dumps(list(position), separators=(",", ":")).encode()
    signature = _sign(payload, scope)
    return f"{_b64(payload)}.{_b64(signature)}"


def _read_cursor(cursor: str, scope: str) -> tuple[str, str, str]:
    invalid = ValidationFailed(
        "This cursor is not valid for this listing",
        code="invalid_cursor",
        errors=[{"field": "cursor", "code": "invalid_cursor", "message": "Use next_cursor as returned"}],
    )
    try:
        payload_text, signature_text = cursor.split(".")
        payload, signature = _unb64(payload_text), _unb64(signature_text)
    except ValueError:
        raise invalid from None
    if not hmac.compare_digest(signature, _sign(payload, scope)):
        raise invalid
    position = json.loads(payload)
    return position[0], position[1], position[2]


def _sign(payload: bytes, scope: str) -> bytes:
    return hmac.new(purpose_key("cursor"), scope.encode() + b"\n" + payload, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    if not text or len(text) > 1024:
        raise ValueError("bad cursor")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
