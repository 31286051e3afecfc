"""Invoice PDFs: checked, stored under a key the server chooses, served as attachments."""

from __future__ import annotations

from portal.billing import store
from portal.kernel.ids import TenantSlug
from portal.platform import objects
from portal.platform.errors import InvoiceNotFound


def attachment_name(number: str) -> str:
    return objects.pdf_name("facture", number)


def store_pdf(tenant: TenantSlug, invoice_id: str, data: bytes) -> None:
    objects.require_pdf(data)
    invoice = store.invoices(tenant, [invoice_id]).get(invoice_id)
    if invoice is None:
        raise InvoiceNotFound()
    key = store.put_pdf(tenant, invoice_id, data, attachment_name(invoice.number))
    store.save_pdf_marker(tenant, invoice, key, len(data))
