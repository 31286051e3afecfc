"""Requests ("Mes demandes"), the parent's side: certificates asked, listed, read and cancelled, by every
follower of the family, once however many ask at the same moment. The real handlers on moto, at the
bookings tests' fixed moment (1 December 2026)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from .bookings_world import EMAIL, child
from .helpers import OTHER, TENANT, active_account, call, family, send


@pytest.fixture
def parents(tenant, at_noon):
    """Family F-001 with Lucas (E-001), followed by two parents; a third account follows F-002."""
    send(tenant, family(), child(), family("F-002", code="FAM-AAAA-BBBB", label="Famille B"), child("E-009", "F-002"))
    first, second, stranger = active_account(EMAIL), active_account(OTHER), active_account("tiers@example.org")
    for token, code in ((first, "FAM-7Q2K-9XWD"), (second, "FAM-7Q2K-9XWD"), (stranger, "FAM-AAAA-BBBB")):
        assert call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": code}, token=token).status == 201
    return first, second, stranger


def ask(token: str, **changes):
    body = {"family_id": "F-001", "certificate": "tax", "year": 2026, **changes}
    return call("POST", f"/{TENANT}/requests/certificates", body, token=token)


def test_a_certificate_asked_is_a_pending_request_every_follower_sees(parents):
    first, second, _ = parents

    asked = ask(first, certificate="attendance", child_id="E-001", comment="Pour la CAF")

    assert asked.status == 201
    request = asked.json
    assert (request["kind"], request["status"], request["family_id"], request["child_id"]) == (
        "certificate",
        "pending",
        "F-001",
        "E-001",
    )
    assert request["summary"] == "Attestation de présence 2026 – Lucas MARTIN"
    assert request["details"] == {"certificate": "attendance", "year": 2026, "comment": "Pour la CAF"}
    assert (request["created_at"], request["decided_at"], request["decided_by"]) == ("2026-12-01T08:00:00Z", None, None)
    listed = call("GET", f"/{TENANT}/requests", token=second).json
    assert [r["request_id"] for r in listed["items"]] == [request["request_id"]] and listed["next_cursor"] is None
    assert call("GET", f"/{TENANT}/requests/{request['request_id']}", token=second).json == request


def test_the_same_certificate_and_year_twice_is_409_until_the_first_is_no_longer_pending(parents):
    first, second, _ = parents
    pending = ask(first).json

    assert (ask(second).status, ask(second).json["code"]) == (409, "request_pending")
    assert ask(second, year=2025).status == 201
    assert ask(second, certificate="payments").status == 201
    cancelled = call("POST", f"/{TENANT}/requests/{pending['request_id']}/cancellation", token=second)
    assert (cancelled.status, cancelled.json["status"]) == (200, "cancelled")
    assert ask(second).status == 201


def test_ten_followers_asking_at_the_same_moment_make_one_request(parents):
    first, second, _ = parents

    with ThreadPoolExecutor(max_workers=10) as pool:
        replies = list(pool.map(lambda n: ask(first if n % 2 else second), range(10)))

    assert sorted(r.status for r in replies) == [201] + [409] * 9
    assert len(call("GET", f"/{TENANT}/requests", token=first).json["items"]) == 1


def test_two_cancellations_at_the_same_moment_cancel_once(parents):
    first, second, _ = parents
    request_id = ask(first).json["request_id"]

    with ThreadPoolExecutor(max_workers=2) as pool:
        replies = list(
            pool.map(lambda t: call("POST", f"/{TENANT}/requests/{request_id}/cancellation", token=t), (first, second))
        )

    assert sorted((r.status, r.json.get("code")) for r in replies) == [(200, None), (409, "request_not_pending")]


def test_another_family_s_request_is_404_request_not_found_everywhere(parents):
    first, _, stranger = parents
    request_id = ask(first).json["request_id"]

    for method, path in (("GET", ""), ("POST", "/cancellation")):
        reply = call(method, f"/{TENANT}/requests/{request_id}{path}", token=stranger)
        assert (reply.status, reply.json["code"]) == (404, "request_not_found")
    assert call("GET", f"/{TENANT}/requests", token=stranger).json["items"] == []
    assert call("GET", f"/{TENANT}/requests/{request_id}", token=first).json["status"] == "pending"


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"year": 1999}, 422, "invalid_year"),
        ({"year": 2027}, 422, "invalid_year"),
        ({"year": "2026"}, 422, None),
        ({"certificate": "birth"}, 422, None),
        ({"family_id": "F-002"}, 404, "family_not_found"),
        ({"child_id": "E-009"}, 404, "child_not_found"),
        ({"comment": "x" * 501}, 422, None),
        ({"comment": "a\u0000b"}, 422, None),
        ({"colour": "blue"}, 422, None),
    ],
)
def test_a_bad_certificate_request_is_refused_and_records_nothing(parents, changes, status, code):
    first, _, _ = parents

    reply = ask(first, **changes)

    assert reply.status == status and (code is None or reply.json["code"] == code or code in str(reply.json))
    assert call("GET", f"/{TENANT}/requests", token=first).json["items"] == []


def test_the_list_is_filtered_and_paged_newest_first(parents, at_noon):
    first, _, _ = parents
    made = []
    for certificate in ("tax", "attendance", "payments"):
        made.append(ask(first, certificate=certificate).json["request_id"])
        at_noon.move(60)
    call("POST", f"/{TENANT}/requests/{made[0]}/cancellation", token=first)

    page = call("GET", f"/{TENANT}/requests", token=first, query={"limit": "2"}).json
    rest = call("GET", f"/{TENANT}/requests", token=first, query={"limit": "2", "cursor": page["next_cursor"]}).json

    assert [r["request_id"] for r in page["items"] + rest["items"]] == made[::-1]
    assert rest["next_cursor"] is None
    pending = call("GET", f"/{TENANT}/requests", token=first, query={"status": "pending", "kind": "certificate"}).json
    assert [r["request_id"] for r in pending["items"]] == made[:0:-1]
    tampered = call("GET", f"/{TENANT}/requests", token=first, query={"cursor": page["next_cursor"] + "x"})
    assert (tampered.status, tampered.json["code"]) == (422, "invalid_cursor")
    unknown = call("GET", f"/{TENANT}/requests", token=first, query={"family_id": "F-002"})
    assert (unknown.status, unknown.json["code"]) == (404, "family_not_found")
