"""The strike day: one import closes a school day in 40 activities under 30,000 bookings of 20,000 families.

On a sample (``--bookings`` of ``--families``, two children a family, 1.5 following accounts, each booked
child in one of the 40 activities on one day, booked through the API: not measured) on the local stack,
in-process: one import re-publishing the 40 activities with the day closed, the closures queue and the
booking mails queue drained by their consumers, then the billing software reading the feed page by page.
The AWS calls, items and messages are measured and scaled to the city; time and cost are modelled.

    python -m bench.city.strike [--bookings 300] [--families 200]
"""

from __future__ import annotations

import argparse
import math
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bench.city import (
    LATENCY_MS,
    PRICE,
    SES_RATES,
    STRIKE_ACTIVITIES,
    STRIKE_BOOKINGS,
    STRIKE_FAMILIES,
    dollars,
    heading,
)
from bench.city.monthly import (
    MAIL_GB,
    POLLER_CALLS,
    Call,
    Totals,
    assumptions,
    duration,
    kinds,
    mail_rows,
    meter,
    scaled,
    seconds,
)

if TYPE_CHECKING:
    from bench.operations import Client

CLOSURES = "ApplyClosuresFunction"
MAILS = "SendBookingMailsFunction"
SETTLE_S = 31  # the feed lists an event once it is 30 s old (portal.bookings.admin.SETTLE)
FEED_PAGE = 500


def sample(stack: Any, client: Client, bookings: int, families: int) -> tuple[str, list[str]]:
    """The 40 activities, the families (two children each), the booked children's enrolments, 1.5 followers a
    family, and one booking a booked child on the day, through the API (8 at once). Not measured."""
    from bench.bookings import DAYS, SPAN, activity, changes, publish, tokens_of
    from bench.bookings import families as family_records
    from bench.notifications import followers

    day, tenant = DAYS[5], "strike"
    key = str(stack.create_tenant(tenant, "Ville Grève"))
    activities = [f"G{a:02d}" for a in range(STRIKE_ACTIVITIES)]
    booked = ([2 * f for f in range(families)] + [2 * f + 1 for f in range(families)])[:bookings]
    where = {child: activities[n % len(activities)] for n, child in enumerate(booked)}
    enrolments = [{"type": "enrolment", "child_id": f"E-{c:05d}", "activity_id": a, **SPAN} for c, a in where.items()]
    records = [activity(a, [("REPAS", None)]) for a in activities] + family_records(families, {}) + enrolments
    publish(client, tenant, key, records)
    followers(tenant, families)
    followers(tenant, families, second=True)
    tokens = tokens_of(tenant, families)

    def book(child: int) -> str:
        path, body = f"/{tenant}/children/E-{child:05d}/bookings", changes(where[child], [day], ["REPAS"])
        status, answer = client("POST", path, body, tokens[child // 2])
        assert status == 200, answer
        return str(answer["results"][0]["outcome"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        made = Counter(pool.map(book, booked))
    assert made == Counter({"booked": bookings}), made
    return key, activities


def held(client: Client, key: str, activities: list[str]) -> int:
    from bench.bookings import DAYS

    path = "/strike/admin/activities/{}/attendance?date=" + DAYS[5].isoformat()
    return sum(int(client("GET", path.format(a), None, key)[1]["units"][0]["booked"]) for a in activities)


def concurrency(function: str) -> int:
    from infra import template as cfn

    events = cfn.load()["Resources"][function]["Properties"].get("Events", {}).values()
    sqs = [e["Properties"] for e in events if e.get("Type") == "SQS"]
    return int(cfn.mapped(sqs[0].get("ScalingConfig", {}).get("MaximumConcurrency", 5))) if sqs else 5


def drained(function: str) -> tuple[list[Call], int]:
    """``function``'s queue drained by the real consumer in-process: its calls, the messages delivered."""
    from infra.queues import drain

    m = meter()
    mark = m.mark()
    counts = drain(function, rounds=1_000_000)
    assert not counts["failed"], counts
    return m.since(mark), counts["delivered"]


def feed(client: Client, key: str, since: str) -> list[tuple[int, list[Call], Counter[str]]]:
    """The feed since ``since``, page by page as the billing software reads it: each page's events, its calls,
    its events by status."""
    m = meter()
    pages: list[tuple[int, list[Call], Counter[str]]] = []
    cursor: str | None = None
    while True:
        query = f"?since={since}" + (f"&cursor={cursor}" if cursor else "")
        mark = m.mark()
        status, page = client("GET", f"/strike/admin/bookings{query}", None, key)
        assert status == 200, page
        statuses = Counter(str(item.get("status")) for item in page["items"])
        pages.append((len(page["items"]), m.since(mark), statuses))
        cursor = page["next_cursor"]
        if not cursor:
            return pages


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.city.strike", description=__doc__.split("\n")[0])
    parser.add_argument("--bookings", type=int, default=300, help="the sample's bookings (the city: 30,000)")
    parser.add_argument("--families", type=int, default=200, help="the sample's families (the city: 20,000)")
    args = parser.parse_args(argv)

    from bench.bookings import DAYS, activity, outbox, publish
    from bench.operations import Client
    from infra.local import LocalServer
    from portal.kernel import clock
    from portal.platform import aws
    from portal.platform.config import settings

    k = STRIKE_BOOKINGS / args.bookings
    stack = LocalServer(port=0, event_sources=False)  # nothing runs by itself while the bench measures
    stack.start()
    try:
        client = Client(stack.url, timeout=600)
        key, activities = sample(stack, client, args.bookings, args.families)
        aws.client("sqs").purge_queue(QueueUrl=settings().booking_mails_queue_url)  # the requests' summaries
        before, mailed = held(client, key, activities), outbox(stack.url)
        time.sleep(1.1)  # the feed read from the second after the last booking
        since = clock.rfc3339(datetime.now(UTC))
        m = meter()
        mark, started = m.mark(), time.perf_counter()
        publish(client, "strike", key, [activity(a, [("REPAS", None)], closed=[DAYS[5]]) for a in activities])
        imported, import_wall = m.since(mark), time.perf_counter() - started
        from portal.bookings.closures import INDEX_SETTLE  # once the stack set the environment

        time.sleep(INDEX_SETTLE + 1)  # a closed day's list is read once its activity is a minute old
        consumers: dict[str, tuple[list[Call], int]] = {CLOSURES: ([], 0), MAILS: ([], 0)}
        for _ in range(5):  # each consumer may queue for the other: until a round delivers nothing
            delivered_now = 0
            for function in consumers:
                calls, delivered = drained(function)
                consumers[function] = (consumers[function][0] + calls, consumers[function][1] + delivered)
                delivered_now += delivered
            if not delivered_now:
                break
        last = time.perf_counter()
        after, sent_out = held(client, key, activities), outbox(stack.url) - mailed
        time.sleep(max(0.0, SETTLE_S - (time.perf_counter() - last)))
        pages = feed(client, key, since)
    finally:
        stack.stop()
    cancelled = before - after
    report(args, k, imported, import_wall, consumers, cancelled, before, sent_out, pages)


def report(
    args: Any,
    k: float,
    imported: list[Call],
    import_wall: float,
    consumers: dict[str, tuple[list[Call], int]],
    cancelled: int,
    before: int,
    sent_out: int,
    pages: list[tuple[int, list[Call], Counter[str]]],
) -> None:
    heading(
        f"The strike day: {STRIKE_ACTIVITIES} activities closed under {STRIKE_BOOKINGS:,} bookings of "
        f"{STRIKE_FAMILIES:,} families"
    )
    print("\n".join(assumptions()))
    head = f"measured (sample of {args.bookings:,} bookings of {args.families:,} families, ×{k:g})"
    report_import(head, imported, import_wall)
    drains = [c for calls, _ in consumers.values() for c in calls]
    mails = sum(c.operation == "SendRawEmail" for c in drains)
    print(
        f"2. the consumers (cancelled {cancelled:,} of {before:,} bookings; mails sent {mails:,}, outbox {sent_out:,})"
    )
    lambda_s = report_consumers(head, k, consumers, cancelled)
    sender, paced = report_mails(head, k, consumers, mails)
    city_pages, read_u = report_feed(head, k, pages)
    busy = MAIL_GB * (lambda_s[CLOSURES] + lambda_s[MAILS] - lambda_s[sender]) + max(paced, MAIL_GB * lambda_s[sender])
    t, d = Totals.of(imported), Totals.of(drains)
    sqs = sum(c.service == "sqs" for c in imported) + sum(c.service == "sqs" for c in drains) * k
    invocations = sum(c.operation == "ReceiveMessage" for c in drains) * k
    cost = {
        "SES": mails * k * PRICE["mail"],
        "SQS": sqs * PRICE["sqs_request"],
        "Lambda": invocations * PRICE["lambda_request"] + busy * PRICE["lambda_gb_second"],
        "DynamoDB": t.dynamodb_dollars(1) + d.dynamodb_dollars(k) + read_u * k * PRICE["read_unit"],
        "API Gateway": (city_pages + 1) * PRICE["api_request"],
    }
    units = t.read_units + t.write_units + (d.read_units + d.write_units + read_u) * k
    requests = len(imported) + (len(drains) + sum(len(p[1]) for p in pages)) * k
    print(
        f"5. the day's cost, modelled (mails at {SES_RATES[0]}/s, paced waits in Lambda): "
        + ", ".join(f"{name} {dollars(v)}" for name, v in cost.items())
        + f"; in all {dollars(sum(cost.values()))}, {requests:,.0f} AWS requests, {units:,.0f} DynamoDB units"
    )
    print(f"  (latencies as above; SendRawEmail {LATENCY_MS['SendRawEmail']:g} ms)")


def report_import(head: str, imported: list[Call], import_wall: float) -> None:
    print(f"1. the import re-publishing the {STRIKE_ACTIVITIES} activities with the day closed")
    print(f"  AWS calls, {head}: {len(imported)} (not scaled: the same file for any size): {kinds(imported)}")
    queued = Totals.of(imported).messages
    print(
        f"  SQS messages queued: {', '.join(f'{q} {n}' for q, n in queued.items()) or '-'}; modelled "
        f"{seconds(imported):.2f} s; {import_wall:.2f} s on the stand-in"
    )


def report_consumers(
    head: str, k: float, consumers: dict[str, tuple[list[Call], int]], cancelled: int
) -> dict[str, float]:
    """Each consumer's messages and DynamoDB calls; its modelled seconds for the city, by function."""
    drains = [c for calls, _ in consumers.values() for c in calls]
    d = Totals.of(drains)
    dynamodb = [c for c in drains if c.service == "dynamodb"]
    print(f"  DynamoDB calls a cancelled booking, {head}: {kinds(dynamodb, max(cancelled, 1))}")
    print(
        f"  DynamoDB, {head}: items written {scaled(d.items_written, k)}, write units {scaled(d.write_units, k)}; "
        f"items read {scaled(d.items_read, k)}, read units {scaled(d.read_units, k)}"
    )
    lambda_s: dict[str, float] = {}
    for function, (calls, delivered) in consumers.items():
        own = [c for c in calls if c.operation not in POLLER_CALLS]
        lambda_s[function] = seconds(own) * k
        queued = Totals.of(calls).messages
        print(
            f"  {function}: messages delivered, {head}: {scaled(delivered, k)}; queued by it: "
            f"{', '.join(f'{q} {scaled(n, k)}' for q, n in queued.items()) or '-'}"
        )
        if delivered:
            per, workers = seconds(own) / delivered, concurrency(function)
            print(
                f"    modelled: {per * 1000:.0f} ms a message; the city's at MaximumConcurrency {workers} "
                f"(template.yaml): {duration(delivered * k * per / workers)}"
            )
    return lambda_s


def report_mails(head: str, k: float, consumers: dict[str, tuple[list[Call], int]], mails: int) -> tuple[str, float]:
    """The city's mails at each SES rate; the function that sent them and its paced GB-s at the first rate."""
    sender = max(consumers, key=lambda f: sum(c.operation == "SendRawEmail" for c in consumers[f][0]))
    send_calls = [c for c in consumers[sender][0] if c.operation not in POLLER_CALLS]
    per_mail = seconds(send_calls) / max(mails, 1)
    print(
        f"3. the mails: {mails * k:,.0f} for the city, {head}; sent by {sender} "
        f"(its whole time: {per_mail * 1000:.0f} ms a mail)"
    )
    rows, gb_seconds = mail_rows(mails * k, per_mail, sender, MAIL_GB)
    print("\n".join(rows))
    return sender, gb_seconds[SES_RATES[0]]


def report_feed(head: str, k: float, pages: list[tuple[int, list[Call], Counter[str]]]) -> tuple[int, float]:
    """The feed read page by page; the city's pages and the sample's read units."""
    full = [p for p in pages if p[0] == FEED_PAGE] or pages
    returned = sum(p[0] for p in pages)
    statuses = sum((p[2] for p in pages), Counter[str]())
    read_items = sum(c.items_read for p in pages for c in p[1])
    read_u = sum(c.read_units for p in pages for c in p[1])
    city_pages = math.ceil(STRIKE_BOOKINGS / FEED_PAGE)
    page_s = max(seconds(p[1]) for p in full)
    print(
        f"4. the feed since the import (GET /{{tenant}}/admin/bookings, pages of {FEED_PAGE}), measured: {len(pages)} "
        f"pages, {returned:,} events ({', '.join(f'{s} {n}' for s, n in statuses.items())})"
    )
    print(
        f"  a full page, measured: at most {max(sum(c.items_read for c in p[1]) for p in full):,} items read, "
        f"{max(len(p[1]) for p in full)} calls ({kinds(full[0][1])}); modelled {page_s * 1000:.0f} ms"
    )
    print(
        f"  the city's {STRIKE_BOOKINGS:,} closed events, {head}: {city_pages} pages, items read "
        f"{scaled(read_items, k)}, read units {scaled(read_u, k)}; modelled {duration(city_pages * page_s)} "
        "one page after another"
    )
    return city_pages, read_u


if __name__ == "__main__":
    main()
