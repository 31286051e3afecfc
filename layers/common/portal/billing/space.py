"""Espace facturation: the invoices of the families an account follows.

Every read starts from the account's own subscriptions (read with the token),
so no identifier in a query or path can reach another family: another
account's invoice answers exactly like an unknown one.

Listing reads each followed family's items with one Query on FamilyIndex
(never a Scan): its cost follows the account's invoices, not the table's.
They are all read because ``total``, ``facets`` and ``to_pay`` cover them all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from portal.accounts.sessions import Principal
from portal.billing import invoices, store
from portal.billing.documents import attachment_name
from portal.billing.model import BilledInvoice
from portal.platform import cursor
from portal.platform.errors import InvoiceNotFound, PdfNotAvailable

PRESIGNED_SECONDS = 300


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
    everything = [
        invoices.view(billed)
        for family_id in sorted(principal.account.subscriptions)
        for billed in store.family_invoices(principal.tenant, family_id)
    ]
    everything.sort(key=_order, reverse=True)  # newest first, then by number, descending
    matching = [invoice for invoice in everything if filters.keep(invoice)]
    scope = _cursor_scope(principal, filters)
    if filters.cursor:
        after = cursor.read(filters.cursor, scope, size=3)
        matching_page = [invoice for invoice in matching if _order(invoice) < after]
    else:
        matching_page = matching
    page = matching_page[: filters.limit]
    more = len(matching_page) > filters.limit
    to_pay = [invoice for invoice in everything if invoice["status"] == invoices.TO_PAY]
    return {
        "items": page,
        "next_cursor": cursor.make(_order(page[-1]), scope) if more and page else None,
        "total": len(matching),
        "facets": {
            "natures": sorted({invoice["nature"] for invoice in everything}),
            "years": sorted({int(invoice["date"][:4]) for invoice in everything}, reverse=True),
        },
        "to_pay": {"count": len(to_pay), "balance_cents": sum(invoice["balance_cents"] for invoice in to_pay)},
    }


def invoice_detail(principal: Principal, invoice_id: str) -> dict[str, Any]:
    billed = own_invoice(principal, invoice_id)
    invoice = billed.invoice
    detail = invoices.view(billed)
    family = store.families(principal.tenant, [invoice.family_id]).get(invoice.family_id)
    detail["family_label"] = family.label if family else invoice.family_id
    detail["lines"] = [
        {
            "label": line.label,
            "quantity": line.quantity,
            "unit_price_cents": line.unit_price_cents,
            "amount_cents": line.amount_cents,
        }
        for line in invoice.lines
    ]
    return detail


def pdf_link(principal: Principal, invoice_id: str) -> dict[str, Any]:
    billed = own_invoice(principal, invoice_id)
    if billed.pdf_key is None:
        raise PdfNotAvailable()
    url = store.pdf_link(billed.pdf_key, attachment_name(billed.invoice.number), PRESIGNED_SECONDS)
    return {"url": url, "expires_in": PRESIGNED_SECONDS}


def own_invoice(principal: Principal, invoice_id: str) -> BilledInvoice:
    """The invoice and what hangs on it, if it belongs to a family the account follows; else 404."""
    billed = store.billed_invoice(principal.tenant, invoice_id)
    if billed is None or billed.invoice.family_id not in principal.account.subscriptions:
        raise InvoiceNotFound()
    return billed


def _cursor_scope(principal: Principal, filters: Filters) -> str:
    return json.dumps(
        [
            principal.tenant,
            principal.account_id,
            filters.nature,
            filters.year,
            filters.status,
            filters.family_id,
        ]
    )
