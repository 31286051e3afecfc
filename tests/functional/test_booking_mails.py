"""The espace famille's mails have a budget (issue 32, findings 6 and 12): one summary per account and
window, one "place obtenue" per family and request, a place obtained mailed even when its request stops
right after, closings on their own queue, a closed day read once its index settled. The real handlers on
moto, at the bookings tests' fixed moment."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import boto3
import pytest

from infra.lambdas import invoke_function
from infra.queues import drain

from .bookings_world import EMAIL, MONDAY, WEDNESDAY, activity, book, calendar, deliver_queued
from .helpers import OTHER, TENANT, active_account, call, mails_to, send

OPEN_DAYS = [MONDAY + timedelta(days=n) for n in range(60) if (MONDAY + timedelta(days=n)).weekday() in (0, 1, 3, 4)][
    :20
]


def summaries(address: str = EMAIL) -> list[dict]:
    return [m for m in mails_to(address) if "vos réservations pour" in m["subject"]]


def places_obtained(address: str = EMAIL) -> list[dict]:
    return [m for m in mails_to(address) if "place obtenue" in m["subject"]]


def end_summary_windows() -> dict:
    """``POST /_local/jobs/booking-summaries``: every window ends now and is mailed."""
    return invoke_function("SweepBookingsFunction", {"summaries": "now"})


def test_twenty_requests_in_a_row_send_two_summaries_not_twenty(parent, at_noon):
    for day in OPEN_DAYS:
        assert book(parent, (day, True)).status == 200
        at_noon.move(20)
    deliver_queued()

    assert len(summaries()) == 1  # the first request's, at once
    assert end_summary_windows() == {"summaries": 1}
    first, rest = summaries()
    assert "lundi 7 décembre 2026 · Repas · réservé" in first["text"]
    assert sum(line.endswith("· réservé") for line in rest["text"].splitlines()) == 19
    assert end_summary_windows() == {"summaries": 0}  # mailed once

    book(parent, (OPEN_DAYS[0], False))  # after the window: a new one opens, its first mail at once
    deliver_queued()
    assert len(summaries()) == 3


def test_a_window_s_summary_leaves_when_it_ends_through_its_delayed_message(parent, at_noon, monkeypatch):
    from portal.bookings import mailing

    sent: list[int] = []
    real = mailing.queues.send

    def at_once(url, messages, *, delay=0, group=None):  # the stand-in's SQS keeps a delay in real time
        sent.append(delay)
        real(url, messages, group=group)

    monkeypatch.setattr(mailing.queues, "send", at_once)
    book(parent, (OPEN_DAYS[0], True))
    at_noon.move(30)
    book(parent, (OPEN_DAYS[1], True))

    assert drain("SendBookingMailsFunction", rounds=1)["failed"] == 1  # the window has not ended: it comes back
    assert sent == [0, mailing.SUMMARY_WINDOW_SECONDS - 30 + mailing.DUE_GRACE_SECONDS]
    at_noon.move(mailing.SUMMARY_WINDOW_SECONDS)
    deliver_queued()

    assert [("mardi 8 décembre 2026 · Repas · réservé" in m["text"]) for m in summaries()] == [False, True]


def test_requests_of_one_account_at_the_same_moment_lose_no_line_and_open_one_window(parent):
    with ThreadPoolExecutor(max_workers=10) as pool:
        replies = list(pool.map(lambda day: book(parent, (day, True)), OPEN_DAYS[:10]))
    assert [r.status for r in replies] == [200] * 10
    deliver_queued()
    end_summary_windows()

    mailed = [line for mail in summaries() for line in mail["text"].splitlines() if line.endswith("· réservé")]
    assert len(summaries()) == 2 and len(mailed) == 10


@pytest.fixture
def due_at_once(monkeypatch):
    """Queue a window's end without SQS's delay (the stand-in keeps it in real time): it is then delivered,
    and comes back until the window has ended, as it would."""
    from portal.bookings import mailing

    real = mailing.queues.send
    monkeypatch.setattr(
        mailing.queues, "send", lambda url, messages, delay=0, group=None: real(url, messages, group=group)
    )


def booked_lines(mail: dict) -> int:
    return sum(line.endswith("· réservé") for line in mail["text"].splitlines())


def test_a_request_after_a_window_ended_joins_its_lines_still_waiting_not_a_mail_of_its_own(
    parent, at_noon, due_at_once
):
    book(parent, (OPEN_DAYS[0], True))
    at_noon.move(30)
    book(parent, (OPEN_DAYS[1], True))
    at_noon.move(700)  # the window has ended; its mail has not gone yet
    book(parent, (OPEN_DAYS[2], True))
    deliver_queued()

    assert [booked_lines(m) for m in summaries()] == [1, 2]


def test_a_window_holds_so_many_lines_and_counts_the_rest(parent, monkeypatch):
    from portal.bookings.store import summaries as windows

    monkeypatch.setattr(windows, "MAX_LINES", 3)
    for day in OPEN_DAYS[:6]:
        book(parent, (day, True))
    deliver_queued()
    end_summary_windows()

    assert booked_lines(summaries()[1]) == 3
    assert "… et 2 autres changements : voir l'espace famille." in summaries()[1]["text"]


def test_a_line_added_while_a_window_s_mail_goes_is_mailed_next_not_lost(parent, at_noon, monkeypatch):
    from portal.bookings import mailing
    from portal.bookings.store import summaries as windows

    book(parent, (OPEN_DAYS[0], True))
    at_noon.move(30)
    book(parent, (OPEN_DAYS[1], True))
    at_noon.move(600)
    real, late = mailing.deliver, [["Lucas", "Cantine", OPEN_DAYS[2].isoformat(), "Repas", "booked", None, None]]

    def with_a_late_line(message):  # a request adds its line while the end's mail goes
        sent = real(message)
        assert windows.add(TENANT, message["account"], late, int(at_noon.moment.timestamp())) is not None
        return sent

    monkeypatch.setattr(mailing, "deliver", with_a_late_line)
    end_summary_windows()
    monkeypatch.undo()
    end_summary_windows()
    deliver_queued()

    assert [booked_lines(m) for m in summaries()] == [1, 1, 1]


def test_one_request_giving_a_family_eight_places_sends_each_follower_one_mail(crowd):
    other = active_account(OTHER)
    call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "FAM-7Q2K-9XWD"}, token=other)
    wednesdays = [WEDNESDAY + timedelta(weeks=n) for n in range(8)]
    for n in range(4):  # three booked, E-003 waiting, on eight Wednesdays
        book(crowd, *[(day, True) for day in wednesdays], child_id=f"E-{n:03d}", activity_id="MERC")

    book(crowd, *[(day, False) for day in wednesdays], child_id="E-000", activity_id="MERC")
    deliver_queued()

    for address in (EMAIL, OTHER):
        [mail] = places_obtained(address)
        assert "Enfant3" in mail["subject"]
        assert sum("Enfant3 · " in line for line in mail["text"].splitlines()) == 8


def test_a_place_obtained_is_mailed_even_when_its_request_stops_right_after(crowd, at_noon, monkeypatch):
    from portal.bookings import changes, sweep
    from portal.platform.errors import ServiceUnavailable

    for n in range(4):
        book(crowd, (WEDNESDAY, True), child_id=f"E-{n:03d}", activity_id="MERC")

    def stopped(tenant, promoted):
        raise ServiceUnavailable("the request timed out")

    monkeypatch.setattr(changes.mailing, "promotions", stopped)
    assert book(crowd, (WEDNESDAY, False), child_id="E-000", activity_id="MERC").status == 503
    monkeypatch.undo()
    deliver_queued()
    assert calendar(crowd, WEDNESDAY, WEDNESDAY, "E-003", "MERC").json["days"][0]["units"][0]["status"] == "booked"
    assert places_obtained() == []

    run = invoke_function("SweepBookingsFunction", {"time": at_noon.moment.strftime("%Y-%m-%dT%H:%M:%SZ")})
    assert run["notices"] == 0  # not yet: its own message may still be on its way
    at_noon.move(sweep.NOTICES_AFTER.total_seconds() + 1)
    later = at_noon.moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert invoke_function("SweepBookingsFunction", {"time": later})["notices"] == 1
    assert invoke_function("SweepBookingsFunction", {"time": later})["notices"] == 1  # queued twice: mailed once
    deliver_queued()

    [mail] = places_obtained()
    assert "Enfant3" in mail["subject"] and "mercredi 9 décembre 2026" in mail["text"]
    assert invoke_function("SweepBookingsFunction", {"time": later})["notices"] == 0


def test_every_booking_message_carries_its_tenant_as_group_and_closings_have_their_own_queue(full_wednesday, tenant):
    from portal.platform.config import settings

    sqs = boto3.client("sqs")
    mails = sqs.receive_message(
        QueueUrl=settings().booking_mails_queue_url, MaxNumberOfMessages=10, AttributeNames=["MessageGroupId"]
    )["Messages"]
    assert {m["Attributes"]["MessageGroupId"] for m in mails} == {TENANT}

    send(tenant, activity("MERC", capacity=3, weekdays=["wed"], closed=[WEDNESDAY.isoformat()]))
    [closing] = sqs.receive_message(QueueUrl=settings().booking_closures_queue_url, AttributeNames=["MessageGroupId"])[
        "Messages"
    ]
    assert closing["Attributes"]["MessageGroupId"] == TENANT and '"closing"' in closing["Body"]


def test_a_burst_of_mails_does_not_delay_a_closed_day(full_wednesday, tenant, at_noon):
    from portal.bookings import mailing
    from portal.bookings.messages import SummaryMessage

    burst = [
        SummaryMessage(kind="summary", id=f"burst-{n}", tenant=tenant, account="nobody", lines=[]) for n in range(200)
    ]
    mailing.queue(burst)
    send(tenant, activity("MERC", capacity=3, weekdays=["wed"], closed=[WEDNESDAY.isoformat()]))
    at_noon.move(60)

    drain("ApplyClosuresFunction")  # the mails' 200 messages still queued

    statuses = [calendar(full_wednesday, WEDNESDAY, WEDNESDAY, f"E-{n:03d}", "MERC").json["days"] for n in range(5)]
    assert statuses == [[]] * 5  # no longer open, every booking cancelled
    assert [m for m in mails_to(EMAIL) if "jours de fermeture" in m["subject"]]


def test_a_closed_day_is_read_once_its_index_shows_a_booking_made_just_before(
    full_wednesday, tenant, at_noon, monkeypatch
):
    """The attendance list is an index DynamoDB updates shortly after each write: a booking made a moment
    before the import closes its day must not be missed by a closure that reads the list at once."""
    from portal.bookings.store import places

    real, written = places.attendance, at_noon.moment

    def lagging(tenant_slug, activity_id, day):  # the index shows E-004's booking 5 s after it was written
        found = real(tenant_slug, activity_id, day)
        return [b for b in found if b.child_id != "E-004" or at_noon.moment.timestamp() >= written.timestamp() + 5]

    monkeypatch.setattr(places, "attendance", lagging)
    send(tenant, activity("MERC", capacity=3, weekdays=["wed"], closed=[WEDNESDAY.isoformat()]))
    at_noon.move(1)
    assert drain("ApplyClosuresFunction", rounds=1) == {"delivered": 0, "failed": 1}  # comes back later
    at_noon.move(120)
    drain("ApplyClosuresFunction")

    at_noon.move(60)
    feed = call(
        "GET", f"/{TENANT}/admin/bookings", headers={"X-Api-Key": tenant}, query={"since": "2026-12-01T00:00:00Z"}
    )
    cancelled = {e["child_id"] for e in feed.json["items"] if e["status"] == "cancelled" and e["reason"] == "closed"}
    assert cancelled == {f"E-{n:03d}" for n in range(5)}
