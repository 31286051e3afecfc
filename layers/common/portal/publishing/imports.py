"""Publishing: JSON Lines of records from the municipality's software, each handed to the area it belongs to.

Each line is validated on its own; a bad line is reported with its number,
code and message and never stops the good ones. Records are upserts keyed by
(tenant, family_id), (tenant, invoice_id) and (tenant, invoice_id, payment
number): the same file twice stores the same items, and a later record with
a key replaces the earlier one. The areas store them (``billing.records``);
this module reads the lines, keeps the report, and wires what an import sets
off elsewhere: new-invoice mails, the portal's online payments booked again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from portal.appointments.bodies import AgendaIn
from portal.billing import records as billing
from portal.billing.bodies import FamilyIn, InvoiceIn, PaymentIn
from portal.bookings import records as bookings_records
from portal.bookings.bodies import ActivityIn, ChildIn, EnrolmentIn
from portal.documents.bodies import DocumentTypeIn, FamilyDocumentIn
from portal.families.bodies import ChildFileIn, GuardianIn
from portal.kernel.ids import TenantSlug
from portal.notifications import invoices as notifications
from portal.platform.bodies import Input
from portal.platform.engine import ValidationError
from portal.platform.errors import MalformedBody
from portal.platform.imports import Batch, ImportReport, ImportRun
from portal.publishing.bodies import Record
from portal.threads.bodies import ServiceIn

# Each record type's fields, as a line spells them (aliases: "from", "to", "class").
_MODELS: dict[str, type[Input]] = {
    "family": FamilyIn,
    "invoice": InvoiceIn,
    "payment": PaymentIn,
    "child": ChildIn,
    "activity": ActivityIn,
    "enrolment": EnrolmentIn,
    "guardian": GuardianIn,
    "child_file": ChildFileIn,
    "document_type": DocumentTypeIn,
    "family_document": FamilyDocumentIn,
    "service": ServiceIn,
    "agenda": AgendaIn,
}
_FIELDS = {kind: model.WIRE_FIELDS for kind, model in _MODELS.items()}


# Each record type's key: a later line with the same key replaces the earlier one.
_KEYS: dict[str, Callable[[Any], str]] = {
    "family": lambda r: r.family_id,
    "invoice": lambda r: r.invoice_id,
    "payment": lambda r: f"{r.invoice_id}\n{r.number}",
    "child": lambda r: r.child_id,
    "activity": lambda r: r.activity_id,
    "enrolment": lambda r: f"{r.child_id}\n{r.activity_id}",
    "guardian": lambda r: r.guardian_id,
    "child_file": lambda r: r.child_id,
    "document_type": lambda r: r.document_type_id,
    "family_document": lambda r: r.document_id,
    "service": lambda r: r.service_id,
    "agenda": lambda r: r.agenda_id,
}


def import_lines(tenant: TenantSlug, data: bytes) -> ImportReport:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedBody("The body must be UTF-8 JSON Lines") from None
    run = ImportRun(tenant, notifications.import_id(tenant, data))
    batches = _read(run, text)
    stored_families = billing.families(run, batches["family"])
    stored_invoices = billing.invoices(
        run, batches["invoice"], stored_families, lambda new: notifications.announce(tenant, run.identity, new)
    )
    billing.payments(run, batches["payment"], stored_invoices, lambda rec: _book_online_payment(tenant, rec))
    stored_children = bookings_records.children(run, batches["child"], stored_families)
    stored_activities = bookings_records.activities(run, batches["activity"])
    bookings_records.enrolments(run, batches["enrolment"], stored_children, stored_activities)
    if batches["guardian"].records or batches["child_file"].records:
        # The file's area (and its KMS client) only when a file is sent, not at every import's start-up.
        from portal.families import records as family_file

        family_file.file_records(run, batches["guardian"], batches["child_file"], stored_families)
    if batches["document_type"].records or batches["family_document"].records:
        # The documents' area only when a document is sent, not at every import's start-up.
        from portal.documents import records as documents

        documents.document_types(run, batches["document_type"])
        documents.family_documents(run, batches["family_document"], stored_families)
    if batches["service"].records:
        _services(run, batches["service"])
    if batches["agenda"].records:
        from portal.appointments import records as appointments  # the agendas' area when one is sent

        appointments.agendas(run, batches["agenda"])
    run.rejected.sort(key=lambda r: r["line"])
    return ImportReport(accepted=run.accepted, rejected=run.rejected)


def _read(run: ImportRun, text: str) -> dict[str, Batch]:
    """Each valid line in its type's batch, by key; each bad one rejected with its line number."""
    batches = {kind: Batch() for kind in _MODELS}
    parsed_any = False
    # Lines end at "\n" only: splitlines() would also split on U+2028, U+0085… inside JSON strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            document = json.loads(line)
        except (ValueError, RecursionError):  # RecursionError: an object nested deeper than any record
            run.reject(number, "invalid_json", "This line is not a JSON object")
            continue
        parsed_any = True
        try:
            record = Record.validate_python(document)
        except ValidationError as exc:
            run.reject(number, *_describe(exc, document))
            continue
        batches[record.type].add(_KEYS[record.type](record), number, record)
    if not parsed_any:
        raise MalformedBody("The body is not JSON Lines: one JSON object per line")
    return batches


def _book_online_payment(tenant: TenantSlug, record: PaymentIn) -> object:
    # A payment record naming a portal transaction is rare (the reconciliation of an online payment): the
    # payments area (PayFiP client, its views, PyJWT through the sessions) is loaded only then, not at start-up.
    from portal.payments import online

    return online.book_by_import(tenant, str(record.transaction_id), record.invoice_id, record.number)


def _services(run: ImportRun, batch: Batch) -> None:
    from portal.threads import store as threads  # the messages' area when a service is sent, not at start-up
    from portal.threads.model import Service  # (the same)

    accepted: list[ServiceIn] = run.settle(batch, lambda _, __: None)
    threads.save_services(run.tenant, [Service(r.service_id, r.label, r.notify_email) for r in accepted])


UNKNOWN_TYPE = (
    "unknown_type",
    'Each line needs "type": family, invoice, payment, child, activity, enrolment, guardian, child_file, '
    "document_type, family_document, service or agenda",
)


def _describe(exc: ValidationError, document: object) -> tuple[str, str]:
    errors = exc.errors(include_url=False, include_input=False)
    if any(e["type"] in {"union_tag_invalid", "union_tag_not_found"} for e in errors):
        return UNKNOWN_TYPE
    if any(e["type"] in {"model_type", "dict_type"} for e in errors) or not isinstance(document, dict):
        return "invalid_record", "Each line must be a JSON object"
    others = set(document) - {"type"}
    if others and not others & _FIELDS.get(str(document.get("type")), set()):
        return UNKNOWN_TYPE  # a "type" whose fields the line has none of: not a record of that type
    codes_found = [e["type"] for e in errors]
    code = next(
        (c for c in ("invalid_amount", "inconsistent_amount", "invalid_date") if c in codes_found), "invalid_record"
    )
    details = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'record'}: {e['msg']}" for e in errors)
    return code, details
