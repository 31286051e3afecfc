"""Requests ("Mes demandes"), the parent's side: certificates asked, listed, read and cancelled, by every
follower of the family, once however many ask at the same moment. The real handlers on moto, at the
bookings tests' fixed moment (1 December 2026)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from infra.queues import drain

from .bookings_world import EMAIL, child, deliver_queued
from .helpers import OTHER, TENANT, active_account, call, family, mails_to, send


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


# --- the town's side -------------------------------------------------------------------------------------------


def decide(admin_key: str, request_id: str, decision: str, reason: str | None = None):
    body = {"decision": decision, **({"reason": reason} if reason is not None else {})}
    return call("POST", f"/{TENANT}/admin/requests/{request_id}/decision", body, headers={"X-Api-Key": admin_key})


def town_feed(admin_key: str, since: str = "2026-12-01T00:00:00Z", cursor: str | None = None):
    query = {"since": since, **({"cursor": cursor} if cursor else {})}
    return call("GET", f"/{TENANT}/admin/requests", headers={"X-Api-Key": admin_key}, query=query)


def test_the_town_refuses_with_a_reason_the_parents_read_and_the_same_decision_twice_changes_nothing(
    parents, tenant, at_noon
):
    first, second, _ = parents
    request_id = ask(first).json["request_id"]
    at_noon.move(60)

    refused = decide(tenant, request_id, "refused", "Déjà envoyée\nen janvier.")
    again = decide(tenant, request_id, "refused", "Autre raison")
    other = decide(tenant, request_id, "accepted")

    assert refused.status == 200 and refused.json["status"] == "refused"
    assert (refused.json["reason"], refused.json["decided_by"]) == (
        "Déjà envoyée\nen janvier.",
        {"kind": "software", "name": None},
    )
    assert refused.json["decided_at"] == "2026-12-01T08:01:00Z"
    assert again.status == 200 and again.json == refused.json
    assert (other.status, other.json["code"]) == (409, "request_not_pending")
    assert call("GET", f"/{TENANT}/requests/{request_id}", token=second).json == refused.json
    cancelled = call("POST", f"/{TENANT}/requests/{request_id}/cancellation", token=second)
    assert (cancelled.status, cancelled.json["code"]) == (409, "request_not_pending")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"decision": "refused"}, "reason_required"),
        ({"decision": "refused", "reason": "   "}, None),
        ({"decision": "refused", "reason": "x" * 1001}, None),
        ({"decision": "refused", "reason": "a\u0007b"}, "invalid_text"),
        ({"decision": "maybe"}, None),
    ],
)
def test_a_bad_decision_is_422_and_changes_nothing(parents, tenant, body, code):
    first, _, _ = parents
    request_id = ask(first).json["request_id"]

    reply = call("POST", f"/{TENANT}/admin/requests/{request_id}/decision", body, headers={"X-Api-Key": tenant})

    assert reply.status == 422 and (code is None or code in str(reply.json))
    assert call("GET", f"/{TENANT}/requests/{request_id}", token=first).json["status"] == "pending"


def test_two_decisions_at_the_same_moment_decide_once(parents, tenant):
    first, _, _ = parents
    request_id = ask(first).json["request_id"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(lambda n: decide(tenant, request_id, ("accepted", "refused")[n % 2], "Non"), range(8)))

    winner = call("GET", f"/{TENANT}/requests/{request_id}", token=first).json["status"]
    assert {r.status for r in replies if r.status == 200} == {200}
    assert all(r.json["status"] == winner for r in replies if r.status == 200)
    assert all(r.json["code"] == "request_not_pending" for r in replies if r.status == 409)
    assert sum(r.status == 200 for r in replies) >= 1 and len(replies) == 8


def test_an_unknown_request_or_a_citizen_token_gets_no_decision(parents, tenant):
    first, _, _ = parents
    request_id = ask(first).json["request_id"]

    unknown = decide(tenant, "0" * 32, "accepted")
    citizen = call("POST", f"/{TENANT}/admin/requests/{request_id}/decision", {"decision": "accepted"}, token=first)

    assert (unknown.status, unknown.json["code"]) == (404, "request_not_found")
    assert citizen.status in (401, 403)


def test_the_town_s_feed_lists_each_request_once_as_it_is_now_at_its_last_change(parents, tenant, at_noon):
    first, _, _ = parents
    made = []
    for certificate in ("tax", "attendance", "payments"):
        made.append(ask(first, certificate=certificate).json["request_id"])
        at_noon.move(10)
    decide(tenant, made[0], "accepted")  # at 08:00:30
    at_noon.move(15)  # settled up to 08:00:15: the second request only (the first moved to 08:00:30)

    assert [r["request_id"] for r in town_feed(tenant).json["items"]] == made[1:2]  # the rest not settled yet
    at_noon.move(60)
    feed = town_feed(tenant).json

    assert [(r["request_id"], r["status"]) for r in feed["items"]] == [
        (made[1], "pending"),
        (made[2], "pending"),
        (made[0], "accepted"),
    ]
    assert feed["items"][2]["changed_at"] == "2026-12-01T08:00:30Z"
    assert feed["items"][0]["account"] == {
        "civility": "MME",
        "last_name": "Martin",
        "first_name": "Léa",
        "email": EMAIL,
    }
    assert feed["next_cursor"] is None
    later = town_feed(tenant, since=feed["items"][1]["changed_at"]).json  # since is inclusive
    assert [r["request_id"] for r in later["items"]] == [made[2], made[0]]


def test_the_town_s_feed_pages_with_a_signed_cursor(parents, tenant, at_noon, monkeypatch):
    from portal.platform import feeds

    first, _, _ = parents
    monkeypatch.setattr(feeds, "PAGE", 2)
    made = [ask(first, year=year).json["request_id"] for year in (2023, 2024, 2025)]
    at_noon.move(60)

    page = town_feed(tenant).json
    rest = town_feed(tenant, cursor=page["next_cursor"]).json
    tampered = town_feed(tenant, cursor=page["next_cursor"][:-2] + "xx")

    assert [r["request_id"] for r in page["items"] + rest["items"]] == sorted(made)  # one moment: by id
    assert rest["next_cursor"] is None
    assert (tampered.status, tampered.json["code"]) == (422, "invalid_cursor")


# --- the answer's mails -----------------------------------------------------------------------------------------


def answers(address: str) -> list[dict]:
    return [m for m in mails_to(address) if "votre demande a été" in m["subject"]]


def test_each_follower_with_requests_on_is_mailed_the_answer_once_without_the_reason(parents, tenant):
    first, second, _ = parents
    assert call("PATCH", f"/{TENANT}/me", {"notifications": {"requests": False}}, token=second).status == 200
    request_id = ask(first).json["request_id"]

    decide(tenant, request_id, "refused", "Dossier incomplet : il manque l'avis d'imposition.")
    decide(tenant, request_id, "refused", "Dossier incomplet : il manque l'avis d'imposition.")
    deliver_queued()
    deliver_queued()

    [mail] = answers(EMAIL)
    assert "refusée" in mail["subject"]
    assert "Attestation fiscale (frais de garde) 2026" in mail["text"]
    assert "avis d'imposition" not in mail["text"] and "incomplet" not in mail["html"]
    assert answers(OTHER) == []


def test_a_decision_that_was_never_written_mails_nobody(parents, tenant, at_noon, monkeypatch):
    from portal.platform.errors import ServiceUnavailable
    from portal.requests import store

    first, _, _ = parents
    request_id = ask(first).json["request_id"]

    def lost(tenant_slug, request, **_):
        raise ServiceUnavailable("DynamoDB is throttling")

    real = store.leave_pending
    monkeypatch.setattr(store, "leave_pending", lost)
    assert decide(tenant, request_id, "accepted").status == 503
    monkeypatch.setattr(store, "leave_pending", real)
    assert drain("SendBookingMailsFunction", rounds=1)["failed"] == 1  # it may be committing: it comes back
    at_noon.move(601)
    deliver_queued()

    assert answers(EMAIL) == []
    assert call("GET", f"/{TENANT}/requests/{request_id}", token=first).json["status"] == "pending"
