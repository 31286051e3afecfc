"""Invoice PDFs: checked, stored under a key the server chooses, served as attachments."""

from __future__ import annotations

from portal.billing import store
from portal.kernel.ids import TenantSlug
from portal.platform.errors import InvoiceNotFound, NotAPdf

# API Gateway hands a binary body to Lambda base64-encoded (4/3 larger) under Lambda's 6 MB event limit.
PDF_LIMIT = 4 * 1024 * 1024


def attachment_name(number: str) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in number)
    return f"facture-{safe}.pdf"


def store_pdf(tenant: TenantSlug, invoice_id: str, data: bytes) -> None:
    if not data.startswith(b"%PDF-"):
        raise NotAPdf("The body must be a PDF document (starting with %PDF-)")
    invoice = store.invoices(tenant, [invoice_id]).get(invoice_id)
    if invoice is None:
        raise InvoiceNotFound()
    key = store.put_pdf(tenant, invoice_id, data, attachment_name(invoice.number))
    store.save_pdf_marker(tenant, invoice, key, len(data))
