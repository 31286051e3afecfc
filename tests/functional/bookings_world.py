"""The espace famille's world the bookings tests share: the records a town publishes, a parent following
family F-001, and a Wednesday centre with a waiting list, at a fixed moment (the domain's clock): Tuesday
1 December 2026, 09:00 in Paris. Its fixtures reach the tests through ``conftest``."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from .helpers import OTHER, TENANT, active_account, call, family, send

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
MONDAY = date(2026, 12, 7)  # booking deadline Thursday 3 December, 10:00 Paris: still open at NOW
EMAIL = "lea.martin@example.org"


def child(child_id: str = "E-001", family_id: str = "F-001", first_name: str = "Lucas", **changes) -> dict:
    return {
        "type": "child",
        "child_id": child_id,
        "family_id": family_id,
        "first_name": first_name,
        "last_name": "MARTIN",
        "birth_date": "2016-04-12",
        "school": "École Jules Ferry",
        "class": "CE2",
        **changes,
    }


def activity(activity_id: str = "CANT-JF", capacity: int | None = None, **changes) -> dict:
    return {
        "type": "activity",
        "activity_id": activity_id,
        "label": "Restauration scolaire – École Jules Ferry",
        "nature": "Restauration scolaire",
        "from": "2026-09-01",
        "to": "2027-07-03",
        "weekdays": ["mon", "tue", "thu", "fri"],
        "closed": ["2026-11-11"],
        "extra_days": [],
        "units": [{"unit_id": "REPAS", "label": "Repas", "price": "3.20", "capacity": capacity}],
        "booking_deadline": {"days_before": 2, "time": "10:00", "working_days": True},
        "cancellation_deadline": None,
        "opens_at": None,
        "waiting_list": capacity is not None,
        **changes,
    }


def enrolment(child_id: str = "E-001", activity_id: str = "CANT-JF", **changes) -> dict:
    return {
        "type": "enrolment",
        "child_id": child_id,
        "activity_id": activity_id,
        "from": "2026-09-01",
        "to": "2027-07-03",
        **changes,
    }


@pytest.fixture
def at_noon(monkeypatch):
    """The domain's clock, fixed at NOW (time is an input); ``at_noon.move(seconds)`` moves it on."""
    from portal.kernel import clock

    class Clock:
        moment = NOW

        def move(self, seconds: float) -> None:
            self.moment += timedelta(seconds=seconds)

    fixed = Clock()
    monkeypatch.setattr(clock, "now", lambda: fixed.moment)
    return fixed


@pytest.fixture
def parent(tenant, at_noon):
    """Family F-001 with Lucas (E-001) enrolled in the meals; an activated parent following it."""
    assert send(tenant, family(), child(), activity(), enrolment()).json == {"accepted": 4, "rejected": []}
    token = active_account(EMAIL)
    assert call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "FAM-7Q2K-9XWD"}, token=token).status == 201
    return token


def calendar(token: str, first: date, last: date, child_id: str = "E-001", activity_id: str = "CANT-JF"):
    query = {"activity_id": activity_id, "from": first.isoformat(), "to": last.isoformat()}
    return call("GET", f"/{TENANT}/children/{child_id}/calendar", token=token, query=query)


def book(token: str, *changes: tuple[date, bool], child_id: str = "E-001", activity_id: str = "CANT-JF", unit="REPAS"):
    body = {
        "activity_id": activity_id,
        "changes": [{"date": day.isoformat(), "unit_id": unit, "booked": booked} for day, booked in changes],
    }
    return call("POST", f"/{TENANT}/children/{child_id}/bookings", body, token=token)


@pytest.fixture
def crowd(tenant, at_noon):
    """Fifty children of one family enrolled in a Wednesday centre of 3 places a day with a waiting list; their
    parent's token."""
    kids = [child(f"E-{n:03d}", first_name=f"Enfant{n}") for n in range(50)]
    centre = activity("MERC", capacity=3, weekdays=["wed"])
    send(tenant, family(), *kids, centre, *[enrolment(f"E-{n:03d}", "MERC") for n in range(50)])
    token = active_account(EMAIL)
    call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "FAM-7Q2K-9XWD"}, token=token)
    return token


WEDNESDAY = date(2026, 12, 9)


@pytest.fixture
def full_wednesday(crowd, tenant):
    """Five children on the centre's Wednesday of three places (three booked, two waiting), one of them the
    Wednesday after too; a second parent follows the family."""
    other = active_account(OTHER)
    call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "FAM-7Q2K-9XWD"}, token=other)
    for n in range(5):
        book(crowd, (WEDNESDAY, True), child_id=f"E-{n:03d}", activity_id="MERC")
    book(crowd, (WEDNESDAY + timedelta(days=7), True), child_id="E-000", activity_id="MERC")
    return crowd


def deliver_queued(clock=None) -> None:
    """Run what the espace famille queued, as the queues' functions do: closings (whose steps queue mails),
    then mails. With the tests' ``clock``, a closed day's list is read once its index has settled."""
    from infra.queues import drain
    from portal.bookings import closures

    if clock is not None:
        clock.move(closures.INDEX_SETTLE)
    drain("ApplyClosuresFunction")
    drain("SendBookingMailsFunction")
