"""What the espace famille's heaviest requests cost, counted on the local stack and modelled on DynamoDB.

1. The town's feed on a day of 20,000 events: the items each page reads against the 500 it returns.
2. Requests of 400 changes on units with a capacity (10 units × 40 days): booking them, a second child
   waiting on all of them, then the first child cancelling them all (400 places freed, each promoting).
3. A promotion pass: a unit republished with more places while 150 children wait for it.

Each row gives the AWS calls by kind, the DynamoDB items read (a Query's ScannedCount, a GetItem's item, a
BatchGetItem's items), and the time the request would take on DynamoDB: each call costs the latency below,
calls made one after another add up, and calls made at the same time (a request's worker threads, by pool)
count once, as the slowest worker's. The stand-in answers one call at a time, so its own times say nothing of
that; the model does.

    python -m bench.booking_costs       (also printed by python -m bench.bookings, after its own rows)
"""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bench.bookings import DAYS, activity, changes, families, publish, tokens_of
from bench.notifications import followers
from bench.operations import Client

if TYPE_CHECKING:
    from infra.local import LocalServer

# Assumed DynamoDB and SQS latencies from a Lambda in the table's region, in ms: DynamoDB's single-item calls
# are "single-digit milliseconds" (AWS's own figure); a transaction does each item's work twice (prepare,
# commit) and is counted at twice a write; a batch or a Query of a page at twice a single read.
LATENCY_MS = {
    "GetItem": 4.0,
    "PutItem": 6.0,
    "UpdateItem": 6.0,
    "DeleteItem": 6.0,
    "Query": 8.0,
    "BatchGetItem": 8.0,
    "BatchWriteItem": 12.0,
    "TransactWriteItems": 12.0,
    "SendMessageBatch": 10.0,
    "SendMessage": 10.0,
}
API_GATEWAY_LIMIT_S = 29
FEED_EVENTS = 20_000


class Calls:
    """Every botocore call, with the thread that made it and the DynamoDB items it read."""

    def __init__(self) -> None:
        from botocore.client import BaseClient

        self.log: list[tuple[str, str, int]] = []
        real = BaseClient._make_api_call
        log = self.log

        def counted(client: Any, operation: str, params: dict[str, Any]) -> Any:
            read = 0
            try:
                answer = real(client, operation, params)
                if client.meta.service_model.service_name == "dynamodb":
                    found = answer.get("Responses")
                    read = int(answer.get("ScannedCount", 1 if answer.get("Item") else 0))
                    read += sum(len(v) for v in found.values()) if isinstance(found, dict) else 0
                return answer
            finally:
                log.append((threading.current_thread().name, operation, read))

        BaseClient._make_api_call = counted

    def since(self, mark: int) -> list[tuple[str, str, int]]:
        return self.log[mark:]


def modelled_seconds(calls: list[tuple[str, str, int]]) -> float:
    """The request's time on DynamoDB: its own thread's calls one after another, plus for each pool of
    worker threads the slowest worker's calls (the pools of one request run one after another)."""
    own = 0.0
    pools: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for thread, operation, _ in calls:
        ms = LATENCY_MS.get(operation, 10.0)
        if thread.startswith("ThreadPoolExecutor-"):
            pool, _, worker = thread.rpartition("_")
            pools[pool][worker] += ms
        else:
            own += ms
    return (own + sum(max(workers.values()) for workers in pools.values())) / 1000


def summary(calls: list[tuple[str, str, int]]) -> str:
    kinds = Counter(operation for _, operation, _ in calls)
    listed = ", ".join(f"{name} {n:,}" for name, n in sorted(kinds.items()))
    return f"{len(calls):,} calls ({listed}); items read {sum(r for _, _, r in calls):,}"


def request(client: Client, calls: Calls, path: str, body: dict[str, Any], token: str) -> tuple[Any, str]:
    mark, started = len(calls.log), time.perf_counter()
    status, answer = client("POST", path, body, token)
    seconds, made = time.perf_counter() - started, calls.since(mark)
    said = (
        f"{status}; {summary(made)}; modelled on DynamoDB {modelled_seconds(made):.2f} s "
        f"(API Gateway gives up at {API_GATEWAY_LIMIT_S} s); {seconds:.1f} s on the stand-in"
    )
    return answer, said


def outcomes(answer: Any) -> str:
    found = Counter(r["outcome"] for r in answer.get("results", []))
    return ", ".join(f"{o} {n}" for o, n in found.most_common())


def feed_day(client: Client, calls: Calls, key: str) -> list[str]:
    """Row 1: 20,000 events on one day (written through the store), then the feed read page by page."""
    from portal.bookings.model import Event
    from portal.bookings.store import feed
    from portal.kernel import ids
    from portal.kernel.ids import TenantSlug
    from portal.platform.table import save_all

    tenant = TenantSlug("costs")
    start = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=1)
    events = [
        Event(
            event_id=ids.ordered_id(),
            at=start + timedelta(seconds=n * 4),
            child_id=f"E-{n % 200:05d}",
            family_id=f"N-F{n % 100:05d}",
            activity_id="CAP",
            unit_id="U0",
            day=DAYS[0],
            status="booked",
        )
        for n in range(FEED_EVENTS)
    ]
    feed.mark_days(tenant, events[:1])
    save_all(feed.event_item(tenant, event) for event in events)
    pages: list[tuple[int, int, int]] = []
    cursor, since = None, start.strftime("%Y-%m-%dT%H:%M:%SZ")
    while True:
        query = f"?since={since}" + (f"&cursor={cursor}" if cursor else "")
        mark = len(calls.log)
        status, page = client("GET", f"/costs/admin/bookings{query}", None, key)
        made = calls.since(mark)
        assert status == 200, page
        pages.append((len(page["items"]), sum(r for _, _, r in made), len(made)))
        cursor = page["next_cursor"]
        if not cursor:
            break
    returned = sum(p[0] for p in pages)
    worst = max(pages[:-1] or pages, key=lambda p: p[1])
    return [
        f"  1. the feed, a day of {FEED_EVENTS:,} events: {len(pages)} pages, {returned:,} events returned",
        f"       items read per full page: at most {worst[1]:,} for {worst[0]} returned "
        f"({worst[1] / max(worst[0], 1):.2f} a returned event), {worst[2]} calls; "
        f"all pages: {sum(p[1] for p in pages):,} items read",
    ]


def four_hundred(client: Client, calls: Calls, tokens: list[str]) -> list[str]:
    """Rows 2a-2c: 400 changes on units of one place each: booked, then waited for, then cancelled."""
    units = [f"U{u}" for u in range(10)]
    book = changes("CAP", DAYS[:40], units)
    cancel = {**book, "changes": [{**c, "booked": False} for c in book["changes"]]}
    first, first_said = request(client, calls, "/costs/children/E-00000/bookings", book, tokens[0])
    second, second_said = request(client, calls, "/costs/children/E-00002/bookings", book, tokens[1])
    third, third_said = request(client, calls, "/costs/children/E-00000/bookings", cancel, tokens[0])
    return [
        f"  2a. 400 changes booked (10 units of 1 place × 40 days): {outcomes(first)}",
        f"       {first_said}",
        f"  2b. 400 changes by a second child on the same slots: {outcomes(second)}",
        f"       {second_said}",
        f"  2c. the first child cancels the 400: {outcomes(third)}; each place goes to the child waiting",
        f"       {third_said}",
    ]


def promotion_pass(client: Client, calls: Calls, key: str, tokens: list[str]) -> list[str]:
    """Row 3: 160 children on a day of 10 places (150 waiting), then the unit republished with 160."""
    day = DAYS[1]
    for c in range(160):
        status, _ = client(
            "POST", f"/costs/children/E-{c:05d}/bookings", changes("POOL", [day], ["PLACE"]), tokens[c // 2]
        )
        assert status == 200
    mark, started = len(calls.log), time.perf_counter()
    publish(client, "costs", key, [activity("POOL", [("PLACE", 160)])])
    seconds, made = time.perf_counter() - started, calls.since(mark)
    status, listed = client("GET", f"/costs/admin/activities/POOL/attendance?date={day}", None, key)
    unit = listed["units"][0]
    return [
        f"  3. a unit of 10 places republished with 160 while 150 children wait: booked {unit['booked']}, "
        f"waiting {unit['waiting']}",
        f"       the import: {summary(made)}; modelled on DynamoDB {modelled_seconds(made):.2f} s; "
        f"{seconds:.1f} s on the stand-in",
    ]


def costs(stack: LocalServer) -> list[str]:
    """Rows 1-3 on tenant ``costs``: 100 families of two children, each followed by one account."""
    calls, client = Calls(), Client(stack.url, timeout=600)  # the stand-in answers one call at a time
    key = stack.create_tenant("costs", "Ville Coûts")
    setup = [activity("CAP", [(f"U{u}", 1) for u in range(10)]), activity("POOL", [("PLACE", 10)])]
    publish(client, "costs", key, setup + families(100, {"CAP": 4, "POOL": 160}))
    followers("costs", 100)
    tokens = tokens_of("costs", 100)
    rows = four_hundred(client, calls, tokens) + promotion_pass(client, calls, key, tokens)
    latencies = ", ".join(f"{name} {ms:g}" for name, ms in LATENCY_MS.items())
    return [
        "the heaviest requests, modelled on DynamoDB at (ms): " + latencies,
        *rows,
        *feed_day(client, calls, key),
    ]


def main() -> None:
    from infra.local import LocalServer

    stack = LocalServer(port=0, event_sources=False)  # nothing runs by itself while the bench measures
    stack.start()
    rows = costs(stack)
    stack.stop()
    print("\n".join(rows))


if __name__ == "__main__":
    main()
