"""The waiting list cannot be jumped (issue 32, finding 4): a place freed is the list's until it is given,
whatever stopped the writes that freed it, and the sweep gives what a crash left. The real handlers on moto,
at the bookings tests' fixed moment."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

from infra.lambdas import invoke_function

from .bookings_world import EMAIL, MONDAY, NOW, WEDNESDAY, activity, book, calendar, child, deliver_queued, enrolment
from .helpers import TENANT, call, mails_to, send


def statuses(token: str, count: int, day: date = WEDNESDAY, first: int = 0) -> list[tuple[str | None, int | None]]:
    """Children E-{first} to E-{count - 1}'s status and position on ``day``."""
    children = [f"E-{n:03d}" for n in range(first, count)]
    units = [calendar(token, day, day, child, "MERC").json["days"][0]["units"][0] for child in children]
    return [(u["status"], u["waiting_position"]) for u in units]


def cancel_without_promoting(child_id: str, day: date = WEDNESDAY) -> None:
    """What a request that stopped just after its cancel leaves: the place given back, nobody promoted."""
    from portal.bookings.rules import Cancel
    from portal.bookings.store import places, published

    [booking] = places.bookings(TENANT, child_id, "MERC", day, day).values()
    family = published.child(TENANT, child_id)
    assert family is not None
    assert not places.apply(TENANT, family.family_id, [Cancel(booking)]).lost


def sweep(at: datetime) -> dict:
    return invoke_function("SweepBookingsFunction", {"time": at.strftime("%Y-%m-%dT%H:%M:%SZ")})


def test_a_place_a_stopped_request_freed_goes_to_the_list_not_to_the_next_booking(crowd):
    for n in range(5):  # three booked, E-003 and E-004 waiting
        book(crowd, (WEDNESDAY, True), child_id=f"E-{n:03d}", activity_id="MERC")
    cancel_without_promoting("E-000")

    reply = book(crowd, (WEDNESDAY, True), child_id="E-010", activity_id="MERC").json["results"][0]

    assert (reply["outcome"], reply["waiting_position"]) == ("waiting", 2)
    assert statuses(crowd, 5) == [(None, None), ("booked", None), ("booked", None), ("booked", None), ("waiting", 1)]


def test_a_child_whose_turn_a_freed_place_reaches_is_answered_booked(crowd):
    for n in range(4):  # three booked, E-003 waiting
        book(crowd, (WEDNESDAY, True), child_id=f"E-{n:03d}", activity_id="MERC")
    cancel_without_promoting("E-000")
    cancel_without_promoting("E-001")

    reply = book(crowd, (WEDNESDAY, True), child_id="E-010", activity_id="MERC").json["results"][0]

    assert (reply["outcome"], reply["waiting_position"]) == ("booked", None)
    assert statuses(crowd, 4)[3] == ("booked", None)
    deliver_queued()  # E-003's place, mailed
    later = (NOW + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert invoke_function("SweepBookingsFunction", {"time": later})["notices"] == 0  # answered: no late mail


def test_an_enrolment_cut_gives_the_places_it_frees_to_the_list(crowd, tenant):
    for n in range(5):
        book(crowd, (WEDNESDAY, True), child_id=f"E-{n:03d}", activity_id="MERC")

    send(tenant, enrolment("E-000", "MERC", to=(WEDNESDAY - timedelta(days=1)).isoformat()))
    deliver_queued()

    assert statuses(crowd, 5, first=1) == [("booked", None)] * 3 + [("waiting", 1)]
    assert [m for m in mails_to(EMAIL) if "place obtenue" in m["subject"] and "Enfant3" in m["subject"]]


def test_the_sweep_gives_every_place_still_owed_and_mails_it(crowd, at_noon):
    for n in range(6):
        book(crowd, (WEDNESDAY, True), child_id=f"E-{n:03d}", activity_id="MERC")
        book(crowd, (WEDNESDAY + timedelta(weeks=1), True), child_id=f"E-{n:03d}", activity_id="MERC")
    cancel_without_promoting("E-000")
    cancel_without_promoting("E-001", WEDNESDAY + timedelta(weeks=1))

    assert sweep(at_noon.moment) == {"slots": 2, "promoted": 2, "failed": 0, "mended": 0, "notices": 0, "summaries": 0}
    assert sweep(at_noon.moment) == {
        "slots": 2,
        "promoted": 0,
        "failed": 0,
        "mended": 0,
        "notices": 0,
        "summaries": 0,
    }  # nothing owed twice
    deliver_queued()

    assert statuses(crowd, 6)[3:] == [("booked", None), ("waiting", 1), ("waiting", 2)]
    assert statuses(crowd, 6, WEDNESDAY + timedelta(weeks=1))[3:] == [("booked", None), ("waiting", 1), ("waiting", 2)]
    [mail] = [m for m in mails_to(EMAIL) if "place obtenue" in m["subject"]]  # one a family and run
    assert "mercredi 9 décembre 2026" in mail["text"] and "mercredi 16 décembre 2026" in mail["text"]


def test_the_sweep_leaves_a_slot_it_cannot_write_to_its_next_run_and_gives_the_others(crowd, at_noon, monkeypatch):
    from portal.bookings import waiting_list
    from portal.platform.errors import ServiceUnavailable

    for n in range(4):
        book(crowd, (WEDNESDAY, True), child_id=f"E-{n:03d}", activity_id="MERC")
        book(crowd, (WEDNESDAY + timedelta(weeks=1), True), child_id=f"E-{n:03d}", activity_id="MERC")
    cancel_without_promoting("E-000")
    cancel_without_promoting("E-000", WEDNESDAY + timedelta(weeks=1))
    real = waiting_list.promote

    def failing_first_week(tenant, activity, day, unit_id, now, *read):
        if day == WEDNESDAY:
            raise ServiceUnavailable("DynamoDB is throttling")
        return real(tenant, activity, day, unit_id, now, *read)

    monkeypatch.setattr(waiting_list, "promote", failing_first_week)
    assert sweep(at_noon.moment) == {"slots": 2, "promoted": 1, "failed": 1, "mended": 0, "notices": 0, "summaries": 0}
    monkeypatch.setattr(waiting_list, "promote", real)
    assert sweep(at_noon.moment) == {
        "slots": 1,
        "promoted": 1,
        "failed": 0,
        "mended": 0,
        "notices": 0,
        "summaries": 0,
    }  # the other was given

    assert statuses(crowd, 4)[3] == ("booked", None)


def test_the_sweep_gives_nothing_on_a_day_past_its_booking_deadline(crowd, at_noon):
    for n in range(4):
        book(crowd, (WEDNESDAY, True), child_id=f"E-{n:03d}", activity_id="MERC")
    cancel_without_promoting("E-000")

    assert sweep(datetime(2026, 12, 8, 12, 0, tzinfo=UTC))["promoted"] == 0
    assert statuses(crowd, 4)[3] == ("waiting", 1)


def test_a_long_request_freeing_places_costs_few_calls_a_change_and_writes_its_slots_a_few_at_a_time(parent, tenant):
    """A request cancelling 200 places (10 units × 20 days) each with a child waiting: a cancel, the list's
    read and the promotion per change, the slots' counters and the children read in batches, several slots
    at once (it used to read each slot, then its list and its children, one slot after another)."""
    from botocore.client import BaseClient

    units = [{"unit_id": f"U{u}", "label": f"Unité {u}", "price": "1.00", "capacity": 1} for u in range(10)]
    send(tenant, activity("PERI", units=units, waiting_list=True), child("E-002", first_name="Léa"))
    send(tenant, enrolment("E-001", "PERI"), enrolment("E-002", "PERI"))
    days = [d for d in (MONDAY + timedelta(days=n) for n in range(40)) if d.weekday() in (0, 1, 3, 4)][:20]
    wanted = [(day, True) for day in days]
    for kid in ("E-001", "E-002"):
        for u in range(10):
            assert book(parent, *wanted, child_id=kid, activity_id="PERI", unit=f"U{u}").status == 200
    real, made = BaseClient._make_api_call, []

    def counted(client, operation, params):
        made.append((threading.current_thread().name, operation))
        return real(client, operation, params)

    body = {
        "activity_id": "PERI",
        "changes": [{"date": d.isoformat(), "unit_id": f"U{u}", "booked": False} for d in days for u in range(10)],
    }
    BaseClient._make_api_call = counted
    try:
        reply = call("POST", f"/{TENANT}/children/E-001/bookings", body, token=parent)
    finally:
        BaseClient._make_api_call = real

    assert reply.json["summary"]["cancelled"] == 200
    assert {calendar(parent, day, day, "E-002", "PERI").json["days"][0]["units"][0]["status"] for day in days} == {
        "booked"
    }
    dynamodb = [name for name in made if name[1] not in ("SendMessageBatch", "SendMessage")]
    assert len(dynamodb) <= 3.2 * 200  # 613 here; 1,009 before
    assert len({thread for thread, _ in dynamodb if thread.startswith("ThreadPoolExecutor")}) > 1


def test_the_sweep_mends_a_ticket_lost_without_trace_once_its_slot_has_settled(crowd, at_noon):
    """A ticket whose booking and whose loss both failed to be written (or a function stopped between its
    ticket and its write) would count as waiting for ever, each later position one too high: the sweep marks
    it gone, once the slot has taken no ticket for two minutes (a ticket being written is not a lost one)."""
    from portal.bookings.store import waiting

    for n in range(4):  # three booked, E-003 waiting (ticket 1)
        book(crowd, (WEDNESDAY, True), child_id=f"E-{n:03d}", activity_id="MERC")
    lost = waiting.take_ticket(TENANT, "MERC", WEDNESDAY, "REPAS", int(at_noon.moment.timestamp()))  # ticket 2
    book(crowd, (WEDNESDAY, True), child_id="E-004", activity_id="MERC")  # ticket 3
    assert lost == 2 and statuses(crowd, 5, first=3) == [("waiting", 1), ("waiting", 3)]  # one too high

    assert sweep(at_noon.moment)["mended"] == 0  # its last ticket a moment ago: perhaps being written
    at_noon.move(121)
    assert sweep(at_noon.moment)["mended"] == 1
    assert sweep(at_noon.moment)["mended"] == 0  # once

    assert statuses(crowd, 5, first=3) == [("waiting", 1), ("waiting", 2)]


def test_the_sweep_marks_the_gone_entries_of_a_list_older_than_the_markers(crowd, at_noon):
    from portal.bookings.store.keys import gone_sort, wait_key
    from portal.platform.table import table

    for n in range(6):  # three booked, E-003 to E-005 waiting (tickets 1 to 3)
        book(crowd, (WEDNESDAY, True), child_id=f"E-{n:03d}", activity_id="MERC")
    book(crowd, (WEDNESDAY, False), child_id="E-003", activity_id="MERC")  # ticket 1 gone, its marker written
    table().delete_item(wait_key(TENANT, "MERC", WEDNESDAY, "REPAS"), gone_sort(1))  # as before markers
    assert statuses(crowd, 6, first=4) == [("waiting", 2), ("waiting", 3)]  # the old entry counted as waiting

    at_noon.move(121)
    assert sweep(at_noon.moment)["mended"] == 1

    assert statuses(crowd, 6, first=4) == [("waiting", 1), ("waiting", 2)]
