"""The waiting list cannot be jumped (issue 32, finding 4): a place freed is the list's until it is given,
whatever stopped the writes that freed it, and the sweep gives what a crash left. The real handlers on moto,
at the bookings tests' fixed moment."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from .bookings_world import EMAIL, WEDNESDAY, book, calendar, deliver_queued, enrolment
from .helpers import TENANT, mails_to, send


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
    from infra.lambdas import invoke_function

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

    assert sweep(at_noon.moment) == {"slots": 2, "promoted": 2, "failed": 0, "notices": 0, "summaries": 0}
    assert sweep(at_noon.moment) == {
        "slots": 2,
        "promoted": 0,
        "failed": 0,
        "notices": 0,
        "summaries": 0,
    }  # nothing owed twice
    deliver_queued()

    assert statuses(crowd, 6)[3:] == [("booked", None), ("waiting", 1), ("waiting", 2)]
    assert statuses(crowd, 6, WEDNESDAY + timedelta(weeks=1))[3:] == [("booked", None), ("waiting", 1), ("waiting", 2)]
    assert len([m for m in mails_to(EMAIL) if "place obtenue" in m["subject"]]) == 2


def test_the_sweep_leaves_a_slot_it_cannot_write_to_its_next_run_and_gives_the_others(crowd, at_noon, monkeypatch):
    from portal.bookings import waiting_list
    from portal.platform.errors import ServiceUnavailable

    for n in range(4):
        book(crowd, (WEDNESDAY, True), child_id=f"E-{n:03d}", activity_id="MERC")
        book(crowd, (WEDNESDAY + timedelta(weeks=1), True), child_id=f"E-{n:03d}", activity_id="MERC")
    cancel_without_promoting("E-000")
    cancel_without_promoting("E-000", WEDNESDAY + timedelta(weeks=1))
    real = waiting_list.promote

    def failing_first_week(tenant, activity, day, unit_id, now):
        if day == WEDNESDAY:
            raise ServiceUnavailable("DynamoDB is throttling")
        return real(tenant, activity, day, unit_id, now)

    monkeypatch.setattr(waiting_list, "promote", failing_first_week)
    assert sweep(at_noon.moment) == {"slots": 2, "promoted": 1, "failed": 1, "notices": 0, "summaries": 0}
    monkeypatch.setattr(waiting_list, "promote", real)
    assert sweep(at_noon.moment) == {
        "slots": 1,
        "promoted": 1,
        "failed": 0,
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
