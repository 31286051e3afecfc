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
from typing import TYPE_CHECKING

from portal.billing import invoices, store
from portal.billing.documents import attachment_name
from portal.billing.invoices import InvoiceDetailView, InvoiceView
from portal.billing.model import BilledInvoice
from portal.kernel import ids
from portal.platform import cursor
from portal.platform.errors import InvoiceNotFound, PdfNotAvailable

if TYPE_CHECKING:
    from portal.accounts.sessions import Principal  # PyJWT: loaded with the first citizen request, not at start-up

PRESIGNED_SECONDS = 300


@dataclass(frozen=True)
class Filters:
    nature: str | None = None
    year: int | None = None
    status: str | None = None
    family_id: str | None = None
    limit: int = 20
    cursor: str | None = None

    def keep(self, invoice: InvoiceView) -> bool:
        return (
            (self.nature is None or invoice.nature == self.nature)
            and (self.year is None or invoice.date[:4] == f"{self.year:04d}")
            and (self.status is None or invoice.status == self.status)
            and (self.family_id is None or invoice.family_id == self.family_id)
        )


@dataclass(frozen=True)
class Facets:
    natures: tuple[str, ...]
    years: tuple[int, ...]


@dataclass(frozen=True)
class ToPay:
    count: int
    balance_cents: int


@dataclass(frozen=True)
class InvoicePage:
    """A page of the history, with what covers all of the account's invoices (``facets``, ``to_pay``)."""

    items: tuple[InvoiceView, ...]
    next_cursor: str | None
    total: int
    facets: Facets
    to_pay: ToPay


@dataclass(frozen=True)
class PdfLink:
    url: str
    expires_in: int


def list_invoices(principal: Principal, filters: Filters) -> InvoicePage:
    everything = [
        invoices.view(billed)
        for family_id in sorted(principal.account.subscriptions)
        for billed in store.family_invoices(principal.tenant, family_id)
    ]
    everything.sort(key=lambda invoice: invoice.order, reverse=True)  # newest first, then by number, descending
    matching = [invoice for invoice in everything if filters.keep(invoice)]
    scope = _cursor_scope(principal, filters)
    if filters.cursor:
        after = cursor.read(filters.cursor, scope, size=3)
        matching_page = [invoice for invoice in matching if invoice.order < after]
    else:
        matching_page = matching
    page = matching_page[: filters.limit]
    more = len(matching_page) > filters.limit
    to_pay = [invoice for invoice in everything if invoice.status == invoices.TO_PAY]
    return InvoicePage(
        items=tuple(page),
        next_cursor=cursor.make(page[-1].order, scope) if more and page else None,
        total=len(matching),
        facets=Facets(
            natures=tuple(sorted({invoice.nature for invoice in everything})),
            years=tuple(sorted({int(invoice.date[:4]) for invoice in everything}, reverse=True)),
        ),
        to_pay=ToPay(count=len(to_pay), balance_cents=sum(invoice.balance_cents for invoice in to_pay)),
    )


def invoice_detail(principal: Principal, invoice_id: str) -> InvoiceDetailView:
    billed = own_invoice(principal, invoice_id)
    invoice = billed.invoice
    family = store.families(principal.tenant, [invoice.family_id]).get(invoice.family_id)
    return InvoiceDetailView(
        **vars(invoices.view(billed)),
        family_label=family.label if family else invoice.family_id,
        lines=invoice.lines,
    )


def pdf_link(principal: Principal, invoice_id: str) -> PdfLink:
    billed = own_invoice(principal, invoice_id)
    if billed.pdf_key is None:
        raise PdfNotAvailable()
    url = store.pdf_link(billed.pdf_key, attachment_name(billed.invoice.number), PRESIGNED_SECONDS)
    return PdfLink(url=url, expires_in=PRESIGNED_SECONDS)


def own_invoice(principal: Principal, invoice_id: str) -> BilledInvoice:
    """The invoice and what hangs on it, if it belongs to a family the account follows; else 404."""
    if not ids.is_published_id(invoice_id):
        raise InvoiceNotFound()
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
