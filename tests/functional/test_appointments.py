"""Appointments ("Prise de rendez-vous", API.md v1.3): agendas and their slots in Europe/Paris (the days
clocks change included), bookings refused in the contract's order, places and the per-account limit exact
under parallel requests, cancellations before the delay, the confirmation's iCalendar file, one reminder the
day before, the town's day list and cancellations, agendas published again, the export and the deletion. The
real handlers on moto, at the bookings tests' fixed moment (Tuesday 1 December 2026, 09:00 in Paris)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from itertools import pairwise

import icalendar
import pytest

from infra.queues import drain

from .bookings_world import EMAIL, NOW, deliver_queued
from .helpers import OTHER, TENANT, active_account, call, mails_to, send
from .test_agents import activate, admin, bearer, invite, log_in

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def agenda(**changes) -> dict:
    return {
        "type": "agenda",
        "agenda_id": "CNI",
        "label": "Cartes d'identité et passeports",
        "place": "Mairie – guichet 2",
        "from": "2026-12-01",
        "to": "2027-06-30",
        "hours": [{"weekday": d, "start": "09:00", "end": "12:00"} for d in WEEKDAYS]
        + [{"weekday": "wed", "start": "14:00", "end": "15:10"}],
        "closed": ["2026-12-25"],
        "slot_minutes": 20,
        "places_per_slot": 1,
        "min_notice_hours": 24,
        "max_days_ahead": 60,
        "cancellation_hours": 24,
        "per_account": 1,
        **changes,
    }


@pytest.fixture
def citizens(tenant, at_noon):
    """The CNI agenda; an account with no family, and another."""
    assert send(tenant, agenda()).json["rejected"] == []
    return active_account(EMAIL), active_account(OTHER)


def slots(token: str, first: str, last: str, agenda_id: str = "CNI"):
    return call("GET", f"/{TENANT}/agendas/{agenda_id}/slots", token=token, query={"from": first, "to": last})


def book(token: str, start: str, agenda_id: str = "CNI", **more):
    return call("POST", f"/{TENANT}/appointments", {"agenda_id": agenda_id, "start": start, **more}, token=token)


def starts(reply) -> list[str]:
    return [s["start"] for s in reply.json["slots"]]


def test_the_agendas_and_a_days_slots_in_paris_time(citizens):
    first, _ = citizens

    assert call("GET", f"/{TENANT}/agendas", token=first).json == {
        "items": [
            {"agenda_id": "CNI", "label": "Cartes d'identité et passeports", "place": "Mairie – guichet 2"}
            | {"slot_minutes": 20}
        ]
    }
    wednesday = slots(first, "2026-12-09", "2026-12-09").json["slots"]
    assert [s["start"] for s in wednesday][:2] == ["2026-12-09T08:00:00Z", "2026-12-09T08:20:00Z"]
    assert wednesday[-1] == {"start": "2026-12-09T13:40:00Z", "end": "2026-12-09T14:00:00Z", "places_left": 1}
    assert len(wednesday) == 9 + 3  # 09:00-12:00, then 14:00-15:00: the last 10 minutes are not a slot
    assert starts(slots(first, "2026-12-25", "2026-12-25")) == []  # closed
    assert starts(slots(first, "2026-12-26", "2026-12-27")) == []  # a weekend


def test_the_days_clocks_change_keep_their_wall_clock_hours(tenant, citizens):
    first, _ = citizens
    sunday = agenda(agenda_id="DST", hours=[{"weekday": "sun", "start": "09:00", "end": "10:00"}], max_days_ahead=400)
    send(tenant, sunday)

    spring = starts(slots(first, "2027-03-21", "2027-03-28", "DST"))
    autumn = starts(slots(first, "2026-12-06", "2026-12-06", "DST"))

    assert spring[:3] == ["2027-03-21T08:00:00Z", "2027-03-21T08:20:00Z", "2027-03-21T08:40:00Z"]
    assert spring[3:] == ["2027-03-28T07:00:00Z", "2027-03-28T07:20:00Z", "2027-03-28T07:40:00Z"]
    assert autumn[0] == "2026-12-06T08:00:00Z"


def test_only_bookable_slots_with_a_place_left_are_listed(citizens, at_noon):
    first, second = citizens
    assert starts(slots(first, "2026-12-01", "2026-12-01")) == []  # within 24 hours
    assert starts(slots(first, "2026-12-02", "2026-12-02"))[0] == "2026-12-02T08:00:00Z"  # 24 hours on: bookable
    assert book(second, "2026-12-03T08:00:00Z").status == 201

    listed = starts(slots(first, "2026-12-03", "2026-12-03"))

    assert "2026-12-03T08:00:00Z" not in listed and "2026-12-03T08:20:00Z" in listed
    assert starts(slots(first, "2027-01-30", "2027-02-05")) == []  # beyond 60 days
    too_long = slots(first, "2026-12-01", "2027-01-01")
    assert (too_long.status, too_long.json["code"]) == (422, "invalid_range")
    assert slots(first, "2026-12-01", "2026-12-02", "NONE").json["code"] == "agenda_not_found"


@pytest.mark.parametrize(
    ("start", "status", "code"),
    [
        ("2026-12-03T08:10:00Z", 422, "not_a_slot"),  # off the grid
        ("2026-12-25T08:00:00Z", 422, "not_a_slot"),  # closed
        ("2026-12-09T14:00:00Z", 422, "not_a_slot"),  # the last, shorter piece
        ("2026-12-01T10:00:00Z", 422, "outside_booking_window"),  # within 24 hours
        ("2027-02-01T08:00:00Z", 422, "outside_booking_window"),  # beyond 60 days
    ],
)
def test_a_booking_outside_the_agenda_is_refused(citizens, start, status, code):
    first, _ = citizens

    refused = book(first, start)

    assert refused.status == status
    assert code in (refused.json["code"], refused.json.get("errors", [{}])[0].get("code"))
    assert call("GET", f"/{TENANT}/appointments", token=first).json["items"] == []


def test_a_booking_is_confirmed_with_its_icalendar_file_and_listed(citizens):
    first, _ = citizens

    booked = book(first, "2026-12-03T08:20:00+00:00", note="Deux passeports")

    assert booked.status == 201, booked.json
    appointment = booked.json
    assert {k: appointment[k] for k in ("agenda_id", "start", "end", "place", "status")} == {
        "agenda_id": "CNI",
        "start": "2026-12-03T08:20:00Z",
        "end": "2026-12-03T08:40:00Z",
        "place": "Mairie – guichet 2",
        "status": "booked",
    }
    assert call("GET", f"/{TENANT}/appointments", token=first).json["items"] == [appointment]
    deliver_queued()
    [mail] = [m for m in mails_to(EMAIL) if "confirmé" in m["subject"]]
    assert "jeudi 3 décembre 2026 à 09:20" in mail["text"]
    [attached] = mail["attachments"]
    assert attached["content_type"] == "text/calendar"
    calendar = icalendar.Calendar.from_ical(attached["text"])
    [event] = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "PUBLISH"
    assert event["UID"] == f"{appointment['appointment_id']}@{TENANT}.rendez-vous"
    assert event.decoded("DTSTART").isoformat() == "2026-12-03T09:20:00+01:00"
    assert str(event["DTSTART"].params["TZID"]) == "Europe/Paris"
    assert "Mairie – guichet 2" in str(event["LOCATION"])
    assert calendar.walk("VTIMEZONE")


def test_the_account_limit_comes_before_a_full_slot(citizens):
    first, second = citizens
    assert book(first, "2026-12-03T08:00:00Z").status == 201

    mine = book(first, "2026-12-03T08:00:00Z")
    theirs = book(second, "2026-12-03T08:00:00Z")

    assert (mine.status, mine.json["code"]) == (409, "appointment_limit")
    assert (theirs.status, theirs.json["code"]) == (409, "slot_full")


def accounts(count: int) -> list[str]:
    """Activated accounts written through the store (no password hashing: nobody logs in), their tokens."""
    from portal.accounts import store, tokens
    from portal.accounts.model import Account

    made = []
    for n in range(count):
        account = Account(
            civility="MME",
            last_name="Rush",
            first_name="R",
            password_hash="-",  # nobody logs in
            terms_version="1",
            terms_accepted_at=NOW,
            subscriptions={},
            account_id=f"{n:032x}",
            tenant=TENANT,
            email=f"rush{n}@example.org",
            status="pending",
            created_at=NOW,
        )
        store.create(account, "token", int(NOW.timestamp()) + 3600)
        store.activate(TENANT, account.account_id, "token", NOW)
        made.append(tokens.issue(TENANT, account.account_id, 0))
    return made


def test_two_hundred_accounts_on_a_slot_of_two_places_make_two_appointments(tenant, citizens):
    send(tenant, agenda(places_per_slot=2))

    with ThreadPoolExecutor(50) as pool:
        replies = list(pool.map(lambda token: book(token, "2026-12-04T09:00:00Z"), accounts(200)))

    assert sorted(r.status for r in replies) == [201] * 2 + [409] * 198
    assert {r.json["code"] for r in replies if r.status == 409} == {"slot_full"}
    day = admin(tenant, "GET", "/admin/agendas/CNI/appointments", query={"date": "2026-12-04"}).json
    assert len(day["items"]) == 2


def test_one_account_asking_ten_slots_at_once_gets_its_limit_exactly(tenant, citizens):
    first, _ = citizens
    send(tenant, agenda(per_account=3))
    starts_ = [f"2026-12-0{3 + n // 9}T{8 + (n % 9) // 3:02d}:{20 * (n % 3):02d}:00Z" for n in range(10)]

    with ThreadPoolExecutor(10) as pool:
        replies = list(pool.map(lambda start: book(first, start), starts_))

    assert sorted(r.status for r in replies) == [201] * 3 + [409] * 7
    assert {r.json["code"] for r in replies if r.status == 409} == {"appointment_limit"}


def test_a_cancellation_before_the_delay_frees_the_place_after_it_is_409(citizens, at_noon):
    first, second = citizens
    soon = book(first, "2026-12-03T08:00:00Z").json["appointment_id"]

    assert call("DELETE", f"/{TENANT}/appointments/{soon}", token=second).status == 404
    assert call("DELETE", f"/{TENANT}/appointments/{soon}", token=first).status == 204
    assert book(second, "2026-12-03T08:00:00Z").status == 201  # the place is free at once
    later = book(first, "2026-12-03T08:20:00Z").json["appointment_id"]  # its limit is free too
    at_noon.move(24 * 3600 + 30 * 60)  # 2 December 09:30: the appointment (3rd, 09:20) is in under 24 hours
    closed = call("DELETE", f"/{TENANT}/appointments/{later}", token=first)
    assert (closed.status, closed.json["code"]) == (409, "cancellation_closed")
    deliver_queued()
    assert [m for m in mails_to(EMAIL) if "annulé" in m["subject"]]


def test_one_reminder_the_day_before_never_twice_and_a_failure_retried(tenant, citizens, monkeypatch):
    """Fault injection: SES refuses the first reminder: the run fails, its retry sends it, none twice."""
    from infra.lambdas import invoke_function
    from portal.platform import mailer

    first, second = citizens
    book(first, "2026-12-03T08:00:00Z")
    book(second, "2026-12-03T08:20:00Z")
    real, refused = mailer.send, []

    def flaky(tenant_, to, *args, **kwargs):
        if not refused:
            refused.append(to)
            from portal.platform.errors import ServiceUnavailable

            raise ServiceUnavailable("SES is throttling")
        return real(tenant_, to, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(mailer, "send", flaky)
        with pytest.raises(Exception, match="'failed': 1"):
            invoke_function("SendAppointmentRemindersFunction", {"today": "2026-12-02"})
    again = invoke_function("SendAppointmentRemindersFunction", {"today": "2026-12-02"})
    once_more = invoke_function("SendAppointmentRemindersFunction", {"today": "2026-12-02"})

    reminders = [m for to in (EMAIL, OTHER) for m in mails_to(to) if "rappel" in m["subject"]]
    assert len(reminders) == 2 and again["mails"] == 1 and once_more["mails"] == 0
    assert invoke_function("SendAppointmentRemindersFunction", {"today": "2026-12-01"})["appointments"] == 0


def test_the_town_lists_a_day_and_cancels_with_a_reason_an_agent_in_the_audit_log(tenant, citizens, at_noon):
    first, second = citizens
    ours = book(first, "2026-12-03T08:20:00Z", note="Passeport").json["appointment_id"]
    book(second, "2026-12-03T08:00:00Z")
    secret = activate(invite(tenant, permissions=["appointments"])).json["totp_secret"]
    agent = bearer(log_in(secret).json["access_token"])

    day = call("GET", f"/{TENANT}/admin/agendas/CNI/appointments", headers=agent, query={"date": "2026-12-03"}).json
    cancelled = call(
        "POST",
        f"/{TENANT}/admin/appointments/{ours}/cancellation",
        {"reason": "Guichet fermé"},
        headers=agent,
    )

    agendas = call("GET", f"/{TENANT}/admin/agendas", headers=agent).json["items"]
    assert [(a["agenda_id"], a["from"], a["places_per_slot"]) for a in agendas] == [("CNI", "2026-12-01", 1)]
    assert [(i["start"], i["email"], i["note"]) for i in day["items"]] == [
        ("2026-12-03T08:00:00Z", OTHER, None),
        ("2026-12-03T08:20:00Z", EMAIL, "Passeport"),
    ]
    assert (cancelled.status, cancelled.json["status"], cancelled.json["reason"]) == (200, "cancelled", "Guichet fermé")
    mine = call("GET", f"/{TENANT}/appointments", token=first).json["items"]
    assert (mine[0]["status"], mine[0]["reason"]) == ("cancelled", "Guichet fermé")
    deliver_queued()
    [mail] = [m for m in mails_to(EMAIL) if "annulé" in m["subject"]]
    assert "Guichet fermé" not in mail["text"]
    at_noon.move(31)
    log = admin(tenant, "GET", "/admin/audit", query={"since": (NOW - timedelta(hours=1)).isoformat()}).json
    assert ("cancellation", f"appointment:{ours}") in [(e["action"], e["target"]) for e in log["items"]]
    assert book(first, "2026-12-03T08:40:00Z").status == 201  # its limit is free again


def test_an_agenda_published_with_fewer_hours_cancels_what_it_no_longer_holds_one_mail_each(tenant, citizens):
    first, second = citizens
    send(tenant, agenda(per_account=2))
    book(first, "2026-12-03T08:00:00Z")
    book(first, "2026-12-03T10:40:00Z")
    kept = book(second, "2026-12-04T08:00:00Z").json["appointment_id"]
    deliver_queued()

    report = send(tenant, agenda(per_account=2, hours=[{"weekday": "fri", "start": "09:00", "end": "12:00"}]))
    deliver_queued()

    assert report.json["rejected"] == []
    mine = call("GET", f"/{TENANT}/appointments", token=first).json["items"]
    assert {a["status"] for a in mine} == {"cancelled"}
    assert len([m for m in mails_to(EMAIL) if "annulé" in m["subject"]]) == 1
    assert call("GET", f"/{TENANT}/appointments", token=second).json["items"][0]["appointment_id"] == kept
    assert [m for m in mails_to(OTHER) if "annulé" in m["subject"]] == []


def test_the_export_holds_the_appointments_and_deleting_the_account_cancels_those_to_come(tenant, citizens):
    first, _ = citizens
    appointment_id = book(first, "2026-12-03T08:00:00Z").json["appointment_id"]

    exported = call("GET", f"/{TENANT}/me/export", token=first).json["appointments"]
    deleted = call("POST", f"/{TENANT}/me/deletion", {"current_password": "Cantine2024!"}, token=first)

    assert [a["appointment_id"] for a in exported] == [appointment_id]
    assert deleted.status == 204
    [item] = admin(tenant, "GET", "/admin/agendas/CNI/appointments", query={"date": "2026-12-03"}).json["items"]
    assert (item["status"], item["email"]) == ("cancelled", EMAIL)
    assert drain("SendBookingMailsFunction")["failed"] == 0


def test_a_31_day_slots_read_costs_the_same_whatever_the_appointments_taken(tenant, citizens, aws_calls):
    first, second = citizens
    slots(first, "2026-12-02", "2027-01-01")
    before = list(aws_calls)
    aws_calls.clear()
    book(second, "2026-12-03T08:00:00Z")
    book(first, "2026-12-04T08:00:00Z")
    aws_calls.clear()

    slots(first, "2026-12-02", "2027-01-01")

    assert sorted(aws_calls) == sorted(before)


# --- what a review found -----------------------------------------------------------------------------------


def test_dates_at_the_ends_of_the_calendar_are_answered_never_a_500(tenant, citizens):
    first, _ = citizens

    assert book(first, "9999-12-31T23:30:00Z").status == 422
    assert book(first, "0001-01-01T00:30:00+01:00").status == 422
    assert starts(slots(first, "9999-12-31", "9999-12-31")) == []
    assert starts(slots(first, "0001-01-01", "0001-01-01")) == []
    for day in ("9999-12-31", "0001-01-01"):
        listed = admin(tenant, "GET", "/admin/agendas/CNI/appointments", query={"date": day})
        assert (listed.status, listed.json["items"]) == (200, [])


def test_an_account_holds_one_place_of_a_slot_and_cancels_ten_times_a_day(tenant, citizens):
    first, _ = citizens
    send(tenant, agenda(per_account=2, places_per_slot=2))
    assert book(first, "2026-12-03T08:00:00Z").status == 201

    again = book(first, "2026-12-03T08:00:00Z")

    assert (again.status, again.json["code"]) == (409, "appointment_limit")
    made = [book(first, "2026-12-03T08:20:00Z").json["appointment_id"]]
    for n in range(10):
        assert call("DELETE", f"/{TENANT}/appointments/{made[-1]}", token=first).status == 204, n
        made.append(book(first, "2026-12-03T08:20:00Z").json["appointment_id"])
    refused = call("DELETE", f"/{TENANT}/appointments/{made[-1]}", token=first)
    assert (refused.status, refused.json["code"]) == (429, "too_many_attempts")


def test_overlapping_hours_are_refused_and_clock_changes_never_make_odd_slots(tenant, citizens):
    first, _ = citizens
    overlapping = agenda(agenda_id="DOUBLE", hours=[{"weekday": "mon", "start": "09:00", "end": "12:00"}] * 2)
    night = agenda(
        agenda_id="NUIT",
        hours=[{"weekday": "sun", "start": "01:00", "end": "04:00"}],
        slot_minutes=30,
        max_days_ahead=400,
        min_notice_hours=0,
    )

    report = send(tenant, overlapping, night).json

    assert [r["line"] for r in report["rejected"]] == [1]
    for day in ("2027-03-28", "2027-10-31"):
        found = slots(first, day, day, "NUIT").json["slots"]
        ends = [(s["start"], s["end"]) for s in found]
        assert all(start < end for start, end in ends) and len(set(ends)) == len(ends), day
        assert all(b[0] >= a[1] for a, b in pairwise(ends)), day


def test_a_booking_that_read_an_agenda_published_again_meanwhile_is_judged_on_the_new_one(
    tenant, citizens, monkeypatch
):
    from portal.appointments import store

    first, _ = citizens
    before = store.agenda(TENANT, "CNI")
    send(tenant, agenda(closed=["2026-12-03", "2026-12-25"]))  # Thursday 3 December closed meanwhile
    real, stale = store.agenda, [before]
    monkeypatch.setattr(store, "agenda", lambda *a: stale.pop() if stale else real(*a))

    refused = book(first, "2026-12-03T08:00:00Z")

    assert refused.status == 422 and refused.json["errors"][0]["code"] == "not_a_slot"
    assert call("GET", f"/{TENANT}/appointments", token=first).json["items"] == []


def test_an_import_failing_midway_leaves_no_cancellation_unmailed(tenant, citizens, at_noon, monkeypatch):
    """Fault injection: the second cancellation of an agenda published again fails: the account whose
    appointment was cancelled is mailed all the same, and the same import again cancels and mails the other."""
    from portal.appointments import booking
    from portal.platform.errors import ServiceUnavailable

    first, second = citizens
    book(first, "2026-12-03T08:00:00Z")
    book(second, "2026-12-03T08:20:00Z")
    deliver_queued()
    fewer = agenda(hours=[{"weekday": "fri", "start": "09:00", "end": "12:00"}])
    real, calls = booking.withdraw, []

    def failing_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise ServiceUnavailable("DynamoDB is unavailable")
        return real(*args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(booking, "withdraw", failing_second)
        assert send(tenant, fewer).status == 503
    at_noon.move(601)
    deliver_queued()
    mailed = [to for to in (EMAIL, OTHER) if any("annulé" in m["subject"] for m in mails_to(to))]
    assert len(mailed) == 1  # the account cancelled before the failure (accounts go in their ids' order)

    assert send(tenant, fewer).json["rejected"] == []
    deliver_queued()
    assert all(any("annulé" in m["subject"] for m in mails_to(to)) for to in (EMAIL, OTHER))
