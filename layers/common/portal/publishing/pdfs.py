"""Invoice PDFs dropped in S3 at imports/{tenant}/pdfs/{invoice_id}.pdf: attached as the PUT route attaches
them (``portal.billing.documents``), the bytes copied inside S3, then the dropped object deleted.

What can never succeed (an unknown tenant, a key not of that shape, a file too large or not a PDF, an
unknown invoice) is written in ``{invoice_id}.report.json`` beside it, and the object kept; only an outage
(503) raises, so Lambda retries and then sends the event to the on-failure queue. The same event delivered
twice finds the object gone and changes nothing; a retry after an outage copies and marks again, which
gives the same result.

Keys arrive in the event as S3 wrote them; the shape admits only characters that URL encoding leaves alone
(a tenant's slug, a published id), so an encoded key and its object's name are the same string.
"""

from __future__ import annotations

import re
from typing import Any

from portal.billing.documents import copy_pdf
from portal.kernel import ids
from portal.platform import objects
from portal.platform.errors import ApiError, InvoiceNotFound, ValidationFailed
from portal.platform.observability import logger
from portal.publishing import store as bucket
from portal.tenancy.tenants import get_tenant

_KEY = re.compile(r"imports/(?P<tenant>[^/]+)/pdfs/(?P<invoice_id>[^/]+)\.pdf")
KEY_SHAPE = "imports/{tenant}/pdfs/{invoice_id}.pdf"


def report_key(key: str) -> str:
    return key.removesuffix(".pdf") + ".report.json"


def import_pdf(bucket_name: str, key: str, version: str | None = None, sequencer: str | None = None) -> dict[str, Any]:
    """Attach the PDF at ``key`` (the ``version`` its event names, S3's ``sequencer`` ordering its drops) to
    its invoice; what became of it (the report, when refused)."""
    try:
        status = _attach(key, version, sequencer)
    except ApiError as exc:
        if exc.status >= 500:
            raise  # retried by Lambda, then the on-failure destination
        report = {"error": {"code": exc.problem_code, "message": exc.detail}}
        bucket.write_report(bucket_name, report_key(key), report)
        logger.info("invoice PDF refused", extra={"code": exc.problem_code})
        return report
    logger.info("invoice PDF dropped", extra={"status": status})
    return {"status": status}


def _attach(key: str, version: str | None, sequencer: str | None) -> str:
    """``attached``; ``superseded`` (a later drop of the invoice's PDF is attached); ``gone`` (that version
    was attached and deleted by an earlier delivery of the same event)."""
    found = _KEY.fullmatch(key)
    if not found:
        raise ValidationFailed(f"A PDF is dropped at {KEY_SHAPE}")
    tenant = get_tenant(found["tenant"]).slug
    invoice_id = found["invoice_id"]
    if not ids.is_published_id(invoice_id):
        raise InvoiceNotFound()
    head = objects.first_bytes(key, len(objects.PDF_SIGNATURE), version)
    if head is None:
        return "gone"
    attached = copy_pdf(tenant, invoice_id, head, key, sequencer)
    objects.delete(key, head.version)  # that version: a PDF dropped again meanwhile stays for its own event
    return "attached" if attached else "superseded"
