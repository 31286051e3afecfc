"""Invoice PDFs in S3: stored under a key the server chooses, encrypted, served as attachments."""

from __future__ import annotations

from ..aws import client
from ..config import settings
from ..errors import InvoiceNotFound, NotAPdf
from ..store import billing
from ..store.errors import translate_aws_errors
from ..store.models import PdfRecord

PDF_LIMIT = 5 * 1024 * 1024


def pdf_key(tenant: str, invoice_id: str) -> str:
    return f"invoices/{tenant}/{invoice_id}.pdf"


def attachment_name(number: str) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in number)
    return f"facture-{safe}.pdf"


def store_pdf(tenant: str, invoice_id: str, data: bytes) -> None:
    if not data.startswith(b"%PDF-"):
        raise NotAPdf("The body must be a PDF document (starting with %PDF-)")
    invoice = billing.invoices(tenant, [invoice_id]).get(invoice_id)
    if invoice is None:
        raise InvoiceNotFound()
    key = pdf_key(tenant, invoice_id)
    with translate_aws_errors():
        client("s3").put_object(
            Bucket=settings().documents_bucket,
            Key=key,
            Body=data,
            ContentType="application/pdf",
            ContentDisposition=f'attachment; filename="{attachment_name(invoice.number)}"',
            ServerSideEncryption="AES256",
        )
    billing.save_pdf_marker(
        PdfRecord(
            invoice.pk,
            "PDF",
            gsi1pk=invoice.gsi1pk,
            gsi1sk=f"{invoice.gsi1sk}#PDF",
            invoice_id=invoice_id,
            s3_key=key,
            size=len(data),
        )
    )
