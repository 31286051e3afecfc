"""Espace famille (the contract's "Citizen: family space"): children, calendar, bookings with exact places and
a waiting list that moves by itself, the feed and the attendance list. The real handlers on moto, at a fixed
moment (the domain's clock): Tuesday 1 December 2026, 09:00 in Paris."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from urllib.parse import quote

import pytest

from infra.queues import drain

from .bookings_world import EMAIL, MONDAY, NOW, WEDNESDAY, activity, book, calendar, child, deliver_queued, enrolment
from .helpers import OTHER, TENANT, active_account, call, family, mails_to, send

# --- publishing ---------------------------------------------------------------------------------------


def test_children_activities_and_enrolments_are_published_and_listed(parent):
    reply = call("GET", f"/{TENANT}/children", token=parent)

    assert reply.status == 200
    assert reply.json == {
        "items": [
            {
                "child_id": "E-001",
                "family_id": "F-001",
                "first_name": "Lucas",
                "last_name": "MARTIN",
                "birth_date": "2016-04-12",
                "school": "École Jules Ferry",
                "class": "CE2",
                "activities": [
                    {
                        "activity_id": "CANT-JF",
                        "label": "Restauration scolaire – École Jules Ferry",
                        "nature": "Restauration scolaire",
                        "from": "2026-09-01",
                        "to": "2027-07-03",
                    }
                ],
            }
        ]
    }


@pytest.mark.parametrize(
    ("record", "code"),
    [
        (child(family_id="F-NONE"), "unknown_family"),
        (enrolment(child_id="E-NONE"), "unknown_child"),
        (enrolment(activity_id="NONE"), "unknown_activity"),
        (activity(booking_deadline={"days_before": 2, "time": "10:00"}), "invalid_record"),
        (activity(booking_deadline={"days_before": 61, "time": "10:00", "working_days": True}), "invalid_record"),
        (activity(booking_deadline={"weekday_before": "lun", "time": "10:00"}), "invalid_record"),
        (activity(booking_deadline={"weekday_before": "thu", "time": "25:00"}), "invalid_record"),
        (activity(weekdays=["mon", "funday"]), "invalid_record"),
        (activity(units=[]), "invalid_record"),
        (
            activity(units=[{"unit_id": f"U{n}", "label": "U", "price": None, "capacity": None} for n in range(11)]),
            "invalid_record",
        ),
        (activity(capacity=10_001), "invalid_record"),
        (activity(capacity=-1), "invalid_record"),
        (activity(extra_days=["2027-08-01"]), "invalid_date"),
        (activity(**{"from": "2027-01-01", "to": "2026-01-01"}), "invalid_date"),
        (activity(units=[{"unit_id": "R", "label": "Repas", "price": "3,20", "capacity": None}]), "invalid_amount"),
    ],
)
def test_a_bad_bookings_record_is_rejected_alone_with_its_code(parent, tenant, record, code):
    reply = send(tenant, record, child("E-002", first_name="Emma"))

    assert reply.status == 200
    assert [r["code"] for r in reply.json["rejected"]] == [code] and reply.json["accepted"] == 1


@pytest.mark.parametrize(
    "record",
    [
        child(birth_date="2026-W52-4"),  # an ISO week date: not the contract's YYYY-MM-DD
        enrolment(**{"from": "2026-W36-1"}),
        {k: v for k, v in child(class_name="CE1").items() if k != "class"},  # a field's name, not its wire name
        {"first" if k == "from" else k: v for k, v in enrolment().items()},
        {"last" if k == "to" else k: v for k, v in activity().items()},
    ],
)
def test_records_are_read_by_the_contract_s_names_and_day_format_only(parent, tenant, record):
    reply = send(tenant, record)

    assert reply.json["accepted"] == 0 and len(reply.json["rejected"]) == 1


@pytest.mark.parametrize(
    "query",
    [{"from": "2026-W50-1", "to": "2026-12-11"}, {"first": "2026-12-07", "last": "2026-12-11", "to": "2026-12-11"}],
)
def test_a_calendar_query_is_read_by_the_contract_s_names_and_day_format_only(parent, query):
    reply = call("GET", f"/{TENANT}/children/E-001/calendar", token=parent, query={"activity_id": "CANT-JF", **query})

    assert reply.status == 422


def test_the_same_file_twice_changes_nothing_and_a_later_record_replaces_the_earlier(parent, tenant):
    records = (child(first_name="Lucas"), child(first_name="Lucien"))

    send(tenant, *records)
    send(tenant, *records)

    [kid] = call("GET", f"/{TENANT}/children", token=parent).json["items"]
    assert kid["first_name"] == "Lucien"


# --- the calendar ---------------------------------------------------------------------------------------


def test_the_calendar_lists_open_days_only_with_every_unit_its_price_and_deadlines_in_utc(parent):
    reply = calendar(parent, MONDAY, MONDAY + timedelta(days=6))

    assert reply.status == 200
    days = reply.json["days"]
    assert [d["date"] for d in days] == ["2026-12-07", "2026-12-08", "2026-12-10", "2026-12-11"]
    assert days[0]["units"] == [
        {
            "unit_id": "REPAS",
            "label": "Repas",
            "price_cents": 320,
            "status": None,
            "waiting_position": None,
            "booking_deadline": "2026-12-03T09:00:00Z",
            "cancellation_deadline": "2026-12-03T09:00:00Z",
            "bookable": True,
            "cancellable": False,
            "places_left": None,
            "refusal": None,
        }
    ]
    assert reply.json["from"] == "2026-12-07" and reply.json["to"] == "2026-12-13"


@pytest.mark.parametrize(
    ("first", "last"), [(MONDAY, MONDAY - timedelta(days=1)), (MONDAY, MONDAY + timedelta(days=62))]
)
def test_a_range_backwards_or_over_62_days_is_422(parent, first, last):
    assert calendar(parent, first, last).status == 422


def test_another_family_s_child_is_404_child_not_found_on_every_route(parent, tenant):
    send(
        tenant,
        family("F-002", code="FAM-3MZP-4TRC", label="Famille DURAND"),
        child("E-009", "F-002"),
        enrolment("E-009"),
    )

    replies = [
        calendar(parent, MONDAY, MONDAY, child_id="E-009"),
        book(parent, (MONDAY, True), child_id="E-009"),
        calendar(parent, MONDAY, MONDAY, child_id="E-NONE"),
    ]

    assert {(r.status, r.json["code"]) for r in replies} == {(404, "child_not_found")}


@pytest.mark.parametrize("bad", ["Z" * 3000, "é", "-x", "a b"])
def test_an_id_no_import_could_publish_is_404_without_reading_the_table(parent, tenant, monkeypatch, bad):
    from portal.bookings.store import published

    monkeypatch.setattr(published, "child", lambda *_: pytest.fail("read the table for an impossible id"))
    monkeypatch.setattr(published, "activity", lambda *_: pytest.fail("read the table for an impossible id"))

    child = calendar(parent, MONDAY, MONDAY, child_id=quote(bad))
    attendance = call(
        "GET",
        f"/{TENANT}/admin/activities/{quote(bad)}/attendance",
        headers={"X-Api-Key": tenant},
        query={"date": MONDAY.isoformat()},
    )
    invoice = call("GET", f"/{TENANT}/invoices/{quote(bad)}", token=parent)

    assert (child.status, child.json["code"]) == (404, "child_not_found")
    assert (attendance.status, attendance.json["code"]) == (404, "activity_not_found")
    assert (invoice.status, invoice.json["code"]) == (404, "invoice_not_found")


def test_an_activity_the_child_is_not_enrolled_in_is_404_activity_not_found(parent, tenant):
    send(tenant, activity("PERI-JF"))

    assert calendar(parent, MONDAY, MONDAY, activity_id="PERI-JF").json["code"] == "activity_not_found"


# --- booking and cancelling -------------------------------------------------------------------------------


def test_each_change_is_decided_on_its_own_with_the_contract_s_outcomes(parent, at_noon):
    thursday = date(2026, 12, 3)  # its deadline (Monday 1 December, 10:00 Paris) is not passed at 09:00…
    reply = book(
        parent, (MONDAY, True), (MONDAY + timedelta(days=1), True), (MONDAY + timedelta(days=2), True), (thursday, True)
    )

    assert reply.status == 200
    assert [(r["outcome"], r["code"]) for r in reply.json["results"]] == [
        ("booked", None),
        ("booked", None),
        ("refused", "not_open"),
        ("booked", None),
    ]
    assert reply.json["summary"] == {"booked": 3, "waiting": 0, "cancelled": 0, "unchanged": 0, "refused": 1}
    at_noon.move(3600 * 2)  # …and is at 11:00
    again = book(
        parent, (MONDAY, True), (MONDAY, False) if False else (MONDAY + timedelta(days=3), False), (thursday, False)
    )
    assert [(r["outcome"], r["code"]) for r in again.json["results"]] == [
        ("unchanged", None),
        ("unchanged", None),
        ("refused", "deadline_passed"),
    ]
    assert book(parent, (MONDAY, False)).json["results"][0]["outcome"] == "cancelled"


def test_before_opens_at_a_booking_is_refused_booking_not_open(parent, tenant):
    send(tenant, activity(opens_at="2026-12-02T08:00:00+01:00"))

    assert book(parent, (MONDAY, True)).json["results"][0]["code"] == "booking_not_open"


@pytest.mark.parametrize(
    "body",
    [
        {"activity_id": "CANT-JF", "changes": []},
        {"activity_id": "CANT-JF", "changes": [{"date": "2026-12-07", "unit_id": "REPAS", "booked": True}] * 2},
        {"activity_id": "CANT-JF", "changes": [{"date": "2026-12-07", "unit_id": "GOUTER", "booked": True}]},
        {"activity_id": "CANT-JF", "changes": [{"date": "2026-12-07", "unit_id": "REPAS", "booked": "yes"}]},
        {
            "activity_id": "CANT-JF",
            "changes": [
                {"date": f"2027-0{1 + n % 6}-{1 + n % 28:02d}", "unit_id": "REPAS", "booked": True} for n in range(401)
            ],
        },
    ],
    ids=["none", "twice", "unknown-unit", "not-a-boolean", "over-400"],
)
def test_a_malformed_request_is_422_and_changes_nothing(parent, body):
    reply = call("POST", f"/{TENANT}/children/E-001/bookings", body, token=parent)

    assert reply.status == 422
    assert calendar(parent, MONDAY, MONDAY).json["days"][0]["units"][0]["status"] is None


def test_an_account_s_booking_changes_have_a_budget_then_429_with_retry_after(parent, monkeypatch):
    """Every change asked counts, whatever its outcome; a request that does not fit in what is left is 429
    ``too_many_attempts`` and changes nothing."""
    from portal.bookings import changes
    from portal.platform.throttle import Throttle

    monkeypatch.setattr(changes, "CHANGES_BUDGET", Throttle("booking_changes", limit=5, window_seconds=3_600))
    days = [MONDAY, MONDAY + timedelta(days=1), MONDAY + timedelta(days=3)]

    assert book(parent, *[(day, True) for day in days]).status == 200
    refused = book(parent, (MONDAY + timedelta(days=4), True), (MONDAY + timedelta(days=7), True), (MONDAY, False))
    assert refused.status == 429 and refused.json["code"] == "too_many_attempts"
    assert 3_500 <= int(refused.headers["Retry-After"]) <= 3_600
    booked = {
        d["date"]
        for d in calendar(parent, MONDAY, MONDAY + timedelta(days=7)).json["days"]
        if d["units"][0]["status"] == "booked"
    }
    assert booked == {day.isoformat() for day in days}  # nothing of the refused request happened
    assert book(parent, (MONDAY + timedelta(days=4), True), (MONDAY, False)).status == 200  # two still fit


def test_400_changes_are_answered_in_order(parent):
    days = [MONDAY + timedelta(days=n) for n in range(400)]

    reply = book(parent, *[(day, True) for day in days])

    assert [r["date"] for r in reply.json["results"]] == [day.isoformat() for day in days]
    assert reply.json["summary"]["booked"] + reply.json["summary"]["refused"] == 400


# --- places and the waiting list ------------------------------------------------------------------------------


def test_fifty_parents_at_once_on_three_places_book_three_and_queue_the_rest_in_distinct_positions(crowd):
    with ThreadPoolExecutor(max_workers=50) as pool:
        replies = list(
            pool.map(lambda n: book(crowd, (WEDNESDAY, True), child_id=f"E-{n:03d}", activity_id="MERC"), range(50))
        )

    results = [r.json["results"][0] for r in replies]
    assert sum(1 for r in results if r["outcome"] == "booked") == 3
    positions = sorted(r["waiting_position"] for r in results if r["outcome"] == "waiting")
    assert positions == list(range(1, 48))
    read_back = [
        calendar(crowd, WEDNESDAY, WEDNESDAY, f"E-{n:03d}", "MERC").json["days"][0]["units"][0] for n in range(50)
    ]
    assert sorted(u["waiting_position"] for u in read_back if u["status"] == "waiting") == list(range(1, 48))
    assert {u["places_left"] for u in read_back} == {0}


def test_a_cancelled_place_goes_at_once_to_the_oldest_waiting_child_and_the_positions_move_up(crowd):
    for n in range(5):
        book(crowd, (WEDNESDAY, True), child_id=f"E-{n:03d}", activity_id="MERC")

    assert book(crowd, (WEDNESDAY, False), child_id="E-001", activity_id="MERC").json["results"][0]["outcome"] == (
        "cancelled"
    )

    units = [calendar(crowd, WEDNESDAY, WEDNESDAY, f"E-{n:03d}", "MERC").json["days"][0]["units"][0] for n in range(5)]
    assert [(u["status"], u["waiting_position"]) for u in units] == [
        ("booked", None),
        (None, None),
        ("booked", None),
        ("booked", None),
        ("waiting", 1),
    ]


def test_cancellations_racing_promote_each_waiting_child_once(crowd):
    for n in range(8):
        book(crowd, (WEDNESDAY, True), child_id=f"E-{n:03d}", activity_id="MERC")

    with ThreadPoolExecutor(max_workers=3) as pool:
        list(pool.map(lambda n: book(crowd, (WEDNESDAY, False), child_id=f"E-{n:03d}", activity_id="MERC"), range(3)))

    units = [calendar(crowd, WEDNESDAY, WEDNESDAY, f"E-{n:03d}", "MERC").json["days"][0]["units"][0] for n in range(8)]
    assert [u["status"] for u in units] == [None, None, None, "booked", "booked", "booked", "waiting", "waiting"]
    assert [u["waiting_position"] for u in units[6:]] == [1, 2]


def test_a_place_obtained_is_mailed_to_every_follower_of_the_family(crowd):
    other = active_account(OTHER)
    call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "FAM-7Q2K-9XWD"}, token=other)
    for n in range(4):
        book(crowd, (WEDNESDAY, True), child_id=f"E-{n:03d}", activity_id="MERC")

    book(crowd, (WEDNESDAY, False), child_id="E-000", activity_id="MERC")
    deliver_queued()

    for address in (EMAIL, OTHER):
        [mail] = [m for m in mails_to(address) if "place obtenue" in m["subject"]]
        assert "Enfant3" in mail["subject"] and "mercredi 9 décembre 2026" in mail["text"]


def test_a_waiting_position_reads_the_tickets_gone_not_the_list(crowd, aws_calls):
    """A position is its ticket less the tickets gone before it: one Query of their markers a day, whatever
    the list's length (a rush puts thousands on one list, read by every waiting answer and calendar)."""
    from portal.bookings.store import waiting

    days = [WEDNESDAY + timedelta(weeks=n) for n in range(3)]
    for n in range(8):  # three booked, five waiting (tickets 1 to 5)
        assert book(crowd, *[(day, True) for day in days], child_id=f"E-{n:03d}", activity_id="MERC").status == 200
    assert book(crowd, (days[0], False), child_id="E-004", activity_id="MERC").status == 200  # ticket 2 gone
    reads = []
    real = waiting.gone_before
    aws_calls.clear()

    def counted(tenant, booking):
        reads.append(booking.ticket)
        return real(tenant, booking)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(waiting, "gone_before", counted)
        reply = calendar(crowd, days[0], days[-1], "E-007", "MERC")

    assert [d["units"][0]["waiting_position"] for d in reply.json["days"]] == [4, 5, 5]
    assert sorted(reads) == [5, 5, 5]  # one marker read a waiting day
    assert aws_calls.count("dynamodb.Query") == 1 + 3  # the child's bookings, then each day's markers


def test_raising_a_unit_s_capacity_by_republishing_the_activity_promotes_too(crowd, tenant):
    for n in range(5):
        book(crowd, (WEDNESDAY, True), child_id=f"E-{n:03d}", activity_id="MERC")

    send(tenant, activity("MERC", capacity=4, weekdays=["wed"]))

    units = [calendar(crowd, WEDNESDAY, WEDNESDAY, f"E-{n:03d}", "MERC").json["days"][0]["units"][0] for n in range(5)]
    assert [u["status"] for u in units] == ["booked"] * 4 + ["waiting"]


def test_a_slow_promotion_pass_is_read_whole_by_a_reader_polling_the_feed(crowd, tenant, at_noon, monkeypatch):
    """The feed shows an event once it is ``SETTLE`` old, relying on its stamp being taken less than that
    before it commits. A pass giving three places, each write 20 s after the one before (a long import),
    while other parents book: each event is stamped when written, so a reader polling every 10 s from the
    last event it read sees all three (the pass's start stamped them all: one landed behind what the reader
    had passed, and was missed for good)."""
    from portal.bookings.rules import Promote
    from portal.bookings.store import places

    for n in range(6):
        book(crowd, (WEDNESDAY, True), child_id=f"E-{n:03d}", activity_id="MERC")
    at_noon.move(60)
    key, since, seen = {"X-Api-Key": tenant}, "2026-12-01T00:00:00Z", {}

    def poll() -> None:
        """A reader as the contract's: from the moment of the last event it read, every page."""
        nonlocal since
        cursor = None
        while True:
            query = {"since": since, **({"cursor": cursor} if cursor else {})}
            reply = call("GET", f"/{TENANT}/admin/bookings", headers=key, query=query).json
            seen.update({item["event_id"]: item for item in reply["items"]})
            since = max([since, *(item["at"] for item in reply["items"])])
            if not (cursor := reply["next_cursor"]):
                return

    real, others = places._one, iter(range(10, 50))

    def slow(tenant_slug, write, event):
        if not isinstance(write, Promote):
            return real(tenant_slug, write, event)
        for _ in range(2):  # the writer takes 20 s; meanwhile other parents book, and the reader polls
            at_noon.move(10)
            book(crowd, (WEDNESDAY + timedelta(days=7), True), child_id=f"E-{next(others):03d}", activity_id="MERC")
            poll()
        return real(tenant_slug, write, event)

    poll()
    monkeypatch.setattr(places, "_one", slow)
    send(tenant, activity("MERC", capacity=6, weekdays=["wed"]))
    monkeypatch.setattr(places, "_one", real)
    for _ in range(8):
        at_noon.move(10)
        poll()

    promoted = [
        i["child_id"] for i in seen.values() if i["status"] == "booked" and i["child_id"] in ("E-003", "E-004", "E-005")
    ]
    assert sorted(promoted) == ["E-003", "E-004", "E-005"]


def test_a_unit_republished_without_a_limit_gives_every_waiting_child_a_place(crowd, tenant):
    for n in range(5):
        book(crowd, (WEDNESDAY, True), child_id=f"E-{n:03d}", activity_id="MERC")

    send(tenant, activity("MERC", capacity=None, weekdays=["wed"]))

    units = [calendar(crowd, WEDNESDAY, WEDNESDAY, f"E-{n:03d}", "MERC").json["days"][0]["units"][0] for n in range(5)]
    assert [(u["status"], u["places_left"]) for u in units] == [("booked", None)] * 5


def test_without_a_waiting_list_a_full_unit_is_refused_full(crowd, tenant):
    send(tenant, activity("MERC", capacity=1, weekdays=["wed"], waiting_list=False))
    book(crowd, (WEDNESDAY, True), child_id="E-000", activity_id="MERC")

    reply = book(crowd, (WEDNESDAY, True), child_id="E-001", activity_id="MERC")

    assert (reply.json["results"][0]["outcome"], reply.json["results"][0]["code"]) == ("refused", "full")


# --- mails ------------------------------------------------------------------------------------------------------


def test_a_request_that_changed_something_mails_its_summary_unless_bookings_is_off(parent, monkeypatch):
    from portal.platform.config import settings

    monkeypatch.setenv("PUBLIC_API_URL", "https://api.ville-test.fr/v1")  # the one-click link's base
    settings.cache_clear()

    book(parent, (MONDAY, True), (MONDAY + timedelta(days=2), True))
    deliver_queued()
    [summary] = [m for m in mails_to(EMAIL) if "réservations pour Lucas" in m["subject"]]
    assert "lundi 7 décembre 2026 · Repas · réservé" in summary["text"]
    assert "mercredi 9 décembre 2026 · Repas · refusé : ce jour n'est pas ouvert" in summary["text"]
    assert summary["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    assert call("PATCH", f"/{TENANT}/me", {"notifications": {"bookings": False}}, token=parent).status == 200
    book(parent, (MONDAY + timedelta(days=1), True))
    deliver_queued()
    assert len([m for m in mails_to(EMAIL) if "réservations pour Lucas" in m["subject"]]) == 1


# --- the municipality's side -------------------------------------------------------------------------------------


def test_the_feed_lists_each_change_once_in_order_across_pages(parent, tenant, at_noon, monkeypatch):
    from portal.bookings import admin

    monkeypatch.setattr(admin, "FEED_PAGE", 3)
    book(parent, *[(MONDAY + timedelta(days=n), True) for n in range(5)])
    at_noon.move(1)
    book(parent, (MONDAY, False))
    at_noon.move(60)
    key = {"X-Api-Key": tenant}

    items, cursor = [], None
    while True:
        query = {"since": "2026-12-01T00:00:00Z", **({"cursor": cursor} if cursor else {})}
        reply = call("GET", f"/{TENANT}/admin/bookings", headers=key, query=query)
        assert reply.status == 200
        items += reply.json["items"]
        cursor = reply.json["next_cursor"]
        if not cursor:
            break

    assert [(i["date"], i["status"]) for i in items] == [
        ("2026-12-07", "booked"),
        ("2026-12-08", "booked"),
        ("2026-12-10", "booked"),
        ("2026-12-11", "booked"),
        ("2026-12-07", "cancelled"),
    ]
    assert len({i["event_id"] for i in items}) == 5 and items[0]["family_id"] == "F-001"
    tampered = call(
        "GET",
        f"/{TENANT}/admin/bookings",
        headers=key,
        query={"since": "2026-12-01T00:00:00Z", "cursor": "x" + (cursor or "abc")},
    )
    assert tampered.status == 422 and tampered.json["code"] == "invalid_cursor"


def test_a_feed_page_reads_what_it_returns_not_the_rest_of_its_day(crowd, tenant, at_noon, monkeypatch):
    """40 events of 40 children (spread over the day's shards), pages of 8: each page reads what it returns,
    at most an eighth of a page more from each shard, and its day's mark (it used to read every event left
    in the day, so paging a day cost its events squared; then a page from each shard, eight times what it
    returned)."""
    from portal.bookings import admin
    from portal.bookings.store import feed, keys

    monkeypatch.setattr(admin, "FEED_PAGE", 8)
    for n in range(40):
        assert book(crowd, (WEDNESDAY, True), child_id=f"E-{n:03d}", activity_id="MERC").status == 200
    assert len({keys.shard(f"E-{n:03d}") for n in range(40)}) == keys.FEED_SHARDS
    at_noon.move(60)
    real, read = feed.query_items, []

    def counted(*args, **kwargs):
        found = real(*args, **kwargs)
        read[-1] += len(found)
        return found

    monkeypatch.setattr(feed, "query_items", counted)
    items, cursor = [], None
    while True:
        read.append(0)
        query = {"since": "2026-12-01T00:00:00Z", **({"cursor": cursor} if cursor else {})}
        reply = call("GET", f"/{TENANT}/admin/bookings", headers={"X-Api-Key": tenant}, query=query).json
        items += reply["items"]
        cursor = reply["next_cursor"]
        if not cursor:
            break

    assert len(items) == len({i["event_id"] for i in items}) == 40
    assert max(read) <= admin.FEED_PAGE + keys.FEED_SHARDS * 1 + 1, read


def test_the_feed_shows_a_change_once_it_has_settled(parent, tenant, at_noon):
    book(parent, (MONDAY, True))

    def read() -> list:
        query = {"since": "2026-12-01T00:00:00Z"}
        return call("GET", f"/{TENANT}/admin/bookings", headers={"X-Api-Key": tenant}, query=query).json["items"]

    assert read() == []
    at_noon.move(31)
    assert len(read()) == 1


@pytest.mark.parametrize("since", [timedelta(seconds=-10), timedelta(0), timedelta(hours=1)])
def test_a_since_not_yet_settled_or_ahead_is_an_empty_page_not_a_reversed_between(parent, tenant, at_noon, since):
    """A ``since`` under the settle delay, or in the future, has nothing to show yet: an empty page. (DynamoDB
    refuses the BETWEEN it used to build, bounds reversed; the stand-in now refuses it too.)"""
    book(parent, (MONDAY, True))
    query = {"since": (NOW + since).strftime("%Y-%m-%dT%H:%M:%SZ")}

    reply = call("GET", f"/{TENANT}/admin/bookings", headers={"X-Api-Key": tenant}, query=query)

    assert (reply.status, reply.json["items"], reply.json.get("next_cursor")) == (200, [], None)


def test_a_unit_with_no_place_takes_no_booking(parent, tenant):
    """Capacity 0: the calendar says no place left, a booking waits (the activity keeps a waiting list), and the
    attendance list shows nobody booked."""
    assert send(tenant, activity(capacity=0)).status == 200

    [day] = [d for d in calendar(parent, MONDAY, MONDAY).json["days"] if d["date"] == MONDAY.isoformat()]
    answer = book(parent, (MONDAY, True)).json["results"][0]
    attendance = call(
        "GET",
        f"/{TENANT}/admin/activities/CANT-JF/attendance",
        headers={"X-Api-Key": tenant},
        query={"date": MONDAY.isoformat()},
    ).json["units"][0]

    assert day["units"][0]["places_left"] == 0
    assert answer["outcome"] == "waiting"
    assert (attendance["capacity"], attendance["booked"], attendance["waiting"]) == (0, 0, 1)


@pytest.mark.parametrize("since", ["0001-01-01T00:00:00Z", "0001-01-01T00:30:00+01:00"])
def test_the_first_moments_of_the_calendar_as_since_are_the_whole_feed_not_a_500(parent, tenant, at_noon, since):
    book(parent, (MONDAY, True))
    at_noon.move(31)

    reply = call("GET", f"/{TENANT}/admin/bookings", headers={"X-Api-Key": tenant}, query={"since": since})

    assert reply.status == 200 and len(reply.json["items"]) == 1


def test_an_activity_dated_in_year_one_is_rejected_alone(parent, tenant):
    """Its deadlines would fall before the first day Python holds: the line is rejected with its code, the rest
    of the file is accepted, and no calendar can meet it."""
    reply = send(tenant, activity("ANCIENT", **{"from": "0001-01-01", "to": "0001-12-31"}), child("E-009"))

    assert reply.json["accepted"] == 1
    assert [r["code"] for r in reply.json["rejected"]] == ["invalid_record"]


def test_an_opening_moment_before_year_one_in_utc_rejects_its_line_alone(parent, tenant):
    """0001-01-01T00:00:00+01:00 is before the first moment Python holds in UTC: that line is rejected with
    its code, the good lines of the same import are accepted."""
    reply = send(tenant, activity("EARLY", opens_at="0001-01-01T00:00:00+01:00"), child("E-009"))

    assert reply.status == 200
    assert reply.json["accepted"] == 1
    assert [r["code"] for r in reply.json["rejected"]] == ["invalid_record"]


def test_the_attendance_list_counts_per_unit_and_names_the_children(crowd, tenant):
    for n in range(4):
        book(crowd, (WEDNESDAY, True), child_id=f"E-{n:03d}", activity_id="MERC")

    reply = call(
        "GET",
        f"/{TENANT}/admin/activities/MERC/attendance",
        headers={"X-Api-Key": tenant},
        query={"date": WEDNESDAY.isoformat()},
    )

    [unit] = reply.json["units"]
    assert (unit["capacity"], unit["booked"], unit["waiting"], unit["absent"]) == (3, 3, 1, 0)
    assert [c["child_id"] for c in unit["children"]] == ["E-000", "E-001", "E-002", "E-003"]
    unknown = call(
        "GET",
        f"/{TENANT}/admin/activities/NONE/attendance",
        headers={"X-Api-Key": tenant},
        query={"date": WEDNESDAY.isoformat()},
    )
    assert unknown.status == 404 and unknown.json["code"] == "activity_not_found"


# --- faults --------------------------------------------------------------------------------------------------------


def test_dynamodb_failing_mid_request_leaves_no_half_taken_place_and_a_retry_completes(crowd):
    from botocore.exceptions import ClientError

    from portal.platform.table import connection

    from .test_faults import failing

    throttled = ClientError({"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow"}}, "op")
    with failing(connection().client, "TransactWriteItems", throttled):
        assert book(crowd, (WEDNESDAY, True), child_id="E-000", activity_id="MERC").status == 503

    unit = calendar(crowd, WEDNESDAY, WEDNESDAY, "E-000", "MERC").json["days"][0]["units"][0]
    assert (unit["status"], unit["places_left"]) == (None, 3)
    assert book(crowd, (WEDNESDAY, True), child_id="E-000", activity_id="MERC").json["results"][0]["outcome"] == (
        "booked"
    )
    unit = calendar(crowd, WEDNESDAY, WEDNESDAY, "E-000", "MERC").json["days"][0]["units"][0]
    assert (unit["status"], unit["places_left"]) == ("booked", 2)


def test_two_followers_booking_or_cancelling_the_same_day_at_once_change_it_once(parent, tenant, at_noon):
    other = active_account(OTHER)
    call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "FAM-7Q2K-9XWD"}, token=other)

    with ThreadPoolExecutor(max_workers=8) as pool:
        booked = list(pool.map(lambda n: book((parent, other)[n % 2], (MONDAY, True)), range(8)))
    with ThreadPoolExecutor(max_workers=8) as pool:
        cancelled = list(pool.map(lambda n: book((parent, other)[n % 2], (MONDAY, False)), range(8)))

    assert sorted(r.json["results"][0]["outcome"] for r in booked) == ["booked"] + ["unchanged"] * 7
    assert sorted(r.json["results"][0]["outcome"] for r in cancelled) == ["cancelled"] + ["unchanged"] * 7
    at_noon.move(60)
    events = call(
        "GET", f"/{TENANT}/admin/bookings", headers={"X-Api-Key": tenant}, query={"since": "2026-12-01T00:00:00Z"}
    ).json["items"]
    assert [e["status"] for e in events] == ["booked", "cancelled"]  # what the town bills from: each once


def test_a_cancel_a_rival_made_first_is_unchanged_and_the_others_of_its_request_still_go(parent, monkeypatch):
    from portal.bookings.store import places

    tuesday = MONDAY + timedelta(days=1)
    other = active_account(OTHER)
    call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "FAM-7Q2K-9XWD"}, token=other)
    book(parent, (MONDAY, True), (tuesday, True))
    real = places.bookings

    def read_then_rival(*args):
        found = real(*args)  # both booked; then the other follower cancels Tuesday before this request writes
        monkeypatch.setattr(places, "bookings", real)
        assert book(other, (tuesday, False)).json["results"][0]["outcome"] == "cancelled"
        return found

    monkeypatch.setattr(places, "bookings", read_then_rival)
    reply = book(parent, (MONDAY, False), (tuesday, False))

    assert [r["outcome"] for r in reply.json["results"]] == ["cancelled", "unchanged"]
    assert [d["units"][0]["status"] for d in calendar(parent, MONDAY, tuesday).json["days"]] == [None, None]


def test_a_counted_place_a_rival_took_first_for_the_same_child_is_unchanged_not_full(crowd, tenant, monkeypatch):
    from portal.bookings.store import places

    send(tenant, activity("MERC", capacity=3, weekdays=["wed"], waiting_list=False))  # "full" would be refused
    other = active_account(OTHER)
    call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "FAM-7Q2K-9XWD"}, token=other)
    real = places.bookings

    def read_then_rival(*args):
        found = real(*args)  # nothing booked; then the other follower books the same day before this writes
        monkeypatch.setattr(places, "bookings", real)
        assert book(other, (WEDNESDAY, True), child_id="E-000", activity_id="MERC").json["results"][0]["outcome"] == (
            "booked"
        )
        return found

    monkeypatch.setattr(places, "bookings", read_then_rival)
    reply = book(crowd, (WEDNESDAY, True), child_id="E-000", activity_id="MERC")

    assert reply.json["results"][0]["outcome"] == "unchanged"
    unit = calendar(crowd, WEDNESDAY, WEDNESDAY, "E-000", "MERC").json["days"][0]["units"][0]
    assert (unit["status"], unit["places_left"]) == ("booked", 2)


def test_a_transaction_that_met_another_is_tried_again_not_answered_503(crowd, monkeypatch):
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    real, calls = BaseClient._make_api_call, []

    def conflicting_twice(self, operation, params):
        if operation == "TransactWriteItems" and len(calls) < 2:
            calls.append(operation)
            reasons = [{"Code": "TransactionConflict"}] + [{"Code": "None"}] * (len(params["TransactItems"]) - 1)
            error = {"Error": {"Code": "TransactionCanceledException", "Message": "conflict"}}
            raise ClientError({**error, "CancellationReasons": reasons}, operation)
        return real(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", conflicting_twice)
    reply = book(crowd, (WEDNESDAY, True), child_id="E-000", activity_id="MERC")

    assert reply.status == 200 and reply.json["results"][0]["outcome"] == "booked"
    assert len(calls) == 2


# --- absences (issue 24) --------------------------------------------------------------------------------------


def absence(
    token: str,
    first: date,
    last: date,
    reason: str = "illness",
    comment: str | None = "Fièvre",
    child_id: str = "E-001",
    activity_id: str = "CANT-JF",
):
    body = {
        "activity_id": activity_id,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "reason": reason,
        **({"comment": comment} if comment is not None else {}),
    }
    return call("POST", f"/{TENANT}/children/{child_id}/absences", body, token=token)


def test_an_absence_cancels_what_still_can_be_and_marks_the_rest_absent_with_its_reason(parent, tenant, at_noon):
    thursday = date(2026, 12, 3)  # cancellable until Tuesday 1 December at 10:00 in Paris
    book(parent, (thursday, True), (MONDAY, True))
    at_noon.move(3600 * 2)  # 11:00: Thursday's deadline is passed, Monday's is not

    reply = absence(parent, thursday, MONDAY)

    assert reply.status == 200
    assert reply.json == {
        "absent": [{"date": "2026-12-03", "unit_id": "REPAS"}],
        "cancelled": [{"date": "2026-12-07", "unit_id": "REPAS"}],
    }
    days = calendar(parent, thursday, MONDAY).json["days"]
    assert [(d["date"], d["units"][0]["status"]) for d in days] == [
        ("2026-12-03", "absent"),
        ("2026-12-04", None),
        ("2026-12-07", None),
    ]
    attendance = call(
        "GET",
        f"/{TENANT}/admin/activities/CANT-JF/attendance",
        headers={"X-Api-Key": tenant},
        query={"date": thursday.isoformat()},
    ).json["units"][0]
    assert (attendance["booked"], attendance["absent"]) == (1, 1)
    at_noon.move(60)
    events = call(
        "GET", f"/{TENANT}/admin/bookings", headers={"X-Api-Key": tenant}, query={"since": "2026-12-01T00:00:00Z"}
    ).json["items"]
    assert [(e["date"], e["status"], e["reason"], e["comment"]) for e in events[-2:]] == [
        ("2026-12-03", "absent", "illness", "Fièvre"),
        ("2026-12-07", "cancelled", "illness", "Fièvre"),
    ]
    assert absence(parent, thursday, MONDAY).json == {"absent": [], "cancelled": []}  # nothing left to change


def test_an_absence_frees_a_counted_place_for_the_waiting_list_at_once(crowd):
    for n in range(4):
        book(crowd, (WEDNESDAY, True), child_id=f"E-{n:03d}", activity_id="MERC")

    reply = absence(crowd, WEDNESDAY, WEDNESDAY, reason="other", comment=None, child_id="E-000", activity_id="MERC")

    assert reply.json["cancelled"] == [{"date": "2026-12-09", "unit_id": "REPAS"}]
    unit = calendar(crowd, WEDNESDAY, WEDNESDAY, "E-003", "MERC").json["days"][0]["units"][0]
    assert unit["status"] == "booked"


def test_an_absence_racing_the_promotion_of_its_waiting_entry_cancels_the_place_it_got(crowd, monkeypatch):
    from portal.bookings.store import places

    for n in range(4):
        book(crowd, (WEDNESDAY, True), child_id=f"E-{n:03d}", activity_id="MERC")
    real = places.bookings

    def read_then_promoted(*args):
        found = real(*args)  # E-003 waiting; then a place frees and goes to it before the absence writes
        monkeypatch.setattr(places, "bookings", real)
        book(crowd, (WEDNESDAY, False), child_id="E-000", activity_id="MERC")
        return found

    monkeypatch.setattr(places, "bookings", read_then_promoted)
    reply = absence(crowd, WEDNESDAY, WEDNESDAY, reason="other", comment=None, child_id="E-003", activity_id="MERC")

    assert reply.json == {"absent": [], "cancelled": [{"date": "2026-12-09", "unit_id": "REPAS"}]}
    unit = calendar(crowd, WEDNESDAY, WEDNESDAY, "E-003", "MERC").json["days"][0]["units"][0]
    assert (unit["status"], unit["places_left"]) == (None, 1)


@pytest.mark.parametrize(
    ("first", "last", "code"),
    [
        (NOW.date() - timedelta(days=8), NOW.date(), "too_far_back"),
        (MONDAY, MONDAY - timedelta(days=1), "invalid_range"),
        (MONDAY, MONDAY + timedelta(days=62), "range_too_long"),
    ],
)
def test_an_absence_too_far_back_backwards_or_too_long_is_422(parent, first, last, code):
    reply = absence(parent, first, last)

    assert reply.status == 422 and reply.json["code"] == code


def test_dynamodb_failing_mid_absence_leaves_no_half_state_and_a_retry_completes(parent, at_noon):
    from botocore.exceptions import ClientError

    from portal.platform.table import connection

    from .test_faults import failing

    thursday, friday = date(2026, 12, 3), date(2026, 12, 4)
    book(parent, (thursday, True), (friday, True))
    at_noon.move(3600 * 50)  # both past their deadlines: both become absent, one transaction each
    throttled = ClientError({"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow"}}, "op")
    with failing(connection().client, "TransactWriteItems", throttled):
        assert absence(parent, thursday, friday).status == 503

    units = [d["units"][0]["status"] for d in calendar(parent, thursday, friday).json["days"]]
    assert units == ["booked", "booked"]
    assert len(absence(parent, thursday, friday).json["absent"]) == 2


# --- days the town closes (issue 24) ----------------------------------------------------------------------------


def feed(tenant: str) -> list[dict]:
    query = {"since": "2026-12-01T00:00:00Z"}
    return call("GET", f"/{TENANT}/admin/bookings", headers={"X-Api-Key": tenant}, query=query).json["items"]


def closing_mails(address: str) -> list[dict]:
    return [m for m in mails_to(address) if "jours de fermeture" in m["subject"]]


def statuses(token: str, day: date, count: int = 5) -> list[str | None]:
    found = []
    for n in range(count):
        days = calendar(token, day, day, f"E-{n:03d}", "MERC").json["days"]
        found.append(days[0]["units"][0]["status"] if days else "not open")
    return found


def test_a_closed_day_cancels_its_bookings_and_waiting_entries_and_mails_each_follower_once(
    full_wednesday, tenant, at_noon
):
    closing = activity("MERC", capacity=3, weekdays=["wed"], closed=["2026-11-11", WEDNESDAY.isoformat()])
    assert send(tenant, closing).json == {"accepted": 1, "rejected": []}
    deliver_queued(at_noon)

    assert statuses(full_wednesday, WEDNESDAY) == ["not open"] * 5
    assert statuses(full_wednesday, WEDNESDAY + timedelta(days=7), 1) == ["booked"]
    at_noon.move(60)
    closed = [e for e in feed(tenant) if e["status"] == "cancelled"]
    assert sorted((e["child_id"], e["date"], e["reason"]) for e in closed) == [
        (f"E-{n:03d}", "2026-12-09", "closed") for n in range(5)
    ]
    for address in (EMAIL, OTHER):
        [mail] = closing_mails(address)
        assert mail["text"].count("Restauration scolaire – École Jules Ferry · mercredi 9 décembre 2026") == 5

    send(tenant, closing)  # the same file again: nothing left to cancel, no second mail
    deliver_queued(at_noon)
    assert len(closing_mails(EMAIL)) == len(closing_mails(OTHER)) == 1
    assert len([e for e in feed(tenant) if e["status"] == "cancelled"]) == 5


def test_a_closed_day_s_places_go_to_no_one(full_wednesday, tenant, at_noon):
    send(tenant, activity("MERC", capacity=3, weekdays=["wed"], closed=[WEDNESDAY.isoformat()]))
    deliver_queued(at_noon)

    assert [m for m in mails_to(EMAIL) if "place obtenue" in m["subject"]] == []
    attendance = call(
        "GET",
        f"/{TENANT}/admin/activities/MERC/attendance",
        headers={"X-Api-Key": tenant},
        query={"date": WEDNESDAY.isoformat()},
    ).json
    assert attendance["units"][0]["booked"] == 0


def test_an_enrolment_cut_shorter_cancels_the_days_it_no_longer_covers(parent, tenant, at_noon):
    tuesday = MONDAY + timedelta(days=1)
    book(parent, (MONDAY, True), (tuesday, True))

    send(tenant, enrolment(to=MONDAY.isoformat()))
    deliver_queued()

    assert [(d["date"], d["units"][0]["status"]) for d in calendar(parent, MONDAY, tuesday).json["days"]] == [
        ("2026-12-07", "booked")
    ]
    at_noon.move(60)
    assert [(e["date"], e["status"], e["reason"]) for e in feed(tenant)][-1] == ("2026-12-08", "cancelled", "closed")
    [mail] = closing_mails(EMAIL)
    assert "Lucas · Restauration scolaire – École Jules Ferry · mardi 8 décembre 2026 · Repas" in mail["text"]


def queued(kind: str) -> list[dict]:
    """The booking queues' messages of one kind (a closing's steps on the closures queue, mails on the mails
    queue), taken off the queue."""
    import json

    import boto3

    from portal.platform.config import settings

    closing = kind in ("closing", "closed")
    url = settings().booking_closures_queue_url if closing else settings().booking_mails_queue_url
    sqs, found = boto3.client("sqs"), []
    while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
        for m in messages:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
            found += [json.loads(m["Body"])] if json.loads(m["Body"])["kind"] == kind else []
    return found


def test_each_step_of_a_closing_delivered_twice_at_once_cancels_once_and_mails_once(full_wednesday, tenant, at_noon):
    from portal.bookings import closures
    from portal.platform.errors import ServiceUnavailable

    send(tenant, activity("MERC", capacity=3, weekdays=["wed"], closed=[WEDNESDAY.isoformat()]))
    [closing] = queued("closing")
    at_noon.move(closures.INDEX_SETTLE)

    with ThreadPoolExecutor(max_workers=2) as pool:
        found = list(pool.map(closures.find, [closing, closing]))
    [family] = {m["id"]: m for m in queued("closed")}.values()  # the same message twice: one id

    def as_sqs(message: dict) -> int:  # a delivery that met its rival's cancels fails and comes back, as SQS does
        for _ in range(9):
            try:
                return closures.deliver(message)
            except ServiceUnavailable:
                continue
        return closures.deliver(message)

    with ThreadPoolExecutor(max_workers=2) as pool:
        sent = list(pool.map(as_sqs, [family, family]))

    assert found == [5, 5] and sum(sent) == 2  # one mail for each follower, whichever delivery sent it
    at_noon.move(60)
    assert len([e for e in feed(tenant) if e["status"] == "cancelled"]) == 5
    assert len(closing_mails(EMAIL)) == len(closing_mails(OTHER)) == 1


def test_a_long_closing_is_queued_in_messages_of_at_most_a_hundred_days(parent, tenant):
    from portal.bookings.closures import CLOSINGS_PER_MESSAGE

    send(tenant, activity(to="2026-12-04"))  # shorter dates: every running day from 7 December to 3 July

    closings = queued("closing")
    assert [len(m["closings"]) for m in closings] == [CLOSINGS_PER_MESSAGE, 20]  # 120 days: 30 weeks of 4
    assert len({m["id"] for m in closings}) == 2


def test_a_booking_written_while_the_import_ran_is_closed_too(full_wednesday, tenant, at_noon):
    from portal.bookings.model import Booking
    from portal.bookings.rules import Wait
    from portal.bookings.store import places

    send(tenant, activity("MERC", capacity=3, weekdays=["wed"], closed=[WEDNESDAY.isoformat()]))
    # A request that read the activity before the import stored it, and wrote after: the day is read after.
    late = Booking("E-005", "MERC", "REPAS", WEDNESDAY, "waiting")
    assert not places.apply(TENANT, "F-001", [Wait(late)]).lost
    deliver_queued(at_noon)

    assert statuses(full_wednesday, WEDNESDAY, 6) == ["not open"] * 6
    at_noon.move(60)
    assert len([e for e in feed(tenant) if e["status"] == "cancelled"]) == 6
    assert closing_mails(EMAIL)[0]["text"].count("mercredi 9 décembre 2026") == 6


def test_dynamodb_failing_mid_closing_retries_to_completion_without_duplicates(
    full_wednesday, tenant, at_noon, monkeypatch
):
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    from portal.bookings import closures

    deliver_queued()  # the bookings' summaries
    send(tenant, activity("MERC", capacity=3, weekdays=["wed"], closed=[WEDNESDAY.isoformat()]))
    real, calls = BaseClient._make_api_call, []

    def third_transaction_failing(self, operation, params):  # an outage: a throttle would be queued again
        if operation == "TransactWriteItems":
            calls.append(params)
            if len(calls) == 3:
                raise ClientError({"Error": {"Code": "InternalServerError", "Message": ""}}, "op")
        return real(self, operation, params)

    at_noon.move(closures.INDEX_SETTLE)
    assert drain("ApplyClosuresFunction", rounds=1) == {"delivered": 1, "failed": 0}  # the closing: read
    monkeypatch.setattr(BaseClient, "_make_api_call", third_transaction_failing)
    first = drain("ApplyClosuresFunction", rounds=1)  # the family's: cancelled, the third one failing
    monkeypatch.setattr(BaseClient, "_make_api_call", real)
    assert first["failed"] == 1 and closing_mails(EMAIL) == []
    assert statuses(full_wednesday, WEDNESDAY) == ["not open"] * 5  # the import stored the closing

    deliver_queued()

    at_noon.move(60)
    assert len([e for e in feed(tenant) if e["status"] == "cancelled"]) == 5
    assert len(closing_mails(EMAIL)) == len(closing_mails(OTHER)) == 1
    slot = call(
        "GET",
        f"/{TENANT}/admin/activities/MERC/attendance",
        headers={"X-Api-Key": tenant},
        query={"date": WEDNESDAY.isoformat()},
    ).json["units"][0]
    assert slot["booked"] == 0


def test_ses_throttling_a_closed_day_s_mail_queues_it_again_cancelled_once_mailed_once(
    full_wednesday, tenant, at_noon, monkeypatch
):
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    from portal.bookings import closures
    from portal.platform import queues

    deliver_queued()  # the bookings' summaries
    send(tenant, activity("MERC", capacity=3, weekdays=["wed"], closed=[WEDNESDAY.isoformat()]))
    monkeypatch.setattr(queues, "THROTTLED_WAIT", (0, 0))
    real, sends = BaseClient._make_api_call, []

    def first_send_throttled(self, operation, params):
        if operation == "SendRawEmail":
            sends.append(params)
            if len(sends) == 1:
                raise ClientError({"Error": {"Code": "Throttling", "Message": "Maximum sending rate exceeded"}}, "op")
        return real(self, operation, params)

    at_noon.move(closures.INDEX_SETTLE)
    assert drain("ApplyClosuresFunction", rounds=1) == {"delivered": 1, "failed": 0}  # the closing: read
    monkeypatch.setattr(BaseClient, "_make_api_call", first_send_throttled)
    assert drain("ApplyClosuresFunction", rounds=1)["failed"] == 0  # cancelled; its mail refused: queued again
    assert statuses(full_wednesday, WEDNESDAY) == ["not open"] * 5
    assert drain("ApplyClosuresFunction")["failed"] == 0  # the copy: nothing left to cancel, the mail goes

    at_noon.move(60)
    assert len([e for e in feed(tenant) if e["status"] == "cancelled"]) == 5  # each booking cancelled once
    assert len(closing_mails(EMAIL)) == len(closing_mails(OTHER)) == 1


def test_a_unit_removed_from_an_activity_cancels_its_bookings_and_keeps_the_others(parent, tenant, at_noon):
    two_units = [
        {"unit_id": "REPAS", "label": "Repas", "price": "3.20", "capacity": None},
        {"unit_id": "GOUTER", "label": "Goûter", "price": "0.80", "capacity": None},
    ]
    send(tenant, activity(units=two_units))
    book(parent, (MONDAY, True))
    book(parent, (MONDAY, True), unit="GOUTER")

    send(tenant, activity(units=two_units[1:]))
    deliver_queued(at_noon)

    [day] = calendar(parent, MONDAY, MONDAY).json["days"]
    assert [(u["unit_id"], u["status"]) for u in day["units"]] == [("GOUTER", "booked")]
    at_noon.move(60)
    assert [(e["unit_id"], e["status"], e["reason"]) for e in feed(tenant)][-1] == ("REPAS", "cancelled", "closed")
    [mail] = closing_mails(EMAIL)
    assert "Lucas · Restauration scolaire – École Jules Ferry · lundi 7 décembre 2026 · REPAS" in mail["text"]


def test_a_day_past_the_booking_horizon_is_not_bookable_yet(parent, tenant):
    from portal.bookings.days import HORIZON_DAYS

    send(tenant, activity(to="2029-07-01"), enrolment(to="2029-07-01"))
    far = MONDAY + timedelta(weeks=(HORIZON_DAYS // 7) + 1)

    assert calendar(parent, far, far).json["days"][0]["units"][0]["bookable"] is False
    result = book(parent, (far, True)).json["results"][0]
    assert (result["outcome"], result["code"]) == ("refused", "booking_not_open")


def test_a_closing_its_import_never_stored_waits_then_keeps_the_bookings(full_wednesday, tenant, at_noon):
    from dataclasses import replace

    from portal.bookings import closures
    from portal.bookings.store import published

    before = published.activities(TENANT, ["MERC"])
    closing = replace(before["MERC"], closed=frozenset({WEDNESDAY}))
    closures.activities(TENANT, "import-that-failed", before, [closing])  # queued, never stored

    assert drain("ApplyClosuresFunction", rounds=2)["failed"] >= 1
    assert statuses(full_wednesday, WEDNESDAY) == ["booked"] * 3 + ["waiting"] * 2
    at_noon.move(closures.STORING_WAIT + 1)

    assert drain("ApplyClosuresFunction") == {"delivered": 1, "failed": 0}
    assert statuses(full_wednesday, WEDNESDAY) == ["booked"] * 3 + ["waiting"] * 2
    assert closing_mails(EMAIL) == []
