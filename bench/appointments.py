"""Appointments on the local stack: a rush on one passport slot, and what a 31-day slots read costs.

Over HTTP on the local stack, AWS calls counted with botocore (in-process): 1. 200 accounts booking one slot
of 2 places, ``--rush-threads`` at once (booked, refused, p50/p95, calls per request); 2. a 31-day slots read
with no appointment taken, then with an appointment in every other slot of the range (the calls must not
grow). The stand-in runs one DynamoDB request at a time: the rush's latencies are mostly that queue (see
``bench.bookings``).

    python -m bench.appointments [--rush-threads 100]
"""

from __future__ import annotations

import argparse
import statistics
import time as clock
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bench.bookings import grouped, publish, tokens_of
from bench.notifications import followers
from bench.operations import Client, count_aws_calls

RUSH = 200


def agenda(first: date, places: int) -> dict[str, Any]:
    return {
        "type": "agenda",
        "agenda_id": "CNI",
        "label": "Passeports",
        "place": "Mairie",
        "from": str(first),
        "to": str(first + timedelta(days=120)),
        "hours": [{"weekday": d, "start": "09:00", "end": "17:00"} for d in ("mon", "tue", "wed", "thu", "fri")],
        "slot_minutes": 20,
        "places_per_slot": places,
        "min_notice_hours": 0,
        "max_days_ahead": 90,
        "cancellation_hours": 0,
        "per_account": 100,
    }


def rush(client: Client, tokens: list[str], start: str, threads: int) -> list[str]:
    log = count_aws_calls.log  # type: ignore[attr-defined]

    def book(n: int) -> tuple[float, int, Any]:
        began = clock.perf_counter()
        status, answer = client("POST", "/rdv/appointments", {"agenda_id": "CNI", "start": start}, tokens[n])
        return (clock.perf_counter() - began) * 1000, status, answer

    before, began = len(log), clock.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        replies = list(pool.map(book, range(RUSH)))
    wall, latencies = clock.perf_counter() - began, sorted(ms for ms, _, _ in replies)
    codes = Counter(str(answer.get("code", "booked")) if status != 201 else "booked" for _, status, answer in replies)
    return [
        f"  1. rush: {RUSH} accounts, one slot of 2 places, {threads} at once",
        f"       answers: {', '.join(f'{c} {n}' for c, n in codes.most_common())}",
        f"       p50 {statistics.median(latencies):.0f} ms, p95 {latencies[int(RUSH * 0.95) - 1]:.0f} ms; wall "
        f"{wall:.1f} s ({wall * 1000 / RUSH:.0f} ms a request, one after another on the stand-in)",
        "       AWS calls per request (mean): " + grouped((name for name, _ in log[before:]), RUSH),
    ]


def slots_read(client: Client, tokens: list[str], first: date) -> list[str]:
    log = count_aws_calls.log  # type: ignore[attr-defined]
    path = f"/rdv/agendas/CNI/slots?from={first}&to={first + timedelta(days=30)}"

    def read() -> tuple[int, list[str]]:
        before = len(log)
        answer = client("GET", path, None, tokens[0])[1]
        return len(answer["slots"]), [name for name, _ in log[before:]]

    free_before, calls_before = read()
    taken = client("GET", path, None, tokens[0])[1]["slots"][::2]
    for n, slot in enumerate(taken):
        client("POST", "/rdv/appointments", {"agenda_id": "CNI", "start": slot["start"]}, tokens[1 + n % 199])
    free_after, calls_after = read()
    return [
        "  2. a 31-day slots read (places_per_slot 1 after the rush's agenda)",
        f"       nothing taken: {free_before} slots free; AWS calls: {grouped(calls_before)}",
        f"       {len(taken)} taken: {free_after} slots free; AWS calls: {grouped(calls_after)}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rush-threads", type=int, default=100)
    args = parser.parse_args()

    from infra.local import LocalServer

    stack = LocalServer(port=0, event_sources=False)  # nothing runs by itself while the bench measures
    stack.start()
    count_aws_calls()
    client = Client(stack.url)
    key = stack.create_tenant("rdv", "Ville Rendez-vous")
    first = date.today() + timedelta(days=7 - date.today().weekday())  # next Monday
    publish(client, "rdv", key, [agenda(first, 2)])
    followers("rdv", RUSH)  # activated accounts (each following a family the tenant has not: it does not matter)
    tokens = tokens_of("rdv", RUSH)
    nine = datetime.combine(first, time(9), tzinfo=ZoneInfo("Europe/Paris")).isoformat()
    lines = rush(client, tokens, nine, args.rush_threads)
    publish(client, "rdv", key, [agenda(first, 1)])
    lines += slots_read(client, tokens, first)
    stack.stop()
    print("appointments over HTTP on the local stack:")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
