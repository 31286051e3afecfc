"""Enrolment requests and bookings that respect the file (API.md v1.3, "Enrolment requests", "Bookings and the
file"): the activity's window and bounds published, the activities a child may ask for, every refusal of a
request, the papers it lists and that show as missing at once, the town's acceptance (the child books at
once) and refusal, two parents asking at the same moment; then bookings refused for a file not certified or
a paper missing, in the contract's order, never a cancellation, and the calendar saying why. The real
handlers on moto, at the bookings tests' fixed moment (Tuesday 1 December 2026, 09:00 in Paris)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest

from .bookings_world import EMAIL, MONDAY, activity, book, calendar, child, deliver_queued, enrolment
from .helpers import OTHER, TENANT, active_account, call, family, mails_to, reset_container_caches, send

WINDOW = {
    "opens_at": "2026-11-20T08:00:00+01:00",
    "closes_at": "2026-12-15T18:00:00+01:00",
    "min_birth_date": "2015-01-01",
    "max_birth_date": "2020-12-31",
}
SUMMER = activity(
    "ALSH-ETE",
    capacity=24,
    label="Centre de loisirs – été",
    nature="Centre de loisirs",
    **{"from": "2027-07-05", "to": "2027-07-30"},
    weekdays=["mon", "tue", "wed", "thu", "fri"],
    enrolment_requests=WINDOW,
    requires=["documents"],
)
INSURANCE = {
    "type": "document_type",
    "document_type_id": "ASSURANCE",
    "label": "Attestation d'assurance scolaire",
    "scope": "child",
    "validity_months": 12,
    "required_for": ["ALSH-ETE", "PERI"],
}
ADDRESS = {
    "type": "document_type",
    "document_type_id": "DOMICILE",
    "label": "Justificatif de domicile",
    "scope": "family",
    "validity_months": None,
    "required_for": ["ALSH-ETE"],
}


@pytest.fixture
def parents(tenant, at_noon):
    """F-001: Lucas (E-001, born 2016) enrolled in the meals, Emma (E-002, born 2021: too young for the
    summer centre); two parents follow it, a third account follows F-002 (Paul, E-009)."""
    records = [family(), child(), child("E-002", first_name="Emma", birth_date="2021-02-02"), activity(), enrolment()]
    records += [SUMMER, INSURANCE, ADDRESS, family("F-002", code="FAM-AAAA-BBBB", label="Famille B")]
    records += [child("E-009", "F-002", first_name="Paul")]
    assert send(tenant, *records).json["rejected"] == []
    first, second, stranger = active_account(EMAIL), active_account(OTHER), active_account("tiers@example.org")
    for token, code in ((first, "FAM-7Q2K-9XWD"), (second, "FAM-7Q2K-9XWD"), (stranger, "FAM-AAAA-BBBB")):
        assert call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": code}, token=token).status == 201
    return first, second, stranger


def offered(token: str, child_id: str = "E-001"):
    return call("GET", f"/{TENANT}/children/{child_id}/activities", token=token)


def ask(token: str, child_id: str = "E-001", **changes):
    body = {"activity_id": "ALSH-ETE", "from": "2027-07-05", **changes}
    return call("POST", f"/{TENANT}/children/{child_id}/enrolment-requests", body, token=token)


def decide(admin_key: str, request_id: str, decision: str, reason: str | None = None):
    body = {"decision": decision, **({"reason": reason} if reason else {})}
    return call("POST", f"/{TENANT}/admin/requests/{request_id}/decision", body, headers={"X-Api-Key": admin_key})


def missing(token: str, family_id: str = "F-001") -> list[dict]:
    reply = call("GET", f"/{TENANT}/families/{family_id}/documents", token=token)
    assert reply.status == 200, reply.json
    return reply.json["missing"]


# --- the activity's record --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"enrolment_requests": {**WINDOW, "closes_at": WINDOW["opens_at"]}},
        {"enrolment_requests": {**WINDOW, "min_birth_date": "2021-01-01", "max_birth_date": "2020-01-01"}},
        {"enrolment_requests": {**WINDOW, "opens_at": "2026-11-20"}},
        {"enrolment_requests": {"opens_at": WINDOW["opens_at"]}},
        {"enrolment_requests": {**WINDOW, "extra": 1}},
        {"requires": ["documents", "documents"]},
        {"requires": ["insurance"]},
        {"requires": "documents"},
    ],
)
def test_an_activity_with_a_bad_window_or_requirement_is_rejected_alone(tenant, changes):
    report = send(tenant, activity("A-BAD", **changes), activity("A-GOOD")).json

    assert report["accepted"] == 1 and [r["line"] for r in report["rejected"]] == [1], report


def test_republishing_an_activity_keeps_its_pending_requests_and_may_close_its_window(parents, tenant):
    first, _, _ = parents
    asked = ask(first).json
    assert send(tenant, SUMMER).json["accepted"] == 1

    assert call("GET", f"/{TENANT}/requests/{asked['request_id']}", token=first).json["status"] == "pending"
    assert [a["status"] for a in offered(first).json["items"]] == ["requested"]
    assert send(tenant, {**SUMMER, "enrolment_requests": None}).json["accepted"] == 1
    assert offered(first).json == {"items": []}  # no longer open to requests: not listed


# --- what a child may ask for ----------------------------------------------------------------------------------


def test_a_child_sees_the_activities_open_now_it_is_eligible_for_with_their_papers(parents, tenant, at_noon):
    first, _, _ = parents
    unbounded = {**WINDOW, "min_birth_date": None, "max_birth_date": None}
    send(tenant, activity("MERC", weekdays=["wed"], enrolment_requests=unbounded))

    items = offered(first).json["items"]

    assert items == [
        {
            "activity_id": "ALSH-ETE",
            "label": "Centre de loisirs – été",
            "nature": "Centre de loisirs",
            "from": "2027-07-05",
            "to": "2027-07-30",
            "closes_at": "2026-12-15T17:00:00Z",
            "required_document_type_ids": ["ASSURANCE", "DOMICILE"],
            "status": None,
        },
        {
            "activity_id": "MERC",
            "label": "Restauration scolaire – École Jules Ferry",
            "nature": "Restauration scolaire",
            "from": "2026-09-01",
            "to": "2027-07-03",
            "closes_at": "2026-12-15T17:00:00Z",
            "required_document_type_ids": [],
            "status": None,
        },
    ]
    # Emma, born 2021, is too young for the summer centre (its bounds), not for the Wednesdays (none).
    assert [a["activity_id"] for a in offered(first, "E-002").json["items"]] == ["MERC"]
    at_noon.move(14 * 86_400 + 9 * 3_600)  # 15 December, 18:00 in Paris: both windows closed (excluded)
    assert offered(first).json == {"items": []}


def test_the_activities_of_another_familys_child_are_404(parents):
    first, _, stranger = parents

    assert offered(stranger).status == 404 and offered(stranger).json["code"] == "child_not_found"
    assert offered(first, "E-404").json["code"] == "child_not_found"


# --- asking -------------------------------------------------------------------------------------------------------


def test_a_request_lists_its_missing_papers_which_show_as_missing_at_once(parents):
    first, second, _ = parents
    assert missing(first) == []  # the meals require nothing

    reply = ask(first, comment="  Du lundi au vendredi, merci.  ")

    assert reply.status == 201, reply.json
    asked = reply.json
    assert (asked["kind"], asked["status"], asked["family_id"], asked["child_id"]) == (
        "enrolment",
        "pending",
        "F-001",
        "E-001",
    )
    assert asked["summary"] == "Inscription de Lucas MARTIN – Centre de loisirs – été"
    assert asked["details"] == {
        "activity_id": "ALSH-ETE",
        "from": "2027-07-05",
        "comment": "Du lundi au vendredi, merci.",
        "missing_document_type_ids": ["ASSURANCE", "DOMICILE"],
    }
    assert missing(second) == [
        {"document_type_id": "ASSURANCE", "label": "Attestation d'assurance scolaire", "child_id": "E-001"}
        | {"activity_ids": ["ALSH-ETE"]},
        {"document_type_id": "DOMICILE", "label": "Justificatif de domicile", "child_id": None}
        | {"activity_ids": ["ALSH-ETE"]},
    ]
    assert [a["status"] for a in offered(second).json["items"]] == ["requested"]
    listed = call("GET", f"/{TENANT}/requests", token=second, query={"kind": "enrolment"}).json["items"]
    assert [r["request_id"] for r in listed] == [asked["request_id"]]


@pytest.mark.parametrize(
    ("child_id", "changes", "status", "code"),
    [
        ("E-009", {}, 404, "child_not_found"),
        ("E-001", {"activity_id": "NOPE"}, 404, "activity_not_found"),
        ("E-001", {"from": "2027-08-01"}, 422, "invalid_date"),
        ("E-001", {"from": "2027-07-04"}, 422, "invalid_date"),
        ("E-001", {"activity_id": "CANT-JF", "from": "2026-12-07"}, 409, "already_enrolled"),
        ("E-002", {}, 422, "not_eligible"),
        ("E-001", {"comment": "a\u0000b"}, 422, "invalid_text"),
        ("E-001", {"comment": "x" * 501}, 422, "too_long"),
        ("E-001", {"from": "5 juillet"}, 422, None),
    ],
)
def test_a_request_refused_changes_nothing(parents, child_id, changes, status, code):
    first, _, _ = parents

    reply = ask(first, child_id, **changes)

    assert reply.status == status, reply.json
    assert code is None or code in (reply.json["code"], *(e["code"] for e in reply.json.get("errors", [])))
    assert call("GET", f"/{TENANT}/requests", token=first).json["items"] == []


def test_outside_its_window_or_without_one_asking_is_enrolment_closed(parents, tenant, at_noon):
    first, _, _ = parents
    send(tenant, activity("MERC", weekdays=["wed"]))  # published without a window

    closed = ask(first, activity_id="MERC", **{"from": "2026-12-09"})
    assert closed.json["code"] == "enrolment_closed", closed.json
    at_noon.move(14 * 86_400 + 9 * 3_600)  # 15 December, 18:00 in Paris: closes_at is excluded
    assert ask(first).json["code"] == "enrolment_closed"
    at_noon.move(-(14 * 86_400 + 9 * 3_600) - 12 * 86_400)  # 19 November: before opens_at
    assert ask(first).json["code"] == "enrolment_closed"


def test_asking_twice_is_request_pending_and_after_a_cancellation_it_may_ask_again(parents):
    first, second, _ = parents
    asked = ask(first).json

    assert (ask(second).status, ask(second).json["code"]) == (409, "request_pending")
    assert call("POST", f"/{TENANT}/requests/{asked['request_id']}/cancellation", token=second).status == 200
    assert ask(second).status == 201


def test_asking_cancelling_and_asking_again_has_a_budget_a_day(parents):
    from portal.enrolments.asking import ASKS

    first, second, _ = parents
    for _ in range(ASKS.limit):
        asked = ask(first).json
        assert call("POST", f"/{TENANT}/requests/{asked['request_id']}/cancellation", token=first).status == 200

    over = ask(first)

    assert over.status == 429 and over.json["code"] == "too_many_attempts" and int(over.headers["Retry-After"]) > 0
    assert ask(first, activity_id="CANT-JF", **{"from": "2026-12-07"}).json["code"] == "already_enrolled"
    assert ask(second).status == 201  # the other parent's account has its own budget


def test_two_parents_asking_at_the_same_moment_make_one_request(parents):
    first, second, _ = parents

    with ThreadPoolExecutor(8) as pool:
        replies = list(pool.map(lambda token: ask(token), [first, second] * 4))

    assert sorted(r.status for r in replies) == [201] + [409] * 7
    listed = call("GET", f"/{TENANT}/requests", token=first, query={"kind": "enrolment"}).json["items"]
    assert len(listed) == 1


# --- the town's answer ------------------------------------------------------------------------------------------


def test_an_accepted_request_enrols_the_child_who_books_at_once_and_each_parent_is_mailed_once(parents, tenant):
    first, second, _ = parents
    send(tenant, {**SUMMER, "requires": []})
    asked = ask(first, **{"from": "2027-07-12"}).json
    assert book(first, (date(2027, 7, 12), True), activity_id="ALSH-ETE", unit="REPAS").status == 404

    assert decide(tenant, asked["request_id"], "accepted").status == 200
    assert decide(tenant, asked["request_id"], "accepted").status == 200  # again: nothing changes
    deliver_queued()

    children = call("GET", f"/{TENANT}/children", token=second).json["items"]
    lucas = next(c for c in children if c["child_id"] == "E-001")
    summer = next(a for a in lucas["activities"] if a["activity_id"] == "ALSH-ETE")
    assert (summer["from"], summer["to"]) == ("2027-07-12", "2027-07-30")
    booked = book(second, (date(2027, 7, 12), True), (date(2027, 7, 9), True), activity_id="ALSH-ETE")
    assert [r["outcome"] for r in booked.json["results"]] == ["booked", "refused"]  # the 9th: before its from
    assert [a["status"] for a in offered(first).json["items"]] == ["enrolled"]
    assert ask(first).json["code"] == "already_enrolled"
    for email in (EMAIL, OTHER):
        assert len([m for m in mails_to(email) if "acceptée" in m["subject"]]) == 1


def test_an_accepted_request_keeps_an_enrolment_the_town_published_meanwhile(parents, tenant):
    first, _, _ = parents
    asked = ask(first).json
    send(tenant, enrolment("E-001", "ALSH-ETE", **{"from": "2027-07-19", "to": "2027-07-23"}))

    assert decide(tenant, asked["request_id"], "accepted").json["status"] == "accepted"

    lucas = next(c for c in call("GET", f"/{TENANT}/children", token=first).json["items"] if c["child_id"] == "E-001")
    summer = next(a for a in lucas["activities"] if a["activity_id"] == "ALSH-ETE")
    assert (summer["from"], summer["to"]) == ("2027-07-19", "2027-07-23")


def test_a_refused_request_stores_nothing_and_mails_without_its_reason(parents, tenant):
    first, _, _ = parents
    asked = ask(first).json

    assert decide(tenant, asked["request_id"], "refused", "Plus de place <b>cet été</b>").status == 200
    deliver_queued()

    assert [a["status"] for a in offered(first).json["items"]] == [None]
    assert missing(first) == []  # no longer asked: nothing required
    [mail] = [m for m in mails_to(EMAIL) if "refusée" in m["subject"]]
    assert "cet été" not in mail["text"] and "cet été" not in mail["html"]
    assert ask(first).status == 201  # it may ask again


# --- bookings and the file ----------------------------------------------------------------------------------------


@pytest.fixture
def required(parents, tenant):
    """The after-school care requires a certified file (every 12 months) and its papers; Lucas is in it."""
    from portal.tenancy.provisioning import set_family_file

    peri = activity("PERI", label="Accueil périscolaire", requires=["certified_file", "documents"])
    assert send(tenant, peri, enrolment("E-001", "PERI")).json["rejected"] == []
    set_family_file(TENANT, 12, [])
    reset_container_caches()
    return parents[0]


def test_a_booking_is_refused_while_the_file_is_not_certified_then_while_a_paper_is_missing(required, at_noon):
    token = required
    week = [MONDAY + timedelta(days=n) for n in (0, 1, 3)]

    first = book(token, *((day, True) for day in week), (date(2026, 12, 9), True), activity_id="PERI")
    # Wednesday is not an open day: not_open comes first; the others wait for the certification.
    assert [(r["outcome"], r["code"]) for r in first.json["results"]] == [("refused", "file_not_certified")] * 3 + [
        ("refused", "not_open")
    ]
    assert call("POST", f"/{TENANT}/families/F-001/file/certification", token=token).status == 200
    assert [r["code"] for r in book(token, (MONDAY, True), activity_id="PERI").json["results"]] == ["documents_missing"]


def test_with_the_file_certified_and_its_paper_received_the_child_books(required, tenant):
    token = required
    call("POST", f"/{TENANT}/families/F-001/file/certification", token=token)
    receive_insurance(token)

    assert [r["outcome"] for r in book(token, (MONDAY, True), activity_id="PERI").json["results"]] == ["booked"]


def receive_insurance(token: str) -> None:
    """Lucas's insurance paper, received (its file arrived and was checked)."""
    from .test_documents import PDF, arrive, declare

    declared = declare(token, document_type_id="ASSURANCE", child_id="E-001")
    assert declared.status == 201, declared.json
    arrive(declared.json["upload"]["fields"]["key"], PDF)


def test_a_day_past_its_deadline_is_refused_for_the_file_first_and_a_cancellation_never_is(required, tenant):
    token = required
    call("POST", f"/{TENANT}/families/F-001/file/certification", token=token)
    receive_insurance(token)
    assert book(token, (MONDAY, True), activity_id="PERI").json["summary"]["booked"] == 1
    # A new paper type required: the papers are missing again.
    send(tenant, {**INSURANCE, "document_type_id": "VACCINS", "label": "Vaccins", "required_for": ["PERI"]})

    answer = book(
        token, (MONDAY, False), (date(2026, 12, 1), True), (MONDAY + timedelta(days=1), True), activity_id="PERI"
    ).json["results"]
    assert [(r["outcome"], r["code"]) for r in answer] == [
        ("cancelled", None),
        ("refused", "documents_missing"),  # past its deadline too: the file is said first
        ("refused", "documents_missing"),
    ]


def test_the_calendar_says_why_a_day_cannot_be_booked_with_the_same_code_as_a_booking(required, aws_calls):
    token = required
    aws_calls.clear()

    days = calendar(token, MONDAY, MONDAY + timedelta(days=27), activity_id="PERI").json["days"]

    units = [unit for day in days for unit in day["units"]]
    assert len(units) == 16 and {(u["bookable"], u["refusal"]) for u in units} == {(False, "file_not_certified")}
    reads_with_the_file = len(aws_calls)
    call("POST", f"/{TENANT}/families/F-001/file/certification", token=token)
    days = calendar(token, MONDAY, MONDAY + timedelta(days=6), activity_id="PERI").json["days"]
    assert {u["refusal"] for day in days for u in day["units"]} == {"documents_missing"}
    aws_calls.clear()
    calendar(token, MONDAY, MONDAY + timedelta(days=27), activity_id="CANT-JF")
    # The file and the papers are read once a calendar, whatever its days: a few calls more, not one a day.
    assert reads_with_the_file - len(aws_calls) <= 3, (reads_with_the_file, len(aws_calls))
    # Without requirements, a bookable day has no refusal; a day past its deadline says so.
    meals = calendar(token, date(2026, 12, 1), MONDAY, activity_id="CANT-JF").json["days"]
    said = {day["date"]: (day["units"][0]["bookable"], day["units"][0]["refusal"]) for day in meals}
    assert said == {
        "2026-12-01": (False, "deadline_passed"),
        "2026-12-03": (True, None),  # its deadline: today at 10:00 in Paris, an hour ahead
        "2026-12-04": (True, None),
        "2026-12-07": (True, None),
    }
