"""The 8:00 rush: 8,000 parents in ten minutes opening a holiday centre of 600 places (``python -m bench.city.rush``).

1. The arrival model and what it asks of each route: requests a second at the peak second, the peak minute,
   and in all (modelled).
2. A scaled rush on the stand-in, over HTTP, the parents' sessions a few at once: outcomes, AWS calls, items,
   read and write units and answer bytes per request by route (measured on the sample).
3. Per route on AWS: request time, Lambda concurrency at the peak (Little's law) and the method throttles
   that hold the peak, for the city and for towns of 1,000 families (modelled); the template's
   ``ApiThrottles`` mapping when it has one.
4. Hot items at the peak: the centre's slot counters, the town's usage counter, the feed's shards.
5. What the rush costs.

    python -m bench.city.rush [--parents 160] [--threads 24] [--tau 100] [--towns-at-once 10]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bench.booking_costs import LATENCY_MS as DYNAMODB_LATENCY_MS
from bench.booking_costs import modelled_seconds
from bench.city import (
    FAMILIES,
    LATENCY_MS,
    PRICE,
    RUSH_MINUTES,
    RUSH_PARENTS,
    RUSH_PLACES,
    dollars,
    heading,
    item_bytes,
    read_units,
    write_units,
)

TENANT = "rush"
PASSWORD = "Cantine2024!"  # noqa: S105 - the bench's parents, on the local stack only
TAG = "X-Bench-Request"
FULL_VCPU_MB = 1769  # Lambda gives a function one full vCPU at 1,769 MB, a share of one below
ACCOUNT_RPS, ACCOUNT_BURST = 10_000, 5_000  # API Gateway's account limit in a region (default)
LAMBDA_CONCURRENCY = 1_000  # Lambda's default account concurrency in a region
ITEM_WCU, ITEM_RCU = 1_000, 3_000  # what DynamoDB serves on one partition (so one item) a second
MARGIN = 1.5  # a method's rate above its peak second
TOWN_FAMILIES = 1_000
DAYS_BOOKED = 5  # the centre's holiday week: each booking request books one child on its five days

# Each route the rush calls: the method, its path template, as in the template.
ROUTES = {
    "login": ("POST", "/{tenant}/sessions"),
    "me": ("GET", "/{tenant}/me"),
    "children": ("GET", "/{tenant}/children"),
    "calendar": ("GET", "/{tenant}/children/{child_id}/calendar"),
    "booking": ("POST", "/{tenant}/children/{child_id}/bookings"),
}
# A parent's session: (route, seconds after arriving, share of parents who make that request).
SESSION: list[tuple[str, int, float]] = [
    ("login", 0, 0.7),  # 30 % already logged in
    ("me", 2, 1.0),
    ("children", 5, 1.0),
    ("calendar", 15, 1.0),
    ("calendar", 30, 1.0),
    ("calendar", 45, 0.5),
    ("booking", 60, 1.0),
    ("calendar", 62, 1.0),  # the calendar read after booking
    ("booking", 75, 0.2),  # a second child
    ("calendar", 77, 0.2),
    ("calendar", 180, 0.3),  # back to read the waiting-list position
]


# 1. The arrival model.


def arrivals(parents: float, tau: float, seconds: int = RUSH_MINUTES * 60) -> list[float]:
    """Parents arriving in each second: decaying exponentially from 8:00:00, truncated, normalised."""
    total = 1 - math.exp(-seconds / tau)
    return [parents * (math.exp(-s / tau) - math.exp(-(s + 1) / tau)) / total for s in range(seconds)]


def route_rates(arriving: Sequence[float]) -> dict[str, list[float]]:
    """Requests a second on each route, second by second, from the arrivals and the session."""
    horizon = len(arriving) + max(offset for _, offset, _ in SESSION) + 1
    rates = {route: [0.0] * horizon for route in ROUTES}
    for route, offset, share in SESSION:
        for s, n in enumerate(arriving):
            rates[route][s + offset] += share * n
    return rates


def peaks(series: Sequence[float]) -> tuple[float, float, float]:
    """The peak second's rate, the peak minute's mean rate, the total."""
    minute = max(sum(series[s : s + 60]) for s in range(max(1, len(series) - 59))) / 60
    return max(series), minute, sum(series)


def per_parent(route: str) -> float:
    return sum(share for r, _, share in SESSION if r == route)


# 2. Measuring on the stand-in.


@dataclass
class Call:
    thread: str
    operation: str
    items: int = 0  # items read
    rcu: float = 0.0
    # each item written: its size (or, updated, its key), in a transaction or not, its partition key
    writes: list[tuple[Any, bool, str]] = field(default_factory=list)


class Probe:
    """Every botocore call the local stack makes, by the HTTP request that made it (a header the bench sends,
    carried into the request's worker threads): the items read and their read units (the items' sizes as
    answered), and the items written (a Put's size from its parameters; an update's, the stored item's at the
    end, read once the sample is over)."""

    def __init__(self) -> None:
        from botocore.client import BaseClient

        from infra import local as front
        from portal.platform import parallel

        self.calls: dict[str, list[Call]] = defaultdict(list)
        here, calls = threading.local(), self.calls
        real_call, real_api, real_each = BaseClient._make_api_call, front.Handler._api, parallel.each

        def counted(client: Any, operation: str, params: dict[str, Any]) -> Any:
            tag, answer = getattr(here, "tag", None), None
            try:
                answer = real_call(client, operation, params)
                return answer
            finally:
                if tag is not None:
                    call = Call(threading.current_thread().name, operation)
                    if client.meta.service_model.service_name == "dynamodb" and answer is not None:
                        _read(call, operation, params, answer)
                        call.writes = _written(operation, params)
                    calls[tag].append(call)

        def tagged(handler: Any, path: str, query: str, body: bytes) -> None:
            here.tag = handler.headers.get(TAG)
            try:
                real_api(handler, path, query, body)
            finally:
                here.tag = None

        def each(call: Callable[[Any], Any], items: Sequence[Any], workers: int = parallel.WORKERS) -> list[Any]:
            tag = getattr(here, "tag", None)

            def carried(item: Any) -> Any:
                here.tag = tag
                return call(item)

            return real_each(carried, items, workers)

        BaseClient._make_api_call = counted  # type: ignore[method-assign]
        front.Handler._api = tagged  # type: ignore[method-assign]
        parallel.each = each  # type: ignore[assignment]
        self.sizes: dict[str, int] = {}

    def settle(self, calls: list[Call]) -> None:
        """The stored size of every item an update wrote (0 once deleted), read after the sample."""
        from portal.platform import aws
        from portal.platform.config import settings

        client, table = aws.client("dynamodb"), settings().table_name
        for call in calls:
            for key, _, _ in call.writes:
                if isinstance(key, str) and key not in self.sizes:
                    found = client.get_item(TableName=table, Key=json.loads(key)).get("Item")
                    self.sizes[key] = item_bytes(found) if found else 0

    def size(self, written: Any) -> int:
        return self.sizes.get(written, 0) if isinstance(written, str) else int(written)


def _read(call: Call, operation: str, params: dict[str, Any], answer: dict[str, Any]) -> None:
    consistent = bool(params.get("ConsistentRead"))
    if operation == "GetItem":
        found = answer.get("Item")
        call.items, call.rcu = int(found is not None), read_units(item_bytes(found) if found else 0, consistent)
    elif operation == "Query":
        call.items = int(answer.get("ScannedCount", 0))
        call.rcu = read_units(sum(item_bytes(i) for i in answer.get("Items", [])), consistent)
    elif operation == "BatchGetItem":
        for table, items in answer.get("Responses", {}).items():
            strong = bool(params["RequestItems"][table].get("ConsistentRead"))
            call.items += len(items)
            call.rcu += sum(read_units(item_bytes(i), strong) for i in items)


def _written(operation: str, params: dict[str, Any]) -> list[tuple[Any, bool, str]]:
    def one(kind: str, part: dict[str, Any], transactional: bool) -> tuple[Any, bool, str]:
        if kind == "Put":
            return item_bytes(part["Item"]), transactional, part["Item"]["pk"]["S"]
        if kind in ("Update", "Delete"):
            return json.dumps(part["Key"], sort_keys=True), transactional, part["Key"]["pk"]["S"]
        return 0, transactional, part.get("Key", {}).get("pk", {}).get("S", "")  # a condition check

    if operation in ("PutItem", "UpdateItem", "DeleteItem"):
        return [one(operation.removesuffix("Item"), params, False)]
    if operation == "BatchWriteItem":
        return [
            one("Put", r["PutRequest"], False) if "PutRequest" in r else one("Delete", r["DeleteRequest"], False)
            for requests in params["RequestItems"].values()
            for r in requests
        ]
    if operation == "TransactWriteItems":
        return [one(*next(iter(p.items())), True) for p in params["TransactItems"]]
    return []


@dataclass
class Sample:
    """What the scaled rush measured, by route label ("booking (waiting)"…)."""

    requests: dict[str, list[tuple[int, int, list[Call]]]]  # label: (status, answer bytes, calls) a request
    outcomes: Counter[str]
    positions_unique: bool
    booked_read_back: int
    argon2_s: float
    wall_s: float
    usage_bytes: int
    slot_bytes: int
    event_bytes: int
    entry_bytes: int
    stored: dict[str, int]  # the size of each item an update wrote, as stored at the end


def scaled_rush(parents: int, threads: int) -> Sample:
    """``parents`` parents (two children each) on a unit of ``parents × 600 / 8,000`` places a day over the
    centre's five days, each running its session without pauses, ``threads`` at once."""
    from bench.bookings import DAYS, activity, families, publish, tokens_of
    from bench.notifications import followers
    from bench.operations import Client
    from infra.local import LocalServer

    stack = LocalServer(port=0, event_sources=False)
    stack.start()
    from portal.accounts import passwords
    from portal.accounts import store as accounts

    probe, client = Probe(), Client(stack.url, timeout=300)
    places = round(parents * RUSH_PLACES / RUSH_PARENTS)
    key = stack.create_tenant(TENANT, "Ville Rush")
    publish(
        client, TENANT, key, [activity("CENTRE", [("SEJOUR", places)]), *families(parents, {"CENTRE": 2 * parents})]
    )
    followers(TENANT, parents)
    hashed = passwords.hash_password(PASSWORD)
    for f in range(parents):
        accounts.set_password_hash(TENANT, f"{f:032x}", hashed)
    argon2_s = min(_timed(lambda: passwords.verify_password(hashed, PASSWORD)) for _ in range(5))
    known = tokens_of(TENANT, parents)  # the 30 % already logged in
    week = DAYS[:DAYS_BOOKED]
    requests: dict[str, list[tuple[int, int, list[Call]]]] = defaultdict(list)
    outcomes: Counter[str] = Counter()
    positions: dict[str, list[int]] = defaultdict(list)
    lock = threading.Lock()
    done = threading.local()

    def ask(route: str, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
        done.n = getattr(done, "n", 0) + 1
        tag = f"{threading.current_thread().name}-{done.n}"
        status, answer = client(method, path, body, token, headers={TAG: tag})
        if route == "booking" and status == 200:
            found = Counter(r["outcome"] for r in answer["results"])
            route = f"booking ({'mixed' if len(found) > 1 else next(iter(found))})"
            with lock:
                outcomes.update(found)
                for r in answer["results"]:
                    if r["outcome"] == "waiting":
                        positions[r["date"]].append(r["waiting_position"])
        with lock:
            requests[route].append((status, len(json.dumps(answer).encode()), probe.calls.pop(tag, [])))
        return answer

    def session(f: int) -> None:
        token = known[f]
        if f % 10 < 7:
            login = {"email": f"parent{f}@example.org", "password": PASSWORD}
            token = ask("login", "POST", f"/{TENANT}/sessions", login)["access_token"]
        ask("me", "GET", f"/{TENANT}/me", None, token)
        ask("children", "GET", f"/{TENANT}/children", None, token)
        for c in [2 * f] + ([2 * f + 1] if f % 5 == 0 else []):
            child = f"/{TENANT}/children/E-{c:05d}"
            calendar = f"{child}/calendar?activity_id=CENTRE&from={week[0]}&to={week[-1]}"
            for _ in range(2 if c % 2 == 0 else 0):
                ask("calendar", "GET", calendar, None, token)
            body = {
                "activity_id": "CENTRE",
                "changes": [{"date": f"{d}", "unit_id": "SEJOUR", "booked": True} for d in week],
            }
            ask("booking", "POST", f"{child}/bookings", body, token)
            ask("calendar", "GET", calendar, None, token)
        if f % 10 in (1, 4, 8):
            ask(
                "calendar",
                "GET",
                f"/{TENANT}/children/E-{2 * f:05d}/calendar?activity_id=CENTRE&from={week[0]}&to={week[-1]}",
                None,
                token,
            )

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(session, range(parents)))
    wall_s = time.perf_counter() - started
    probe.settle([c for rows in requests.values() for _, _, calls in rows for c in calls])
    attendance = client("GET", f"/{TENANT}/admin/activities/CENTRE/attendance?date={week[0]}", None, key)[1]
    unique = all(sorted(p) == list(range(1, len(p) + 1)) for p in positions.values())
    sizes = _sizes(probe, requests)
    stack.stop()
    return Sample(
        dict(requests), outcomes, unique, attendance["units"][0]["booked"], argon2_s, wall_s, *sizes, probe.sizes
    )


def _timed(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def _sizes(probe: Probe, requests: dict[str, list[tuple[int, int, list[Call]]]]) -> tuple[int, int, int, int]:
    """The usage counter's, a slot counter's, a feed event's and a waiting entry's largest sizes."""
    found: dict[str, int] = defaultdict(int)
    for calls in (c for rows in requests.values() for _, _, c in rows):
        for written, _, pk in (w for call in calls for w in call.writes):
            kind = next((k for k in ("#USAGE#", "#SLOT#", "#FEED#", "#WAIT#") if k in pk), None)
            if kind:
                found[kind] = max(found[kind], probe.size(written))
    return found["#USAGE#"], found["#SLOT#"], found["#FEED#"], found["#WAIT#"]


# 3-5. The model.


def memory_mb(route: str) -> int:
    """The MemorySize of the function serving the route (its own, else Globals')."""
    from infra import template

    method, path = ROUTES[route]
    found, _ = template.resolve(method, path.format(tenant=TENANT, child_id="E-00000"))
    assert found is not None, route
    loaded = template.load()
    own = loaded["Resources"][found.function]["Properties"].get("MemorySize")
    return int(own or loaded["Globals"]["Function"]["MemorySize"])


@dataclass
class Route:
    """One route's figures per request: measured on the sample, and its modelled time on AWS."""

    requests: int
    calls: Counter[str]
    items: float
    rcu: float
    wcu: float
    answer_bytes: float
    seconds: float  # modelled: the AWS calls (and argon2 for a login)


def routes_of(sample: Sample) -> dict[str, Route]:
    found = {}
    for label, rows in sorted(sample.requests.items()):
        n = len(rows)
        calls = [c for _, _, cs in rows for c in cs]
        seconds = statistics.mean(modelled_seconds([(c.thread, c.operation, c.items) for c in cs]) for _, _, cs in rows)
        if label == "login":
            seconds += sample.argon2_s * max(1.0, FULL_VCPU_MB / memory_mb("login"))
        found[label] = Route(
            n,
            Counter(c.operation for c in calls),
            sum(c.items for c in calls) / n,
            sum(c.rcu for c in calls) / n,
            sum(sample_wcu(sample, cs) for _, _, cs in rows) / n,
            statistics.mean(b for _, b, _ in rows),
            seconds,
        )
    return found


def sample_wcu(sample: Sample, calls: list[Call]) -> int:
    """Write units of a request's writes: a KB an item (as stored for an update), doubled in a transaction."""
    return sum(
        write_units(sample.stored.get(w, 0) if isinstance(w, str) else w, t) for c in calls for w, t, _ in c.writes
    )


def booked_share() -> float:
    """The share of the rush's booking requests that find a place: 600 children a day, all week."""
    return min(1.0, RUSH_PLACES / (per_parent("booking") * RUSH_PARENTS))


def per_route(found: dict[str, Route]) -> dict[str, Route]:
    """The rush's routes, a booking request the mix of booked and waiting ones the city would see."""
    shown = {r: found[r] for r in ROUTES if r in found}
    booked, waiting = found.get("booking (booked)"), found.get("booking (waiting)")
    if booked and waiting:
        b = booked_share()

        def mix(a: float, w: float) -> float:
            return b * a + (1 - b) * w

        shown["booking"] = Route(
            booked.requests + waiting.requests,
            booked.calls + waiting.calls,
            mix(booked.items, waiting.items),
            mix(booked.rcu, waiting.rcu),
            mix(booked.wcu, waiting.wcu),
            mix(booked.answer_bytes, waiting.answer_bytes),
            mix(booked.seconds, waiting.seconds),
        )
    return shown


def recommended(peak: float) -> tuple[int, int]:
    """A method's rate (``MARGIN`` above the peak second, to the ten above) and its burst (twice the rate)."""
    rate = max(10, math.ceil(MARGIN * peak / 10) * 10)
    return rate, 2 * rate


# The template's ApiThrottles groups (their keys' prefix) and the rush's routes in each.
GROUPS = {"Login": ("login",), "Default": ("me", "children"), "Calendar": ("calendar",), "Booking": ("booking",)}


def configured_throttles() -> dict[str, dict[str, Any]] | None:
    from infra import template

    return template.load().get("Mappings", {}).get("ApiThrottles")


def show_model(sample: Sample, tau: float, towns_at_once: int) -> None:
    city = route_rates(arrivals(RUSH_PARENTS, tau))
    town_parents = TOWN_FAMILIES * RUSH_PARENTS / FAMILIES
    towns = route_rates(arrivals(town_parents * towns_at_once, tau))
    routes = per_route(routes_of(sample))
    memory = {r: memory_mb(r) for r in ROUTES}

    heading("3. Per route on AWS: time, Lambda concurrency, throttles (modelled from the sample's calls)")
    print(
        f"  modelled: argon2id verify {sample.argon2_s * 1000:.0f} ms on this machine (measured, one core), × "
        f"{FULL_VCPU_MB}/{memory['login']} MB on Lambda (1 vCPU at {FULL_VCPU_MB} MB) = "
        f"{sample.argon2_s * FULL_VCPU_MB / memory['login'] * 1000:.0f} ms a login; other Python work not counted"
    )
    print(
        f"  modelled: a booking request is booked {booked_share():.1%} of the time in the city "
        f"({RUSH_PLACES} children a day), waiting otherwise"
    )
    print(
        f"  {'route':10} {'MB':>5} {'time s':>7} {'city peak rps':>14} {'concurrency':>12} "
        f"{'towns peak rps':>15} {'concurrency':>12}"
    )
    for route in ROUTES:
        r = routes[route]
        cp, tp = max(city[route]), max(towns[route])
        print(
            f"  {route:10} {memory[route]:>5} {r.seconds:>7.3f} {cp:>14.1f} {cp * r.seconds:>12.1f} "
            f"{tp:>15.1f} {tp * r.seconds:>12.1f}"
        )
    for name, rates in (("city", city), (f"towns ({towns_at_once} of {TOWN_FAMILIES:,} families at once)", towns)):
        seconds = range(len(rates["login"]))
        busy = max(sum(rates[r][s] * routes[r].seconds for r in ROUTES) for s in seconds)
        rps = max(sum(rates[r][s] for r in ROUTES) for s in seconds)
        print(
            f"  modelled, {name}: at most {rps:,.0f} requests a second in all (account limit {ACCOUNT_RPS:,}), "
            f"Lambda concurrency at most {busy:,.1f} (account default {LAMBDA_CONCURRENCY:,})"
        )
    print(
        f"  every method its own bucket, shared by the towns of the deployment; recommended (modelled, {MARGIN:g}× "
        "the peak second, burst twice the rate) against the template's ApiThrottles (ApiScale towns or city):"
    )
    configured = configured_throttles() or {}
    for group, members in GROUPS.items():
        for scale, rates in (("towns", towns), ("city", city)):
            peak = max(max(rates[m]) for m in members)
            rate, burst = recommended(peak)
            given = configured.get(scale, {})
            cap, cap_burst = given.get(f"{group}Rate"), given.get(f"{group}Burst")
            covers = "covers" if cap is not None and float(cap) >= peak else "does NOT cover"
            print(
                f"    {group:9} {scale:6} peak {peak:7.1f} rps a method → rate {rate:>4}, burst {burst:>4}; "
                f"ApiThrottles {scale} {cap}/{cap_burst} {covers} the peak"
            )
    print("    payfip    both   keep 10/20: PayFiP's notifications are not part of the rush, their own bucket")

    lists = show_hot_items(sample, city, routes, tau)
    show_cost(city, routes, memory, lists)


def show_hot_items(sample: Sample, city: dict[str, list[float]], routes: dict[str, Route], tau: float) -> float:
    from portal.bookings.store.keys import FEED_SHARDS
    from portal.platform.table import TRANSACTION_CONFLICT_PAUSE, TRANSACTION_CONFLICT_TRIES

    heading("4. Hot items at the city's peak second (modelled from the sample's item sizes)")
    booking = max(city["booking"])
    slot_tx, slot_plain = write_units(sample.slot_bytes, True), write_units(sample.slot_bytes)
    print(
        f"  measured (sample): slot counter {sample.slot_bytes} B, usage counter {sample.usage_bytes} B, "
        f"feed event {sample.event_bytes} B"
    )
    print(
        f"  slot counter (one item a unit-day; every booking request of the week writes each day's): "
        f"{booking:.1f} booking requests a second"
    )
    print(
        f"    modelled: places left: {booking:.1f} transactions/s × {slot_tx} WCU = {booking * slot_tx:.0f} WCU/s; "
        f"full: a ticket's UpdateItem ({slot_plain}) and the waiting transaction ({slot_tx}) = "
        f"{booking * (slot_plain + slot_tx):.0f} WCU/s, against {ITEM_WCU:,} a partition"
    )
    reads = max(city["calendar"]) + booking
    print(
        f"    modelled: counter reads (calendars, bookings) {reads:.0f}/s × {read_units(sample.slot_bytes)} RCU "
        f"against {ITEM_RCU:,}"
    )
    pauses = sum(TRANSACTION_CONFLICT_PAUSE * 2**a for a in range(TRANSACTION_CONFLICT_TRIES - 1))
    writes = 2 * booking
    for hold_ms in (4, 12):
        busy = writes * hold_ms / 1000
        if busy < 1:
            said = (
                f"a write meets another {busy:.0%} of the time, {1 / (1 - busy):.2f} tries on average, "
                f"all {TRANSACTION_CONFLICT_TRIES} in conflict {busy**TRANSACTION_CONFLICT_TRIES:.2%}"
            )
        else:
            said = "more than the item can serialise: conflicts pile up"
        print(f"    modelled, the item held {hold_ms} ms a write, {writes:.0f} writes/s: {said}")
    print(
        f"    the code (portal.platform.table.transact): a TransactionConflict is tried again, "
        f"{TRANSACTION_CONFLICT_TRIES} tries, random pauses from {TRANSACTION_CONFLICT_PAUSE * 1000:g} ms doubling "
        f"(≤ {pauses:.2f} s in all), then the request answers 503"
    )
    from portal.platform.metering import SHARDS

    town_rps = max(sum(city[r][s] for r in ROUTES) for s in range(len(city["login"])))
    usage = write_units(sample.usage_bytes)
    print(
        f"  usage counter (an UpdateItem every request, on one of the month's {SHARDS} items, each its own "
        f"partition): {town_rps:.0f} requests/s × {usage} WCU = {town_rps * usage:.0f} WCU/s, "
        f"{town_rps * usage / SHARDS:.0f} an item, against {ITEM_WCU:,} (modelled)"
    )
    lists = show_waiting_lists(sample, city, tau)
    events = booking * DAYS_BOOKED
    shard = events / FEED_SHARDS
    print(
        f"  feed: {events:.0f} events/s over {FEED_SHARDS} shards of the day = {shard:.0f} a shard, "
        f"× {write_units(sample.event_bytes, True)} WCU = {shard * write_units(sample.event_bytes, True):.0f} "
        f"WCU/s a shard against {ITEM_WCU:,} (modelled)"
    )
    return lists


def show_waiting_lists(sample: Sample, city: dict[str, list[float]], tau: float) -> float:
    """A waiting list's partition (one a unit-day): a position is its ticket less the tickets gone before it
    (``waiting.gone_before``: one consistent Query of their markers), and a full centre's rush promotes
    nobody, so each waiting booking, and each calendar read of a waiting child, reads one unit a day whatever
    the list's length. Returns the rush's read units on the lists in all (an upper bound: every booking
    request and every calendar read after one counted as reading a position)."""
    after = [0.0] * len(city["booking"])
    for route, offset, share in SESSION:
        if route == "calendar" and offset > min(o for r, o, _ in SESSION if r == "booking"):
            for s_, n in enumerate(arrivals(RUSH_PARENTS, tau)):
                after[s_ + offset] += share * n
    reads = [rate + later for rate, later in zip(city["booking"], after, strict=True)]
    peak = max(reads)
    total = sum(reads) * DAYS_BOOKED
    print(
        f"  waiting list (one partition a unit-day, entries of {sample.entry_bytes} B, measured): a position reads "
        f"the markers of the tickets gone before it (none in a full centre's rush): one read unit"
    )
    print(
        f"    modelled: at most {peak:,.0f} RCU/s on one day's list ({reads.index(peak)} s after 8:00) against "
        f"{ITEM_RCU:,}, whatever its length; the rush's position reads {total:,.0f} RCU in all "
        f"({dollars(total * PRICE['read_unit'])})"
    )
    return total


def show_cost(city: dict[str, list[float]], routes: dict[str, Route], memory: dict[str, int], lists: float) -> None:
    heading("5. What the rush costs (modelled: the city's requests × the sample's units per request)")
    total = 0.0
    for route in ROUTES:
        r, n = routes[route], sum(city[route])
        api, invoke = n * PRICE["api_request"], n * PRICE["lambda_request"]
        compute = n * r.seconds * memory[route] / 1024 * PRICE["lambda_gb_second"]
        table = n * (r.rcu * PRICE["read_unit"] + r.wcu * PRICE["write_unit"])
        total += api + invoke + compute + table
        print(
            f"  {route:10} {n:>8,.0f} requests: API {dollars(api)}, Lambda {dollars(invoke + compute)}, "
            f"DynamoDB {dollars(table)} ({r.rcu:.1f} RCU, {r.wcu:.1f} WCU a request)"
        )
    print(f"  the waiting lists' position reads (section 4): {dollars(lists * PRICE['read_unit'])}")
    print(f"  the rush in all: {dollars(total + lists * PRICE['read_unit'])}")


def show_arrivals(tau: float, towns_at_once: int) -> None:
    arriving = arrivals(RUSH_PARENTS, tau)
    heading("1. The arrival model (modelled)")
    print(
        f"  modelled: {RUSH_PARENTS:,} parents arrive from 8:00:00, decaying exponentially (τ {tau:g} s), cut at "
        f"{RUSH_MINUTES * 60} s and scaled to {RUSH_PARENTS:,}: {arriving[0]:.1f} in the first second, "
        f"{sum(arriving[:60]):,.0f} in the first minute"
    )
    session = ", ".join(
        f"{route} +{offset} s{f' ×{share:g}' if share != 1 else ''}" for route, offset, share in SESSION
    )
    asked = sum(share for _, _, share in SESSION)
    print(
        f"  modelled: a session (route, seconds after arriving, share of parents): {session}; {asked:.1f} "
        "requests a parent; pauses fixed, so the peaks are upper bounds"
    )
    print(f"  modelled: a booking request books one child on the centre's {DAYS_BOOKED} days")
    town_parents = TOWN_FAMILIES * RUSH_PARENTS / FAMILIES
    towns = route_rates(arrivals(town_parents * towns_at_once, tau))
    print(
        f"  towns: a town of {TOWN_FAMILIES:,} families has a rush of {town_parents:.0f} parents (the city's "
        f"share); {towns_at_once} towns opening at the same 8:00 share each method's bucket"
    )
    print(f"  {'route':10} {'city: peak s':>13} {'peak min':>9} {'in all':>8}   {'towns: peak s':>14} {'peak min':>9}")
    for route, series in route_rates(arriving).items():
        second, minute, total = peaks(series)
        t_second, t_minute, _ = peaks(towns[route])
        print(
            f"  {route:10} {second:>9.1f} rps {minute:>5.1f} rps {total:>8,.0f}   "
            f"{t_second:>10.1f} rps {t_minute:>5.1f} rps"
        )


def show_sample(sample: Sample, parents: int, threads: int) -> None:
    heading(f"2. A scaled rush on the stand-in, over HTTP (measured, sample of {parents} parents, {threads} at once)")
    places = round(parents * RUSH_PLACES / RUSH_PARENTS)
    positions = "unique, 1..n a day" if sample.positions_unique else "NOT unique"
    print(
        f"  measured (sample): a unit of {places} places a day (600/8,000 of the parents), {DAYS_BOOKED} days; "
        f"{sum(len(v) for v in sample.requests.values()):,} requests in {sample.wall_s:.0f} s on the stand-in"
    )
    print(
        f"  measured (sample): changes {dict(sample.outcomes)}; waiting positions {positions}; attendance list "
        f"read back: {sample.booked_read_back} booked on the first day"
    )
    statuses = Counter(status for rows in sample.requests.values() for status, _, _ in rows)
    print(f"  measured (sample): statuses {dict(statuses)}")
    for label, r in routes_of(sample).items():
        kinds = ", ".join(f"{k} {n / r.requests:.2g}" for k, n in sorted(r.calls.items()))
        print(f"  measured (sample) {label:18} ×{r.requests:<4} calls a request: {kinds}")
        print(
            f"      items read {r.items:.1f}, {r.rcu:.1f} RCU, {r.wcu:.1f} WCU, answer {r.answer_bytes:,.0f} B; "
            f"modelled {r.seconds * 1000:.0f} ms on AWS"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.city.rush", description=__doc__.split("\n")[0])
    parser.add_argument("--parents", type=int, default=40, help="parents in the scaled rush on the stand-in")
    parser.add_argument("--threads", type=int, default=8, help="sessions at once on the stand-in")
    parser.add_argument("--tau", type=float, default=100, help="the arrivals' time constant, in seconds")
    parser.add_argument("--towns-at-once", type=int, default=10, help="towns of 1,000 families opening together")
    args = parser.parse_args(argv)

    heading(
        f"The 8:00 rush: {RUSH_PARENTS:,} parents in {RUSH_MINUTES} minutes, a holiday centre of {RUSH_PLACES} places"
    )
    latencies = ", ".join(f"{k} {v:g}" for k, v in LATENCY_MS.items() if k in DYNAMODB_LATENCY_MS)
    print(f"  assumed: latencies (ms) {latencies}; a request's calls add up, its worker threads' overlap")
    billed = ("api_request", "lambda_request", "lambda_gb_second", "read_unit", "write_unit")
    print(f"  assumed: prices ($) {', '.join(f'{k} {PRICE[k]:.3g}' for k in billed)}")
    print(
        f"  assumed: API Gateway {ACCOUNT_RPS:,} rps (burst {ACCOUNT_BURST:,}) an account and region, each "
        f"method's own bucket; Lambda {LAMBDA_CONCURRENCY:,} at once; a partition {ITEM_WCU:,} WCU, {ITEM_RCU:,} RCU "
        "a second; 1 vCPU at 1,769 MB"
    )
    show_arrivals(args.tau, args.towns_at_once)
    sample = scaled_rush(args.parents, args.threads)
    show_sample(sample, args.parents, args.threads)
    show_model(sample, args.tau, args.towns_at_once)
    print(f"\n  (run at {datetime.now(UTC):%Y-%m-%d %H:%M} UTC)")


if __name__ == "__main__":
    main()
