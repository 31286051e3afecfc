"""The monthly run: 150,000 invoices through the S3 bulk path, their PDFs, and the new-invoice mails.

On a sample (``--families``, 1.5 children and 1.5 following accounts a family, one invoice a child) on the
local stack, in-process: the families published first (not measured), then the month's invoices as one
NDJSON object under ``imports/{tenant}/`` imported by ``ImportFromS3Function``'s handler with an
EventBridge-shaped event; a few PDFs through ``PUT /{tenant}/admin/invoices/{id}/pdf``; the new-invoice
queue drained by its consumer. The AWS calls, items and messages are measured and scaled to the city; time
and cost are modelled (``bench.city``'s latencies and prices).

    python -m bench.city.monthly [--families 300] [--pdfs 20]
"""

from __future__ import annotations

import argparse
import json
import math
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from bench import booking_costs
from bench.booking_costs import modelled_seconds
from bench.city import (
    FAMILIES,
    FOLLOWERS_PER_FAMILY,
    INVOICES,
    LATENCY_MS,
    PRICE,
    SES_RATES,
    dollars,
    heading,
    item_bytes,
    read_units,
    write_units,
)

if TYPE_CHECKING:
    from bench.operations import Client

LAMBDA_LIMIT_S = 900  # an S3 bulk import's function, and any Lambda's, stops at 15 minutes
BULK_LIMIT_BYTES = 100 * 1024 * 1024  # portal.publishing.bulk.BULK_LIMIT
S3_MB_PER_S = 100.0  # assumed transfer of one GetObject from a Lambda of 1 GB (modelled)
PDF_BYTES = 60 * 1024
FRESH_QUOTA = 50_000  # mails a 24 h of a fresh production SES account (AWS's documented default)
MAIL_GB = 0.25  # NotifyNewInvoicesFunction's memory (the template's Globals)
IMPORT_GB = 1.0  # ImportFromS3Function's
PDF_GB = 0.25  # ImportInvoicePdfFunction's
PDF_WORKERS = 10  # its reserved concurrency (ReserveConcurrency on)
POLLER_CALLS = ("ReceiveMessage", "DeleteMessageBatch", "DeleteMessage", "ChangeMessageVisibilityBatch")


# --- measuring: every AWS call, with what it read, wrote and queued ------------------------------------


@dataclass
class Call:
    thread: str
    service: str
    operation: str
    items_read: int = 0
    read_units: float = 0.0
    items_written: int = 0
    write_units: int = 0
    bytes_written: int = 0
    messages: int = 0
    queue: str = ""


class Meter:
    """A botocore hook logging each call: DynamoDB items read (a Query's ScannedCount, a GetItem's item, a
    batch's items) and their read units, the items a write request names and their write units (an
    UpdateItem's or a transaction's update sized after the write, by a GetItem not logged; a transaction's
    items count twice, its condition checks as one transactional KB), the SQS messages a send queues."""

    def __init__(self) -> None:
        from botocore.client import BaseClient

        self.log: list[Call] = []
        real = BaseClient._make_api_call

        def after(client: Any, table: str, key: dict[str, Any]) -> int:
            found = real(client, "GetItem", {"TableName": table, "Key": key, "ConsistentRead": True})
            return item_bytes(found["Item"]) if "Item" in found else 0

        def counted(client: Any, operation: str, params: dict[str, Any]) -> Any:
            service = client.meta.service_model.service_name
            call = Call(threading.current_thread().name, service, operation)
            try:
                answer = real(client, operation, params)
                if service == "dynamodb":
                    _reads(call, params, answer)
                return answer
            finally:
                if service == "dynamodb":
                    _writes(call, params, lambda table, key: after(client, table, key))
                elif service == "sqs" and operation.startswith("SendMessage"):
                    call.messages = len(params.get("Entries", [])) or 1
                    call.queue = str(params.get("QueueUrl", "")).rsplit("/", 1)[-1]
                self.log.append(call)

        BaseClient._make_api_call = counted

    def mark(self) -> int:
        return len(self.log)

    def since(self, mark: int) -> list[Call]:
        return self.log[mark:]


_METER: list[Meter] = []


def meter() -> Meter:
    """The process's one hook (sections run one after another in one process share it)."""
    if not _METER:
        _METER.append(Meter())
    return _METER[0]


def _reads(call: Call, params: dict[str, Any], answer: dict[str, Any]) -> None:
    consistent = bool(params.get("ConsistentRead"))
    if "Item" in answer or call.operation == "GetItem":
        item = answer.get("Item")
        call.items_read = 1 if item else 0
        call.read_units = read_units(item_bytes(item) if item else 0, consistent)
    elif "Items" in answer:  # Query, Scan: billed on what they scanned, returned or not
        items = answer["Items"]
        scanned = int(answer.get("ScannedCount", len(items)))
        size = sum(item_bytes(i) for i in items) * (scanned / len(items) if items else 0)
        call.items_read, call.read_units = scanned, read_units(int(size), consistent)
    elif isinstance(answer.get("Responses"), dict):  # BatchGetItem
        for table, items in answer["Responses"].items():
            strong = bool(params.get("RequestItems", {}).get(table, {}).get("ConsistentRead"))
            call.items_read += len(items)
            call.read_units += sum(read_units(item_bytes(i), strong) for i in items)


def _writes(call: Call, params: dict[str, Any], sized_after: Callable[[str, dict[str, Any]], int]) -> None:
    def add(size: int, transactional: bool, item: bool = True) -> None:
        call.items_written += 1 if item else 0
        call.bytes_written += size if item else 0
        call.write_units += write_units(size, transactional)

    if call.operation == "PutItem":
        add(item_bytes(params["Item"]), False)
    elif call.operation == "UpdateItem":
        add(sized_after(params["TableName"], params["Key"]), False)
    elif call.operation == "DeleteItem":
        add(0, False)
    elif call.operation == "BatchWriteItem":
        for requests in params["RequestItems"].values():
            for request in requests:
                add(item_bytes(request["PutRequest"]["Item"]) if "PutRequest" in request else 0, False)
    elif call.operation == "TransactWriteItems":
        for entry in params["TransactItems"]:
            if "Put" in entry:
                add(item_bytes(entry["Put"]["Item"]), True)
            elif "Update" in entry:
                add(sized_after(entry["Update"]["TableName"], entry["Update"]["Key"]), True)
            elif "Delete" in entry:
                add(0, True)
            else:
                add(0, True, item=False)  # ConditionCheck


# --- what the calls say ----------------------------------------------------------------------------------


def seconds(calls: Iterable[Call]) -> float:
    """The calls' time on AWS: one after another in their own thread, thread pools as their slowest worker
    (``bench.booking_costs.modelled_seconds``, with ``bench.city``'s latencies for S3, SES and SQS)."""
    with patch.dict(booking_costs.LATENCY_MS, LATENCY_MS):
        return modelled_seconds([(c.thread, c.operation, c.items_read) for c in calls])


def kinds(calls: Iterable[Call], per: float = 1.0) -> str:
    found = Counter(f"{c.operation}" for c in calls)
    return ", ".join(f"{name} {n / per:,.{0 if per == 1 else 2}f}" for name, n in sorted(found.items())) or "-"


@dataclass
class Totals:
    calls: int
    dynamodb: int
    items_read: int
    read_units: float
    items_written: int
    write_units: int
    bytes_written: int
    messages: Counter[str]

    @classmethod
    def of(cls, calls: list[Call]) -> Totals:
        return cls(
            len(calls),
            sum(c.service == "dynamodb" for c in calls),
            sum(c.items_read for c in calls),
            sum(c.read_units for c in calls),
            sum(c.items_written for c in calls),
            sum(c.write_units for c in calls),
            sum(c.bytes_written for c in calls),
            _queued(calls),
        )

    def dynamodb_dollars(self, k: float) -> float:
        return k * (self.read_units * PRICE["read_unit"] + self.write_units * PRICE["write_unit"])


def _queued(calls: list[Call]) -> Counter[str]:
    found: Counter[str] = Counter()
    for c in calls:
        if c.messages:
            found[c.queue] += c.messages
    return found


def scaled(n: float, k: float) -> str:
    return f"{n:,.0f} (×{k:g}: {n * k:,.0f})"


def duration(s: float) -> str:
    if s < 120:
        return f"{s:,.1f} s"
    if s < 2 * 3600:
        return f"{s / 60:,.1f} min"
    return f"{s / 3600:,.1f} h"


# --- the sample --------------------------------------------------------------------------------------------


def children(families: int) -> list[int]:
    """Each child's family: 1.5 a family (two in even families, one in odd ones)."""
    return [f for f in range(families) for _ in range(2 if f % 2 == 0 else 1)]


def invoice_records(families: int) -> list[dict[str, Any]]:
    """The month's invoices, one a child, each with two lines (school meals, after-school care)."""
    records = []
    for n, f in enumerate(children(families)):
        records.append(
            {
                "type": "invoice",
                "invoice_id": f"M-{n:06d}",
                "family_id": f"N-F{f:05d}",
                "number": f"2026-11-{n:06d}",
                "reference": f"R{n}",
                "emission_code": "EM-2026-11",
                "personal_code": f"PC{n:06d}",
                "date": "2026-11-01",
                "due_date": "2026-11-30",
                "issuer": "Régie Enfance",
                "nature": "Restauration scolaire",
                "amount": "57.60",
                "lines": [
                    {"label": "Repas", "quantity": 16, "unit_price": "3.20", "amount": "51.20"},
                    {"label": "Accueil du soir", "quantity": 4, "unit_price": "1.60", "amount": "6.40"},
                ],
            }
        )
    return records


# --- the mails' pace: the template's, else assumed ---------------------------------------------------------


def mail_plan(function: str) -> tuple[dict[int, tuple[int, float]], str]:
    """Per SES rate, the bulk mail consumer's (Workers, Paced mails a second), from template.yaml's
    ``MailSending`` mapping (the same for every bulk mail consumer); and where the figures come from."""
    from infra import template as cfn

    mapping = cfn.load()["Mappings"]["MailSending"]
    plan = {rate: (int(mapping[str(rate)]["Workers"]), float(mapping[str(rate)]["Paced"])) for rate in SES_RATES}
    return plan, f"template.yaml's MailSending mapping, as {function} reads it (MailSendRate)"


def mail_rows(mails: float, per_mail: float, function: str, gb: float) -> tuple[list[str], dict[int, float]]:
    """The city's ``mails`` at each SES rate: run time, what bounds it, the Lambda GB-s (paced waits
    included: a paced worker waits inside its invocation); the GB-s by rate."""
    plan, source = mail_plan(function)
    rows, gb_seconds = [f"  pace: {source}"], {}
    for rate, (workers, paced) in plan.items():
        by_rate, by_workers = mails / paced, mails * per_mail / workers
        run = max(by_rate, by_workers)
        bound = f"the pace ({paced:g}/s)" if by_rate >= by_workers else f"{workers} workers × {per_mail:.3f} s a mail"
        gb_seconds[rate] = gb * workers * run
        rows.append(
            f"  SES {rate:>3}/s: {duration(run):>9} (modelled; bound by {bound}; Workers {workers}, "
            f"Paced {paced:g}/s); Lambda {gb_seconds[rate]:,.0f} GB-s "
            f"{dollars(gb_seconds[rate] * PRICE['lambda_gb_second'])}"
        )
    days = mails / FRESH_QUOTA
    rows.append(
        f"  SES daily quota (modelled): a fresh account's {FRESH_QUOTA:,} mails a 24 h spreads the run over "
        f"{math.ceil(days)} day{'s' if days > 1 else ''} ({days:.1f}); one day needs a quota of at least {mails:,.0f}"
    )
    return rows, gb_seconds


# --- the sections ------------------------------------------------------------------------------------------


def assumptions() -> list[str]:
    latencies = [f"{name} {ms:g}" for name, ms in LATENCY_MS.items()]
    return [
        "measured: AWS calls, items, units and messages on the local stack's sample, scaled linearly (×k);",
        "modelled: time from these latencies (ms), calls one after another, thread pools as their slowest",
        f"  worker: {', '.join(latencies[:9])},",
        f"  {', '.join(latencies[9:])};",
        "  units: a write 1 KB (×2 in a transaction), a read 4 KB (½ eventually consistent); list prices of",
        f"  bench.city.PRICE; Lambda memory: import {IMPORT_GB:g} GB, PDF {PDF_GB:g} GB, mails {MAIL_GB:g} GB;",
        f"  the S3 file read at {S3_MB_PER_S:g} MB/s; SQS's empty polls and CloudWatch Logs not counted.",
    ]


def sample(stack: Any, client: Client, families: int) -> str:
    """The families published (over HTTP) and their followers written through the store: not measured."""
    from bench.bookings import publish
    from bench.notifications import followers

    key = str(stack.create_tenant("city", "Ville Cité"))
    records = [{"type": "family", "family_id": f"N-F{f:05d}", "label": f"Famille {f}"} for f in range(families)]
    publish(client, "city", key, records)
    followers("city", families)
    followers("city", families, second=True)
    return key


def bulk_import(families: int, k: float) -> tuple[list[str], Totals, float, int]:
    """The month's invoices as one NDJSON object, imported by ImportFromS3Function's handler in-process."""
    from infra.lambdas import invoke_function
    from portal.platform import aws
    from portal.platform.config import settings

    records = invoice_records(families)
    body = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()
    bucket, name = settings().documents_bucket, "imports/city/2026-11.ndjson"
    aws.client("s3").put_object(Bucket=bucket, Key=name, Body=body)  # the billing software's upload
    event = {
        "version": "0",
        "source": "aws.s3",
        "detail-type": "Object Created",
        "detail": {"bucket": {"name": bucket}, "object": {"key": name, "size": len(body)}},
    }
    m = meter()
    mark, started = m.mark(), time.perf_counter()
    report = invoke_function("ImportFromS3Function", event)
    wall, calls = time.perf_counter() - started, m.since(mark)
    assert report.get("accepted") == len(records) and not report.get("rejected"), report
    t, lookups = Totals.of(calls), [c for c in calls if c.operation == "Query"]
    transfer = len(body) * k / 1e6 / S3_MB_PER_S
    model = seconds(calls) * k + transfer
    follow = seconds(lookups) * k
    n = len(records)
    head = f"measured (sample of {n:,} invoices, ×{k:g})"
    rows = [
        f"  the file: {len(records):,} lines, {len(body):,} bytes; {head}: {len(body) * k / 1e6:,.1f} MB "
        f"({len(body) * k / BULK_LIMIT_BYTES:.0%} of the bulk path's 100 MB limit)",
        f"  AWS calls, {head}: {scaled(t.calls, k)}: {kinds(calls)}",
        f"  DynamoDB, {head}: items written {scaled(t.items_written, k)} "
        f"({t.bytes_written / max(t.items_written, 1):,.0f} bytes each), write units {scaled(t.write_units, k)}; "
        f"items read {scaled(t.items_read, k)}, read units {scaled(t.read_units, k)}",
        f"  SQS messages queued, {head}: " + ", ".join(f"{q} {scaled(v, k)}" for q, v in t.messages.items()),
        f"  the import's Lambda time, modelled: {duration(model)} for {INVOICES:,} invoices "
        f"({model / LAMBDA_LIMIT_S:.0%} of Lambda's 15 minutes; {seconds(calls):.2f} s for the sample, the file's "
        f"read {transfer:.1f} s); {wall:.1f} s on the stand-in",
        f"    of which the followers' look-ups, modelled: {len(lookups):,} Query "
        f"({len(lookups) / families:.2f} a family, {_pooled(lookups)}): {duration(follow)} for {FAMILIES:,} families "
        f"({follow / LAMBDA_LIMIT_S:.0%} of 15 minutes)",
    ]
    return rows, t, model, sum(c.operation == "SendMessageBatch" for c in calls)


def _pooled(calls: list[Call]) -> str:
    threads = {c.thread for c in calls}
    pooled = {c.thread for c in calls if c.thread.startswith("ThreadPoolExecutor-")}
    return f"in thread pools, {len(pooled)} workers" if pooled else f"one after another in {len(threads)} thread"


def pdfs(invoice_ids: list[str]) -> tuple[list[str], dict[str, float]]:
    """PDFs through the S3 bulk path: each put at ``imports/city/pdfs/{id}.pdf`` (the billing software's PUT,
    not counted), then attached by ImportInvoicePdfFunction's code in-process, as its event runs it (the
    first not measured: caches warm); the calls of one, and the city's 150,000 modelled at the function's
    reserved concurrency."""
    from portal.platform import aws
    from portal.platform.config import settings
    from portal.publishing.pdfs import import_pdf

    bucket, body = settings().documents_bucket, b"%PDF-1.4\n" + b"0" * (PDF_BYTES - 9)
    for invoice_id in invoice_ids:
        aws.client("s3").put_object(Bucket=bucket, Key=f"imports/city/pdfs/{invoice_id}.pdf", Body=body)
    assert import_pdf(bucket, f"imports/city/pdfs/{invoice_ids[0]}.pdf") == {"status": "attached"}
    m = meter()
    mark = m.mark()
    for invoice_id in invoice_ids[1:]:
        assert import_pdf(bucket, f"imports/city/pdfs/{invoice_id}.pdf") == {"status": "attached"}
    calls, n = m.since(mark), len(invoice_ids) - 1
    t, k = Totals.of(calls), INVOICES / n
    per = seconds(calls) / n
    s3_class_a = sum(c.operation in ("PutObject", "CopyObject") for c in calls) * k + INVOICES  # and the drops
    s3_gets = sum(c.operation == "GetObject" for c in calls) * k
    gb = INVOICES * PDF_BYTES / 2**30
    run = INVOICES * per / PDF_WORKERS
    cost = {
        "requests": t.calls * k + INVOICES,  # and the billing software's PUTs
        "units": (t.read_units + t.write_units) * k,
        "s3": s3_class_a * PRICE["s3_put"] + s3_gets * PRICE["s3_get"] + gb * PRICE["s3_gb_month"],
        "dynamodb": t.dynamodb_dollars(k),
        "lambda": INVOICES * (PRICE["lambda_request"] + per * PDF_GB * PRICE["lambda_gb_second"]),
        "api": 0.0,
    }
    head = f"measured (sample of {n}, ×{k:g})"
    rows = [
        f"  one PDF ({PDF_BYTES // 1024} KB) through imports/{{tenant}}/pdfs/, {head}: {kinds(calls, n)}; DynamoDB "
        f"items written {t.items_written / n:.2f}, write units {t.write_units / n:.2f}, read units "
        f"{t.read_units / n:.2f}",
        f"  {INVOICES:,} PDFs, {head}: S3 PUT-class requests {s3_class_a:,.0f} (the drops and the copies), GETs "
        f"{s3_gets:,.0f} (5 bytes each), DynamoDB write units {t.write_units * k:,.0f}, read units "
        f"{t.read_units * k:,.0f}; no API Gateway request (over HTTP: {INVOICES:,}, "
        f"{dollars(INVOICES * PRICE['api_request'])})",
        f"  modelled: {per * 1000:.0f} ms of Lambda a PDF, {duration(run)} for the month's at the function's "
        f"{PDF_WORKERS} reserved at once (Lambda's queue holds the rest, up to 6 hours); {gb:,.1f} GB more in S3 "
        f"each month, kept (no lifecycle rule on invoices/): {gb * 12:,.0f} GB after a year, "
        f"{dollars(gb * 12 * PRICE['s3_gb_month'])} a month then",
        f"  cost, modelled: S3 {dollars(cost['s3'])} (requests and the month's new GB), Lambda "
        f"{dollars(cost['lambda'])}, DynamoDB {dollars(cost['dynamodb'])}",
    ]
    return rows, cost


def mails(k: float, sends: int) -> tuple[list[str], dict[str, float]]:
    """The new-invoice queue drained by its consumer in-process; per-mail calls, the run at each SES rate."""
    from infra.queues import drain

    m = meter()
    mark, started = m.mark(), time.perf_counter()
    drained = drain("NotifyNewInvoicesFunction", rounds=1_000_000)
    wall, calls = time.perf_counter() - started, m.since(mark)
    sent = sum(c.operation == "SendRawEmail" for c in calls)
    assert sent and not drained["failed"], drained
    lambda_calls = [c for c in calls if c.operation not in POLLER_CALLS]
    per = seconds(lambda_calls) / sent
    t, city = Totals.of(calls), sent * k
    receives = sum(c.operation == "ReceiveMessage" for c in calls)
    deletes = sum(c.operation.startswith("DeleteMessage") for c in calls)
    head = f"measured (sample of {sent:,} mails, ×{k:g})"
    rows = [
        f"  {drained['delivered']:,} messages delivered, {sent:,} mails sent; {wall:.1f} s on the stand-in",
        f"  AWS calls a mail, {head}: {kinds(calls, sent)}",
        f"  DynamoDB, {head}: write units {scaled(t.write_units, k)}, read units {scaled(t.read_units, k)}",
        f"  a mail's Lambda time, modelled: {per * 1000:.0f} ms (SendRawEmail {LATENCY_MS['SendRawEmail']:g} ms of it)",
        f"  the city's mails, {head}: {city:,.0f} (one a following account and import, however many of its "
        f"family's invoices it lists: not {INVOICES:,} × {FOLLOWERS_PER_FAMILY:g})",
    ]
    more, gb_seconds = mail_rows(city, per, "NotifyNewInvoicesFunction", MAIL_GB)
    rows += more
    sqs = (sends + receives + deletes) * k
    invocations = receives * k
    rate = SES_RATES[0]
    cost = {
        "requests": t.calls * k + invocations,
        "units": (t.read_units + t.write_units) * k,
        "ses": city * PRICE["mail"],
        "sqs": sqs * PRICE["sqs_request"],
        "lambda": invocations * PRICE["lambda_request"] + gb_seconds[rate] * PRICE["lambda_gb_second"],
        "dynamodb": t.dynamodb_dollars(k),
    }
    rows.append(
        f"  cost at {rate}/s, modelled: SES {dollars(cost['ses'])}, SQS {dollars(cost['sqs'])} ({sqs:,.0f} requests: "
        f"sends by 10, receives, deletes), Lambda {dollars(cost['lambda'])} ({invocations:,.0f} invocations), "
        f"DynamoDB {dollars(cost['dynamodb'])}"
    )
    return rows, cost


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.city.monthly", description=__doc__.split("\n")[0])
    parser.add_argument("--families", type=int, default=300, help="the sample's families (the city: 100,000)")
    parser.add_argument("--pdfs", type=int, default=20, help="PDFs dropped under imports/city/pdfs/")
    args = parser.parse_args(argv)

    from bench.operations import Client
    from infra.local import LocalServer

    k = FAMILIES / args.families
    stack = LocalServer(port=0, event_sources=False)  # nothing runs by itself while the bench measures
    stack.start()
    try:
        client = Client(stack.url, timeout=600)
        sample(stack, client, args.families)
        meter()
        imported, totals, import_s, sends = bulk_import(args.families, k)
        pdf_rows, pdf_cost = pdfs([f"M-{n:06d}" for n in range(args.pdfs + 1)])
        mail_lines, mail_cost = mails(k, sends)
    finally:
        stack.stop()

    heading(f"The monthly run: {INVOICES:,} invoices of {FAMILIES:,} families, their PDFs and mails")
    print("\n".join(assumptions()))
    print(
        f"1. the S3 bulk import (sample: {args.families:,} families, {FOLLOWERS_PER_FAMILY:g} accounts following each)"
    )
    print("\n".join(imported))
    print(f"2. the PDFs ({INVOICES:,}, one an invoice, through the S3 bulk path)")
    print("\n".join(pdf_rows))
    print("3. the new-invoice mails (NotifyNewInvoicesFunction)")
    print("\n".join(mail_lines))
    import_cost = {
        "requests": totals.calls * k + 1,
        "units": (totals.read_units + totals.write_units) * k,
        "dynamodb": totals.dynamodb_dollars(k),
        "s3": PRICE["s3_put"] + 2 * PRICE["s3_get"],
        "lambda": PRICE["lambda_request"] + import_s * IMPORT_GB * PRICE["lambda_gb_second"],
    }
    parts = (import_cost, pdf_cost, mail_cost)
    requests = sum(p["requests"] for p in parts)
    units = sum(p["units"] for p in parts)
    money = sum(v for p in parts for name, v in p.items() if name not in ("requests", "units"))
    print(
        f"4. the run in all (measured calls and units scaled, modelled prices; mails at {SES_RATES[0]}/s): "
        f"{requests:,.0f} AWS requests, {units:,.0f} DynamoDB units, {dollars(money)} "
        f"({dollars(money / FAMILIES * 1000)} a thousand families)"
    )


if __name__ == "__main__":
    main()
