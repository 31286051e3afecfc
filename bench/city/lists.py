"""The feed on a day of 100,000 booking events, an attendance list of 1,200 (``python -m bench.city.lists``).

1. A day's events written through the store (as ``bench.booking_costs`` does), then the feed read page by
   page as the billing software does (admin key, ``GET /{tenant}/admin/bookings?since=``): per page the items
   read, read units, answer bytes, calls and modelled time (measured on the stand-in at the sizes given, the
   day of 100,000 modelled from the largest when it is not one of them).
2. 1,200 children on one unit-day (written through the store), their attendance list read
   (``GET /{tenant}/admin/activities/{id}/attendance?date=``), all booked, then 1,000 booked and 200 waiting.

    python -m bench.city.lists [--events 20000 50000] [--children 1200]
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.booking_costs import modelled_seconds
from bench.city import ATTENDANCE_CHILDREN, FEED_DAY_EVENTS, PRICE, dollars, heading
from bench.city.rush import TAG, Call, Probe

LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024  # a synchronous invocation's answer


def paged(client: Any, probe: Probe, path: str, key: str) -> tuple[Any, int, list[Call]]:
    """One request over HTTP: its answer, the answer's bytes, and the AWS calls it made."""
    tag = f"page-{time.perf_counter_ns()}"
    status, answer = client("GET", path, None, key, headers={TAG: tag})
    assert status == 200, answer
    return answer, len(json.dumps(answer, ensure_ascii=False).encode()), probe.calls.pop(tag, [])


def feed_day(client: Any, probe: Probe, key: str, tenant: str, events: int) -> dict[str, Any]:
    """``events`` events on one day (yesterday, settled), written through the store, then read page by page."""
    from bench.bookings import DAYS
    from portal.bookings.model import Event
    from portal.bookings.store import feed
    from portal.kernel import ids
    from portal.kernel.ids import TenantSlug
    from portal.platform.table import save_all

    slug = TenantSlug(tenant)
    start = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=1)
    step = 86_000 / events
    written = [
        Event(
            event_id=ids.ordered_id(),
            at=start + timedelta(seconds=n * step),
            child_id=f"E-{n % 5000:05d}",
            family_id=f"N-F{n % 2500:05d}",
            activity_id="CENTRE",
            unit_id="SEJOUR",
            day=DAYS[n % 5],
            status="booked" if n % 3 else "waiting",
        )
        for n in range(events)
    ]
    began = time.perf_counter()
    feed.mark_days(slug, written[:1])
    save_all(feed.event_item(slug, event) for event in written)
    write_s = time.perf_counter() - began
    pages, cursor, since = [], None, start.strftime("%Y-%m-%dT%H:%M:%SZ")
    while True:
        query = f"?since={since}" + (f"&cursor={cursor}" if cursor else "")
        page, size, calls = paged(client, probe, f"/{tenant}/admin/bookings{query}", key)
        pages.append((len(page["items"]), size, calls))
        cursor = page["next_cursor"]
        if not cursor:
            break
    return {"events": events, "write_s": write_s, "pages": pages}


def show_feed(day: dict[str, Any]) -> dict[str, float]:
    pages = day["pages"]
    full = pages[:-1] or pages
    items = [sum(c.items for c in calls) for _, _, calls in pages]
    rcu = [sum(c.rcu for c in calls) for _, _, calls in pages]
    seconds = [modelled_seconds([(c.thread, c.operation, c.items) for c in calls]) for _, _, calls in pages]
    returned = sum(n for n, _, _ in pages)
    worst = max(range(len(full)), key=lambda i: items[i])
    print(
        f"  measured (sample of {day['events']:,} events, written in {day['write_s']:.0f} s): {len(pages)} pages, "
        f"{returned:,} events returned; a full page at most {items[worst]:,} items read "
        f"({items[worst] / max(full[worst][0], 1):.2f} a returned event), {max(rcu[: len(full)]):.1f} RCU, "
        f"{max(len(c) for _, _, c in full)} calls, {max(s for _, s, _ in pages):,} B answered "
        f"({max(s for _, s, _ in pages) / LAMBDA_RESPONSE_LIMIT:.1%} of Lambda's 6 MB); modelled "
        f"{max(seconds):.3f} s a page"
    )
    print(
        f"  measured (sample): the day: {sum(items):,} items read, {sum(rcu):,.0f} RCU, "
        f"{sum(len(c) for _, _, c in pages):,} calls; modelled {sum(seconds):.1f} s of requests"
    )
    return {
        "pages": len(pages),
        "items": sum(items) / day["events"],
        "rcu": sum(rcu) / day["events"],
        "seconds": sum(seconds) / len(pages),
    }


def attendance(client: Any, probe: Probe, key: str, tenant: str, children: int) -> list[str]:
    """``children`` children on one unit-day (their bookings written through the store), the list read, all
    booked, then a sixth of them waiting instead."""
    from bench.bookings import DAYS, activity, families, publish
    from portal.bookings.model import Booking
    from portal.bookings.store import places
    from portal.kernel.ids import TenantSlug
    from portal.platform.table import save_all

    slug, day = TenantSlug(tenant), DAYS[3]
    publish(
        client, tenant, key, [activity("LIST", [("SEJOUR", children)]), *families(children // 2, {"LIST": children})]
    )
    lines = []
    for waiting in (0, children // 6):
        made = [
            Booking(f"E-{c:05d}", "LIST", "SEJOUR", day, "waiting", ticket=c)
            if c >= children - waiting
            else Booking(f"E-{c:05d}", "LIST", "SEJOUR", day, "booked", counted=True)
            for c in range(children)
        ]
        save_all(places._booking_item(slug, booking) for booking in made)
        path = f"/{tenant}/admin/activities/LIST/attendance?date={day}"
        answer, size, calls = paged(client, probe, path, key)
        unit = answer["units"][0]
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(_kinds(calls).items()))
        seconds = modelled_seconds([(c.thread, c.operation, c.items) for c in calls])
        lines += [
            f"  measured: {children:,} children, {unit['booked']:,} booked and {unit['waiting']:,} waiting listed: "
            f"{len(calls)} calls ({kinds}), {sum(c.items for c in calls):,} items read, "
            f"{sum(c.rcu for c in calls):,.1f} RCU",
            f"      answer {size:,} B ({size / LAMBDA_RESPONSE_LIMIT:.1%} of Lambda's 6 MB); modelled {seconds:.3f} s",
        ]
    return lines


def _kinds(calls: list[Call]) -> dict[str, int]:
    found: dict[str, int] = {}
    for call in calls:
        found[call.operation] = found.get(call.operation, 0) + 1
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.city.lists", description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[5_000, 20_000], help="the feed's days measured")
    parser.add_argument("--children", type=int, default=ATTENDANCE_CHILDREN, help="children on one unit-day")
    args = parser.parse_args(argv)

    from bench.operations import Client
    from infra.local import LocalServer

    stack = LocalServer(port=0, event_sources=False)
    stack.start()
    probe, client = Probe(), Client(stack.url, timeout=600)
    heading(f"The feed on a day of {FEED_DAY_EVENTS:,} booking events, an attendance list of {ATTENDANCE_CHILDREN:,}")
    print("  assumed: latencies and prices as bench.city's; a Query's read units from its items' bytes as answered")
    heading("1. The feed, page by page (admin key, GET /{tenant}/admin/bookings?since=)")
    per = {}
    for n, events in enumerate(args.events):
        tenant = f"feed{n}"
        per[events] = show_feed(feed_day(client, probe, stack.create_tenant(tenant, f"Ville {n}"), tenant, events))
    largest = per[max(per)]
    pages = -(-FEED_DAY_EVENTS // 500)
    items, rcu = largest["items"] * FEED_DAY_EVENTS, largest["rcu"] * FEED_DAY_EVENTS
    seconds = largest["seconds"] * pages
    cost = pages * (PRICE["api_request"] + PRICE["lambda_request"]) + rcu * PRICE["read_unit"]
    cost += seconds * 256 / 1024 * PRICE["lambda_gb_second"]
    said = "measured" if FEED_DAY_EVENTS in per else f"modelled from the {max(per):,}-event day's per-event figures"
    print(
        f"  {said}: a day of {FEED_DAY_EVENTS:,}: {pages} pages, {items:,.0f} items read, {rcu:,.0f} RCU, "
        f"{seconds:.1f} s of requests, {dollars(cost)} (reads, API, Lambda at 256 MB)"
    )
    heading("2. An attendance list (admin key, GET /{tenant}/admin/activities/{id}/attendance?date=)")
    print("\n".join(attendance(client, probe, stack.create_tenant("att", "Ville Liste"), "att", args.children)))
    stack.stop()


if __name__ == "__main__":
    main()
