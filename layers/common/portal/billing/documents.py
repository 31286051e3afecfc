"""Invoice PDFs: checked, stored under a key the server chooses, served as attachments.

A PDF arrives two ways: in the body of ``PUT …/invoices/{invoice_id}/pdf``, or dropped in the bucket
(``portal.publishing.pdfs``). Both go through ``attach_pdf``: the same checks, in the same order, then the
bytes placed (a put, or a copy inside S3), then the marker that says the invoice has its PDF. The marker is
written last, so that an outage in between never marks an invoice whose PDF is missing.
"""

from __future__ import annotations

from collections.abc import Callable

from portal.billing import store
from portal.kernel.ids import TenantSlug
from portal.platform import objects
from portal.platform.errors import InvoiceNotFound, PayloadTooLarge

Place = Callable[[str], str]
"""Stores the checked PDF under the invoice's key, with this download name; returns the object key."""


def attachment_name(number: str) -> str:
    return objects.pdf_name("facture", number)


def store_pdf(tenant: TenantSlug, invoice_id: str, data: bytes) -> None:
    """The PDF of an HTTP body."""
    attach_pdf(tenant, invoice_id, len(data), data, lambda name: store.put_pdf(tenant, invoice_id, data, name))


def copy_pdf(tenant: TenantSlug, invoice_id: str, head: objects.Head, source: str, sequencer: str | None) -> bool:
    """The PDF of an object of the bucket, whose size and first bytes ``head`` holds: copied inside S3 (that
    version of it, so that what is copied is what was checked). With S3's ``sequencer`` of its drop, it
    attaches unless a later drop of the same invoice did (their events may come out of order, hours apart
    behind the function's queue): False then, and its copy removed. A drop that replaces an earlier one
    removes the earlier's copy."""
    dropped = store.drop_order(sequencer) if sequencer else None
    before = store.pdf_marker(tenant, invoice_id) if dropped else None
    if before is not None and before.dropped is not None and before.dropped > (dropped or ""):
        return False  # a later drop is attached: nothing to copy

    def place(name: str) -> str:
        return store.copy_pdf(tenant, invoice_id, source, head.version, name, dropped)

    key = attach_pdf(tenant, invoice_id, head.size, head.data, place, dropped)
    if key is None:
        return False
    if before is not None and before.s3_key != key:
        objects.delete(str(before.s3_key))  # the earlier copy, no longer the invoice's
    return True


def attach_pdf(
    tenant: TenantSlug, invoice_id: str, size: int, first_bytes: bytes, place: Place, dropped: str | None = None
) -> str | None:
    """At most ``PDF_LIMIT`` bytes (413 ``payload_too_large``), starting with ``%PDF-`` (415 ``not_a_pdf``),
    for an invoice of this tenant (404 ``invoice_not_found``); then placed, then marked: its object key, or
    None when a later drop (``dropped``: its order) was marked meanwhile, and this one's copy removed."""
    if size > objects.PDF_LIMIT:
        raise PayloadTooLarge(f"A PDF may not exceed {objects.PDF_LIMIT} bytes")
    objects.require_pdf(first_bytes)
    invoice = store.invoices(tenant, [invoice_id]).get(invoice_id)
    if invoice is None:
        raise InvoiceNotFound()
    key = place(attachment_name(invoice.number))
    if store.save_pdf_marker(tenant, invoice, key, size, dropped):
        return key
    objects.delete(key)
    return None
