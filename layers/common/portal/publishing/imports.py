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

from portal.billing import records as billing
from portal.billing.bodies import FamilyIn, InvoiceIn, PaymentIn
from portal.bookings import records as bookings_records
from portal.bookings.bodies import ActivityIn, ChildIn, EnrolmentIn
from portal.kernel.ids import TenantSlug
from portal.notifications import invoices as notifications
from portal.platform.bodies import Input
from portal.platform.engine import ValidationError
from portal.platform.errors import MalformedBody
from portal.platform.imports import Batch, ImportReport, ImportRun
from portal.publishing.bodies import Record

# Each record type's fields, as a line spells them (aliases: "from", "to", "class").
_MODELS: dict[str, type[Input]] = {
    "family": FamilyIn,
    "invoice": InvoiceIn,
    "payment": PaymentIn,
    "child": ChildIn,
    "activity": ActivityIn,
    "enrolment": EnrolmentIn,
}
_FIELDS = {kind: model.WIRE_FIELDS for kind, model in _MODELS.items()}


def import_lines(tenant: TenantSlug, data: bytes) -> ImportReport:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedBody("The body must be UTF-8 JSON Lines") from None
    run = ImportRun(tenant, notifications.import_id(tenant, data))
    families, invoices, payments = Batch(), Batch(), Batch()
    kids, activities, enrolments = Batch(), Batch(), Batch()
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
        if isinstance(record, FamilyIn):
            families.add(record.family_id, number, record)
        elif isinstance(record, InvoiceIn):
            invoices.add(record.invoice_id, number, record)
        elif isinstance(record, PaymentIn):
            payments.add(f"{record.invoice_id}\n{record.number}", number, record)
        elif isinstance(record, ChildIn):
            kids.add(record.child_id, number, record)
        elif isinstance(record, ActivityIn):
            activities.add(record.activity_id, number, record)
        else:
            enrolments.add(f"{record.child_id}\n{record.activity_id}", number, record)
    if not parsed_any:
        raise MalformedBody("The body is not JSON Lines: one JSON object per line")
    stored_families = billing.families(run, families)
    stored_invoices = billing.invoices(
        run, invoices, stored_families, lambda new: notifications.announce(tenant, run.identity, new)
    )
    billing.payments(
        run,
        payments,
        stored_invoices,
        lambda rec: _book_online_payment(tenant, rec),
    )
    stored_children = bookings_records.children(run, kids, stored_families)
    stored_activities = bookings_records.activities(run, activities)
    bookings_records.enrolments(run, enrolments, stored_children, stored_activities)
    run.rejected.sort(key=lambda r: r["line"])
    return ImportReport(accepted=run.accepted, rejected=run.rejected)


def _book_online_payment(tenant: TenantSlug, record: PaymentIn) -> object:
    # A payment record naming a portal transaction is rare (the reconciliation of an online payment): the
    # payments area (PayFiP client, its views, PyJWT through the sessions) is loaded only then, not at start-up.
    from portal.payments import online

    return online.book_by_import(tenant, str(record.transaction_id), record.invoice_id, record.number)


UNKNOWN_TYPE = "unknown_type", 'Each line needs "type": family, invoice, payment, child, activity or enrolment'


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
