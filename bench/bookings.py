"""Espace famille on the local stack: the calendar, booking requests, a rush on one slot, an absence, a closed day.

Over HTTP on the local stack, AWS calls counted with botocore (in-process): 1. a 31-day calendar read; 2-3. 40
changes on a unit without, then with, a capacity; 4. 400 changes (10 units × 40 days); 5. 200 children booking
one slot of 30 places (waiting list), ``--rush-threads`` at once; 6. an absence over 10 booked days; 7. a day
closed under ``--bookings`` bookings: the import, the messages it queues, the queue consumer cancelling and
mailing. Then ``bench.booking_costs``: the feed on a day of 20,000 events, 400-change requests freeing places,
a promotion pass with 150 waiting, modelled on DynamoDB. Booking days start on the Monday at least two weeks
ahead (deadline: 2 working days before, 10:00 in Paris), in activities open every day: any day of the year
will do.

The local stack changes its stand-in as it always does (``infra.moto_fixes``): transactions back up the items
they write rather than the whole table, else their cost grows with the table. It still runs one DynamoDB
request at a time: the rush's latencies are mostly that queue, and at 200 at once some calls wait past the
functions' 5 s read timeout, and a retried transaction moto had applied (it ignores ClientRequestToken) finds
its own write: hence 100 at once by default.

    python -m bench.bookings [--requests 20] [--bookings 2000] [--rush-threads 100]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import urllib.request
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from bench.notifications import followers
from bench.operations import Client, count_aws_calls, measure

if TYPE_CHECKING:
    from infra.local import LocalServer

TODAY = date.today()
SPAN = {"from": (TODAY - timedelta(days=30)).isoformat(), "to": (TODAY + timedelta(days=300)).isoformat()}
FIRST = TODAY + timedelta(days=14 + (7 - (TODAY + timedelta(days=14)).weekday()) % 7)  # a Monday
DAYS = [FIRST + timedelta(days=n) for n in range(62)]


def activity(activity_id: str, units: list[tuple[str, int | None]], closed: Iterable[date] = ()) -> dict[str, Any]:
    """Open every day of its dates: no weekday or public holiday to skip."""
    return {
        "type": "activity",
        "activity_id": activity_id,
        "label": f"Activité {activity_id}",
        "nature": "Restauration scolaire",
        **SPAN,
        "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        "closed": [day.isoformat() for day in closed],
        "extra_days": [],
        "units": [{"unit_id": u, "label": u.title(), "price": "3.20", "capacity": c} for u, c in units],
        "booking_deadline": {"days_before": 2, "time": "10:00", "working_days": True},
        "cancellation_deadline": None,
        "opens_at": None,
        "waiting_list": any(c is not None for _, c in units),
    }


def families(count: int, enrolled: dict[str, int]) -> list[dict[str, Any]]:
    """Families N-F… (those bench.notifications' ``followers`` follow), two children each, and the enrolments
    of the first ``enrolled[activity_id]`` children in each activity (published before them)."""
    records: list[dict[str, Any]] = [
        {"type": "family", "family_id": f"N-F{f:05d}", "label": f"Famille {f}"} for f in range(count)
    ]
    child = {"type": "child", "last_name": "BENCH", "birth_date": "2016-04-12", "school": None, "class": None}
    records += [
        {**child, "child_id": f"E-{c:05d}", "family_id": f"N-F{c // 2:05d}", "first_name": f"Enfant{c}"}
        for c in range(2 * count)
    ]
    for activity_id, children in enrolled.items():
        records += [
            {"type": "enrolment", "child_id": f"E-{c:05d}", "activity_id": activity_id, **SPAN} for c in range(children)
        ]
    return records


def publish(client: Client, tenant: str, key: str, records: list[dict[str, Any]]) -> None:
    for start in range(0, len(records), 1000):
        body = "\n".join(json.dumps(r) for r in records[start : start + 1000]).encode()
        headers = {"Content-Type": "application/x-ndjson", "X-Api-Key": key}
        status, report = client("POST", f"/{tenant}/admin/imports", raw=body, headers=headers)
        assert status == 200 and not report["rejected"], report


def tokens_of(tenant: str, count: int) -> list[str]:
    """Each family's follower's access token, issued as a login would (their accounts have no password)."""
    from portal.accounts import tokens

    return [tokens.issue(tenant, f"{f:032x}", 0) for f in range(count)]


def count_reads() -> list[int]:
    """Items each DynamoDB answer read (wrapping ``count_aws_calls``): a Query's ScannedCount, a GetItem's item, a
    BatchGetItem's items. Not ConsumedCapacity: the handlers do not ask for it, and moto's batch answers carry a
    flat placeholder (one unit a key) rather than a measure."""
    from botocore.client import BaseClient

    real, log = BaseClient._make_api_call, []

    def counted(self: Any, operation: str, params: dict[str, Any]) -> Any:
        response = real(self, operation, params)
        if self.meta.service_model.service_name == "dynamodb":
            found = response.get("Responses")
            items = int(response.get("ScannedCount", 1 if response.get("Item") else 0))
            log.append(items + (sum(len(v) for v in found.values()) if isinstance(found, dict) else 0))
        return response

    BaseClient._make_api_call = counted
    return log


def grouped(names: Iterable[str], per: int = 1) -> str:
    return ", ".join(f"{name} ×{n / per:,.6g}" for name, n in sorted(Counter(names).items())) or "-"


def outcomes(answer: Any) -> str:
    found = Counter(f"{r['outcome']} {r['code'] or ''}".strip() for r in answer["results"])
    return ", ".join(f"{outcome} {n}" for outcome, n in found.most_common())


def changes(activity_id: str, days: Iterable[date], units: Iterable[str]) -> dict[str, Any]:
    listed = [{"date": d.isoformat(), "unit_id": u, "booked": True} for d in days for u in units]
    return {"activity_id": activity_id, "changes": listed}


def table_items() -> int:
    from moto.core.models import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    from infra.provision import LOCAL_REGION, PHYSICAL_NAMES

    table = dynamodb_backends[DEFAULT_ACCOUNT_ID][LOCAL_REGION].get_table(PHYSICAL_NAMES["DataTable"])
    return sum(1 for _ in table.all_items())


def outbox(url: str) -> int:
    with urllib.request.urlopen(url + "/_local/outbox") as response:  # noqa: S310  # nosec B310 - loopback only
        return len(json.loads(response.read())["messages"])


@dataclass
class Rows:
    """The printed table's rows, by number, each with its detail lines."""

    found: dict[int, list[str]] = field(default_factory=dict)

    def add(self, n: int, label: str, m: dict[str, Any], *details: str) -> None:
        p95 = f"{m['p95']:8.1f}" if "p95" in m else ""
        self.found[n] = [f"  {n}. {label:46} {m['status']!s:>7} {m['p50']:9.1f} {p95:>8}"]
        self.found[n] += [f"       {detail}" for detail in details]

    def lines(self) -> list[str]:
        return [line for n in sorted(self.found) for line in self.found[n]]


def once(rows: Rows, client: Client, token: str, n: int, label: str, path: str, body: dict[str, Any]) -> Any:
    """Row ``n``: one request, its outcomes and AWS calls; its answer."""
    m = measure(client, 1, ("POST", path, body, token), warm=0)
    done = [f"outcomes: {outcomes(m['body'])}"] if "results" in m["body"] else []
    rows.add(n, label, {"status": m["status"], "p50": m["p50"]}, *done, "AWS calls: " + grouped(m["calls"]))
    return m["body"]


def rush(rows: Rows, client: Client, tokens: list[str], key: str, threads: int) -> None:
    """Row 5: 200 children booking one slot of 30 places, ``threads`` requests at once."""
    log = count_aws_calls.log  # type: ignore[attr-defined]

    def book(c: int) -> tuple[float, int, Any]:
        started = time.perf_counter()
        path, body = f"/bench/children/E-{c:05d}/bookings", changes("MERC", DAYS[1:2], ["PLACE"])
        status, answer = client("POST", path, body, tokens[c // 2])
        return (time.perf_counter() - started) * 1000, status, answer

    before, started = len(log), time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        replies = list(pool.map(book, range(200)))
    wall, latencies = time.perf_counter() - started, sorted(ms for ms, _, _ in replies)
    results = [answer["results"][0] for _, status, answer in replies if status == 200]
    positions = sorted(r["waiting_position"] for r in results if r["outcome"] == "waiting")
    slot = client("GET", f"/bench/admin/activities/MERC/attendance?date={DAYS[1]}", None, key)[1]["units"][0]
    statuses = " ".join(f"{s}×{n}" for s, n in Counter(s for _, s, _ in replies).items())
    timing = {"status": statuses, "p50": statistics.median(latencies), "p95": latencies[189]}
    rows.add(
        5,
        f"rush: 200 children, 1 slot of 30, {threads} at once",
        timing,
        f"booked {sum(r['outcome'] == 'booked' for r in results)}, waiting {len(positions)}, other "
        f"{sum(r['outcome'] not in ('booked', 'waiting') for r in results)}; waiting positions 1..{len(positions)} "
        f"each once: {positions == list(range(1, len(positions) + 1))}",
        f"attendance list read back: booked {slot['booked']}, waiting {slot['waiting']}; wall {wall:.1f} s "
        f"({wall * 1000 / 200:.0f} ms a request, one after another on the stand-in)",
        "AWS calls per request (mean): " + grouped((name for name, _ in log[before:]), 200),
    )


def calendar(rows: Rows, client: Client, token: str, reads: list[int], requests: int) -> None:
    """Row 1: a 31-day calendar of two units, ``requests`` times."""
    path = f"/bench/children/E-00000/calendar?activity_id=CANT&from={DAYS[0]}&to={DAYS[30]}"
    m = measure(client, requests, ("GET", path, None, token))
    first = len(reads)
    client("GET", path, None, token)
    booked = sum(u["status"] == "booked" for d in m["body"]["days"] for u in d["units"])
    rows.add(
        1,
        f"calendar: 31 days × 2 units, {requests} requests",
        m,
        "DynamoDB calls per request: " + grouped(name for name in m["calls"] if name.startswith("dynamodb.")),
        f"items read per request: {sum(reads[first:])} ({len(m['body']['days'])} days, {booked} bookings); "
        "consumed capacity: not reported by the stand-in",
    )


def bookings(stack: LocalServer, client: Client, reads: list[int], args: Any) -> list[str]:
    """Rows 1-6 on tenant ``bench``: 100 families of two children, each followed by one account."""
    rows = Rows()
    key = stack.create_tenant("bench", "Ville Bench")
    setup = [activity("CANT", [("REPAS", None), ("ETUDE", 30)]), activity("MERC", [("PLACE", 30)])]
    setup.append(activity("PERI", [(f"U{u}", None) for u in range(10)]))
    publish(client, "bench", key, setup + families(100, {"CANT": 2, "PERI": 1, "MERC": 200}))
    followers("bench", 100)
    tokens = tokens_of("bench", 100)
    token, lucas, emma = tokens[0], "/bench/children/E-00000", "/bench/children/E-00001"
    absence = {"activity_id": "CANT", "reason": "illness", "comment": "Fièvre"}
    client("POST", f"{emma}/bookings", changes("CANT", DAYS[61:], ["REPAS"]), token)  # each handler's first call
    client("POST", f"{emma}/absences", {**absence, "from": f"{DAYS[50]}", "to": f"{DAYS[51]}"}, token)

    rush(rows, client, tokens, key, args.rush_threads)
    once(
        rows,
        client,
        token,
        3,
        "40 changes, unit with capacity 30",
        f"{lucas}/bookings",
        changes("CANT", DAYS[:40], ["ETUDE"]),
    )
    once(
        rows,
        client,
        token,
        2,
        "40 changes, unit without capacity",
        f"{lucas}/bookings",
        changes("CANT", DAYS[:40], ["REPAS"]),
    )
    calendar(rows, client, token, reads, args.requests)
    client("POST", f"{emma}/bookings", changes("CANT", DAYS[:10], ["REPAS"]), token)
    absent = {**absence, "from": f"{DAYS[0]}", "to": f"{DAYS[9]}"}
    answer = once(rows, client, token, 6, "absence over 10 booked days", f"{emma}/absences", absent)
    rows.found[6].insert(1, f"       answer: absent {len(answer['absent'])}, cancelled {len(answer['cancelled'])}")
    units = [f"U{u}" for u in range(10)]
    label = "400 changes: 10 units × 40 days (limit 29 s)"
    once(rows, client, token, 4, label, f"{lucas}/bookings", changes("PERI", DAYS[:40], units))
    return rows.lines()


def closed_day(stack: LocalServer, client: Client, bookings: int) -> list[str]:
    """Row 7 on tenant ``bench2``: families of two children, each followed by one account, all booked on one day
    through the API; then the import closing that day, and the queue consumer."""
    from infra.queues import drain
    from portal.platform import aws
    from portal.platform.config import settings

    log, count, day = count_aws_calls.log, (bookings + 1) // 2, DAYS[5]  # type: ignore[attr-defined]
    key = stack.create_tenant("bench2", "Ville Bench 2")
    publish(client, "bench2", key, [activity("CLOS", [("REPAS", None)]), *families(count, {"CLOS": bookings})])
    followers("bench2", count)
    tokens = tokens_of("bench2", count)

    def book(c: int) -> str:
        path, body = f"/bench2/children/E-{c:05d}/bookings", changes("CLOS", [day], ["REPAS"])
        return str(client("POST", path, body, tokens[c // 2])[1]["results"][0]["outcome"])

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        made = Counter(pool.map(book, range(bookings)))
    setup_seconds = time.perf_counter() - started
    sqs, queue = aws.client("sqs"), settings().booking_closures_queue_url
    sqs.purge_queue(QueueUrl=settings().booking_mails_queue_url)  # the requests' summary mails: not measured
    attendance = f"/bench2/admin/activities/CLOS/attendance?date={day}"
    held = client("GET", attendance, None, key)[1]["units"][0]["booked"]
    mailed, size = outbox(stack.url), table_items()
    before, started = len(log), time.perf_counter()
    publish(client, "bench2", key, [activity("CLOS", [("REPAS", None)], closed=[day])])
    import_seconds, import_calls = time.perf_counter() - started, [name for name, _ in log[before:]]
    depth = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["ApproximateNumberOfMessages"])
    queued = int(depth["Attributes"]["ApproximateNumberOfMessages"])
    before, started = len(log), time.perf_counter()
    drained = drain("ApplyClosuresFunction", rounds=10_000)  # until the queue is empty
    drain_seconds, drain_calls = time.perf_counter() - started, [name for name, _ in log[before:]]
    left = client("GET", attendance, None, key)[1]["units"][0]
    dynamodb = sum(name.startswith("dynamodb.") for name in drain_calls)
    return [
        f"  7. a day closed under {held:,} bookings ({count:,} families of two children, one follower each)",
        f"       setup: {bookings:,} booking requests through the API, 8 threads, {setup_seconds:.1f} s "
        f"({', '.join(f'{o} {n}' for o, n in made.items())}); table {size:,} items",
        f"       import re-publishing the activity with the day closed: {import_seconds:.2f} s, SQS messages it "
        f"queued: {queued:,}; AWS calls: {grouped(import_calls)}",
        f"       queue consumer: {drained['delivered']:,} messages delivered, {drained['failed']} failed, "
        f"{drain_seconds:.1f} s on the stand-in; mails sent (outbox): {outbox(stack.url) - mailed:,}",
        f"       AWS calls of the drain: {grouped(drain_calls)}",
        f"       bookings left that day (attendance list): booked {left['booked']}, waiting {left['waiting']}; "
        f"DynamoDB calls per cancelled booking: {dynamodb / max(held - left['booked'], 1):.2f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--bookings", type=int, default=2000)
    parser.add_argument("--rush-threads", type=int, default=100)
    args = parser.parse_args()

    from infra.local import LocalServer

    stack = LocalServer(port=0, event_sources=False)  # nothing runs by itself while the bench measures
    stack.start()
    count_aws_calls()
    client, reads = Client(stack.url), count_reads()
    rows = bookings(stack, client, reads, args) + closed_day(stack, client, args.bookings)
    from bench.booking_costs import costs  # it imports this module's helpers

    heaviest = costs(stack)
    stack.stop()

    print(f"espace famille over HTTP on the local stack; booking days from Monday {FIRST} (deadline 2 working days")
    print("before, 10:00 in Paris); moto's transactions back up the items they write, not the whole table")
    print(f"  {'':49} {'status':>7} {'p50 ms':>9} {'p95 ms':>8}")
    print("\n".join(rows))
    print("\n".join(heaviest))


if __name__ == "__main__":
    main()
