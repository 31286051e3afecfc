"""Town agents (API.md v1.3, "Town agents"): invited and removed with the admin key, activated from a
single-use link (72 hours) with a password and a TOTP secret, logged in with the three (a code once, one
step either side, 5 failures then 429), tokens of their own audience revoked at once; what an agent may
reach (every route × every credential), its decisions and readings in the append-only audit log, its inbox.
The real handlers on moto, at the bookings tests' fixed moment."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from urllib.parse import unquote

import pyotp
import pytest

from infra import template
from infra.lambdas import handler_for

from .bookings_world import EMAIL, NOW, child, family
from .helpers import TENANT, active_account, call, mails_to, send

PASSWORD = "Guichet-Mairie-2026"
AGENT = {
    "email": "nadia.morel@ville-test.fr",
    "first_name": "Nadia",
    "last_name": "Morel",
    "permissions": ["requests", "documents"],
    "service_ids": ["ENFANCE"],
}


def admin(tenant: str, method: str, path: str, body=None, query=None):
    return call(method, f"/{TENANT}{path}", body, headers={"X-Api-Key": tenant}, query=query)


def invite(tenant: str, **changes) -> str:
    reply = admin(tenant, "POST", "/admin/agents", {**AGENT, **changes})
    assert reply.status == 201, reply.json
    mail = mails_to(changes.get("email", AGENT["email"]))[-1]
    link = next(word for word in mail["text"].split() if "/agent/#/invitation?token=" in word)
    return unquote(link.split("?token=", 1)[1])  # in the fragment: the console reads it, never a server


def activate(token: str, password: str = PASSWORD):
    body = {"token": token, "password": password, "password_confirmation": password}
    return call("POST", f"/{TENANT}/agent/activation", body)


def code(secret: str, at=None, steps: int = 0) -> str:
    from portal.kernel import clock

    moment = (at or clock.now()) + timedelta(seconds=30 * steps)
    return pyotp.TOTP(secret).at(moment)


def log_in(secret: str, email: str = AGENT["email"], password: str = PASSWORD, steps: int = 0, given=None):
    body = {"email": email, "password": password, "code": given or code(secret, steps=steps)}
    return call("POST", f"/{TENANT}/agent/sessions", body)


@pytest.fixture
def agent(tenant, at_noon):
    """An active agent with ``requests`` and ``documents``: its secret and a token."""
    secret = activate(invite(tenant)).json["totp_secret"]
    reply = log_in(secret)
    assert reply.status == 200, reply.json
    at_noon.move(30)  # the next log in takes the next step's code
    return secret, reply.json["access_token"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- invited, activated ---------------------------------------------------------------------------------------


def test_an_invited_agent_gets_one_mail_and_is_listed_invited(tenant, at_noon):
    invite(tenant)

    [mail] = mails_to(AGENT["email"])
    assert "espace agent" in mail["subject"] and "72 heures" in mail["text"]
    assert "/agent/#/invitation?token=" in mail["text"]
    listed = admin(tenant, "GET", "/admin/agents").json["items"]
    assert listed == [
        {**AGENT, "agent_id": listed[0]["agent_id"], "permissions": ["documents", "requests"]} | {"status": "invited"}
    ]
    again = admin(tenant, "POST", "/admin/agents", {**AGENT, "email": AGENT["email"].upper()})
    assert (again.status, again.json["code"]) == (409, "agent_exists")


@pytest.mark.parametrize(
    "changes",
    [
        {"permissions": []},
        {"permissions": ["requests", "requests"]},
        {"permissions": ["billing"]},
        {"email": "pas-une-adresse"},
        {"service_ids": ["a b"]},
        {"first_name": "<b>x</b>"},
    ],
)
def test_a_bad_agent_is_422_and_nobody_is_mailed(tenant, changes):
    reply = admin(tenant, "POST", "/admin/agents", {**AGENT, **changes})

    assert reply.status == 422, reply.json
    assert admin(tenant, "GET", "/admin/agents").json["items"] == []


def test_activation_returns_the_secret_once_and_the_link_works_once_for_72_hours(tenant, at_noon):
    token = invite(tenant)
    weak = activate(token, "Court-2026")  # 10 characters: the agents' rule is 12
    assert (weak.status, weak.json["errors"][0]["code"]) == (422, "password_too_short")

    reply = activate(token)

    assert reply.status == 200
    secret = reply.json["totp_secret"]
    assert len(secret) >= 16 and reply.json["otpauth_uri"].startswith("otpauth://totp/")
    assert f"secret={secret}" in reply.json["otpauth_uri"]
    assert activate(token).json["code"] == "invalid_invitation_token"
    assert admin(tenant, "GET", "/admin/agents").json["items"][0]["status"] == "active"
    late = invite(tenant, email="autre.agent@ville-test.fr")
    at_noon.move(72 * 3600)
    assert (activate(late).status, activate(late).json["code"]) == (400, "invalid_invitation_token")
    assert activate("0" * 32 + ".nope").status == 400


def test_one_invitation_used_at_the_same_moment_activates_once(tenant):
    token = invite(tenant)

    with ThreadPoolExecutor(6) as pool:
        replies = list(pool.map(lambda _: activate(token), range(6)))

    assert sorted(r.status for r in replies) == [200] + [400] * 5


# --- log in ---------------------------------------------------------------------------------------------------


def test_a_wrong_email_password_or_code_is_one_answer(agent):
    secret, _ = agent
    wrong = [
        log_in(secret, email="personne@ville-test.fr"),
        log_in(secret, password="Autre-Mot-2026"),
        log_in(secret, given="000000" if code(secret) != "000000" else "111111"),
    ]

    assert {(r.status, r.json["code"], r.json["detail"]) for r in wrong} == {
        (401, "invalid_credentials", "Wrong email, password or code")
    }


def test_a_code_is_used_once_one_step_either_side_counts_and_two_steps_away_does_not(agent, at_noon):
    secret, _ = agent
    used = code(secret)
    assert log_in(secret, given=used).status == 200
    assert log_in(secret, given=used).status == 401  # replayed

    at_noon.move(90)
    assert log_in(secret, steps=-2).status == 401
    assert log_in(secret, steps=2).status == 401
    assert log_in(secret, steps=-1).status == 200  # the step before: accepted once
    assert log_in(secret, steps=-1).status == 401
    assert log_in(secret, steps=1).status == 200  # the step after: accepted once


def test_one_code_sent_at_the_same_moment_logs_in_once(agent, at_noon):
    secret, _ = agent
    at_noon.move(60)
    given = code(secret)

    with ThreadPoolExecutor(6) as pool:
        replies = list(pool.map(lambda _: log_in(secret, given=given), range(5)))  # 5: the throttle's window

    assert sorted(r.status for r in replies) == [200] + [401] * 4


def test_five_failures_then_429_even_with_everything_right(agent, at_noon):
    secret, _ = agent
    for _ in range(5):
        assert log_in(secret, password="Autre-Mot-2026").status == 401

    locked = log_in(secret)

    assert locked.status == 429 and int(locked.headers["Retry-After"]) > 0


# --- tokens -----------------------------------------------------------------------------------------------------


def test_a_removed_agent_or_one_logged_out_is_refused_at_once(tenant, agent):
    _, token = agent
    assert call("GET", f"/{TENANT}/agent/inbox", headers=bearer(token)).status == 200
    assert call("DELETE", f"/{TENANT}/agent/sessions/current", headers=bearer(token)).status == 204
    assert call("GET", f"/{TENANT}/agent/inbox", headers=bearer(token)).status == 401

    secret = activate(invite(tenant, email="b@ville-test.fr")).json["totp_secret"]
    other = log_in(secret, email="b@ville-test.fr").json["access_token"]
    agent_id = next(
        a["agent_id"] for a in admin(tenant, "GET", "/admin/agents").json["items"] if a["email"] == "b@ville-test.fr"
    )
    assert admin(tenant, "DELETE", f"/admin/agents/{agent_id}").status == 204
    assert call("GET", f"/{TENANT}/agent/inbox", headers=bearer(other)).status == 401
    assert admin(tenant, "DELETE", f"/admin/agents/{agent_id}").json["code"] == "agent_not_found"


def test_another_towns_agent_token_is_401(agent, aws_stack):
    from portal.tenancy.provisioning import create_tenant

    _, token = agent
    create_tenant("ville-autre", "Ville Autre", "https://portail.ville-autre.fr", "a@portail.localhost", [])

    assert call("GET", "/ville-autre/agent/inbox", headers=bearer(token)).status == 401
    assert (
        call("GET", "/ville-autre/admin/requests", headers=bearer(token), query={"since": "2026-01-01"}).status == 401
    )


def route_path(path: str) -> str:
    return (
        path.replace("{tenant}", TENANT)
        .replace("{proxy+}", "x")
        .replace("{token}", "0" * 32 + ".0.abcdefghijklmnopqrstuvwx")
    )


def test_every_route_takes_only_its_credentials(tenant, agent):
    """Every route of the template × every kind of credential: a route answers its own callers with anything
    but 401/403, and refuses the others (401; an agent on a route it may not use: 403)."""
    import re

    _, full = agent
    citizen = active_account(EMAIL)
    secret = activate(invite(tenant, email="presence@ville-test.fr", permissions=["attendance"])).json["totp_secret"]
    narrow = log_in(secret, email="presence@ville-test.fr").json["access_token"]
    credentials = {
        "admin": {"X-Api-Key": tenant},
        "agent": bearer(full),
        "narrow agent": bearer(narrow),
        "citizen": bearer(citizen),
        "none": {},
    }
    checked = 0
    last = ("/{tenant}/agent/sessions/current", "/{tenant}/sessions/current")  # logging out: checked last
    for route in sorted(template.routes(), key=lambda r: r.path in last):
        if route.method == "OPTIONS" or "{proxy+}" in route.path:
            continue
        spec = handler_for(route.function).spec
        if spec.auth is None:
            continue
        path = re.sub(r"\{\w+\}", "x", route_path(route.path))
        for kind, headers in credentials.items():
            reply = call(route.method, path, raw=b"{}", headers={**headers, "Content-Type": "application/json"})
            allowed = allowed_for(spec, kind)
            assert (reply.status not in (401, 403)) == (allowed is True), (route.method, route.path, kind, reply.status)
            if allowed is not True:
                assert reply.status == allowed, (route.method, route.path, kind, reply.status)
            checked += 1
    assert checked > 150


def allowed_for(spec, kind: str) -> bool | int:
    """True when the credential may use the route; else the status it gets."""
    if kind == "none":
        return 401
    if spec.auth == "citizen":
        return True if kind == "citizen" else 401
    if spec.auth == "agent":
        return True if kind in ("agent", "narrow agent") else 401
    if spec.auth == "admin":
        return True if kind == "admin" else 403 if kind in ("agent", "narrow agent") else 401
    # a town route: the admin key, or an agent with one of its permissions
    if kind == "admin":
        return True
    if kind == "citizen":
        return 401
    permissions = {"agent": {"requests", "documents"}, "narrow agent": {"attendance"}}[kind]
    return True if permissions & set(spec.permissions) else 403


# --- what an agent does: decisions, readings, the audit log, the inbox ------------------------------------------


def test_an_agents_decision_names_it_and_its_actions_and_readings_are_in_the_audit_log(tenant, agent, at_noon):
    _, token = agent
    send(tenant, family(), child())
    parent = active_account(EMAIL)
    call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "FAM-7Q2K-9XWD"}, token=parent)
    asked = call(
        "POST",
        f"/{TENANT}/requests/certificates",
        {"family_id": "F-001", "certificate": "tax", "year": 2026},
        token=parent,
    ).json

    decided = call(
        "POST",
        f"/{TENANT}/admin/requests/{asked['request_id']}/decision",
        {"decision": "refused", "reason": "Année non close"},
        headers=bearer(token),
    )
    at_noon.move(1)
    read = call("GET", f"/{TENANT}/admin/families/F-001/file", headers=bearer(token))

    assert decided.status == 200 and decided.json["decided_by"] == {"kind": "agent", "name": "Nadia Morel"}
    assert read.status == 200 and read.json["family_id"] == "F-001" and read.json["documents"] == []
    assert admin(tenant, "GET", "/admin/families/F-001/file").status == 200  # the software: not audited
    at_noon.move(31)
    log = admin(tenant, "GET", "/admin/audit", query={"since": (NOW - timedelta(hours=1)).isoformat()}).json
    agent_id = admin(tenant, "GET", "/admin/agents").json["items"][0]["agent_id"]
    assert [(e["action"], e["target"], e["agent_id"]) for e in log["items"]] == [
        ("login", f"agent:{agent_id}", agent_id),
        ("decision", f"request:{asked['request_id']}", agent_id),
        ("read_file", "family:F-001", agent_id),
    ]
    assert log["next_cursor"] is None


def test_the_inbox_lists_what_awaits_in_the_agents_permissions_oldest_first(tenant, agent, at_noon):
    _, token = agent
    send(tenant, family(), child())
    parent = active_account(EMAIL)
    call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "FAM-7Q2K-9XWD"}, token=parent)
    made = []
    for year in (2024, 2025, 2026):
        body = {"family_id": "F-001", "certificate": "tax", "year": year}
        made.append(call("POST", f"/{TENANT}/requests/certificates", body, token=parent).json)
        at_noon.move(60)
    call("POST", f"/{TENANT}/requests/{made[1]['request_id']}/cancellation", token=parent)

    inbox = call("GET", f"/{TENANT}/agent/inbox", headers=bearer(token)).json

    assert (inbox["requests"], inbox["documents"], inbox["threads"], inbox["appointments_today"]) == (2, 0, 0, 0)
    assert [(i["kind"], i["id"], i["summary"]) for i in inbox["items"]] == [
        ("request", made[0]["request_id"], made[0]["summary"]),
        ("request", made[2]["request_id"], made[2]["summary"]),
    ]
    secret = activate(invite(tenant, email="p@ville-test.fr", permissions=["attendance"])).json["totp_secret"]
    narrow = log_in(secret, email="p@ville-test.fr").json["access_token"]
    assert call("GET", f"/{TENANT}/agent/inbox", headers=bearer(narrow)).json["items"] == []


def test_an_agent_reads_itself_a_request_and_a_paper_at_once(tenant, agent):
    from .test_documents import PDF, arrive, declare

    _, token = agent
    send(
        tenant,
        family(),
        child(),
        {"type": "document_type", "document_type_id": "ASSURANCE", "label": "Assurance"}
        | {"scope": "child", "validity_months": 12, "required_for": ["*"]},
    )
    parent = active_account(EMAIL)
    call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "FAM-7Q2K-9XWD"}, token=parent)
    certificate = {"family_id": "F-001", "certificate": "tax", "year": 2026}
    asked = call("POST", f"/{TENANT}/requests/certificates", certificate, token=parent).json
    declared = declare(parent).json
    arrive(declared["upload"]["fields"]["key"], PDF)

    me = call("GET", f"/{TENANT}/agent/me", headers=bearer(token)).json
    request = call("GET", f"/{TENANT}/admin/requests/{asked['request_id']}", headers=bearer(token)).json
    paper = call("GET", f"/{TENANT}/admin/documents/{declared['document']['document_id']}", headers=bearer(token))
    by_key = admin(tenant, "GET", f"/admin/documents/{declared['document']['document_id']}").json

    assert (me["email"], me["permissions"], me["status"]) == (AGENT["email"], ["documents", "requests"], "active")
    assert (request["status"], request["account"]["email"]) == ("pending", EMAIL)
    assert paper.status == 200 and paper.json["status"] == "received" and paper.json["url"] is None
    assert by_key["url"].startswith("http")  # the software's link; an agent opens the file through its audit
    unknown = call("GET", f"/{TENANT}/admin/requests/{'0' * 32}", headers=bearer(token))
    assert (unknown.status, unknown.json["code"]) == (404, "request_not_found")
    assert call("GET", f"/{TENANT}/admin/documents/{'0' * 32}", headers=bearer(token)).status == 404


# --- what the review found: kept shut ------------------------------------------------------------------------------


def test_an_agent_handed_a_file_changes_health_values_is_recorded_as_reading_the_file(tenant, agent, at_noon):
    _, token = agent
    send(tenant, family(), child())
    parent = active_account(EMAIL)
    call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "FAM-7Q2K-9XWD"}, token=parent)
    change = {"target": "child", "id": "E-001", "field": "allergies", "value": ["arachide"]}
    made = call("POST", f"/{TENANT}/families/F-001/file/changes", {"changes": [change]}, token=parent).json

    read = call("GET", f"/{TENANT}/admin/requests/{made['request_id']}", headers=bearer(token)).json
    at_noon.move(31)
    since = {"since": (NOW - timedelta(hours=1)).isoformat()}
    listed = call("GET", f"/{TENANT}/admin/requests", headers=bearer(token), query=since).json
    by_key = admin(tenant, "GET", f"/admin/requests/{made['request_id']}")  # the software: not audited

    assert (
        read["details"]["changes"][0]["new"] == ["arachide"] and listed["items"][0]["request_id"] == made["request_id"]
    )
    assert by_key.status == 200
    at_noon.move(31)
    log = admin(tenant, "GET", "/admin/audit", query=since).json["items"]
    assert [(e["action"], e["target"]) for e in log if e["action"] != "login"] == [("read_file", "family:F-001")] * 2


def test_the_piles_forget_what_no_longer_waits_on_every_path(tenant, agent, at_noon):
    from .test_documents import PDF, arrive, declare

    _, token = agent
    insurance = {"type": "document_type", "document_type_id": "ASSURANCE", "label": "Assurance", "scope": "child"}
    send(tenant, family(), child(), insurance | {"validity_months": 12, "required_for": ["*"]})
    parent = active_account(EMAIL)
    call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "FAM-7Q2K-9XWD"}, token=parent)
    asked = [
        call(
            "POST",
            f"/{TENANT}/requests/certificates",
            {"family_id": "F-001", "certificate": kind, "year": 2026},
            token=parent,
        ).json
        for kind in ("tax", "attendance", "payments")
    ]
    papers = [declare(parent, file_name=f"{n}.pdf").json for n in range(3)]
    for paper in papers:
        arrive(paper["upload"]["fields"]["key"], PDF)

    def inbox() -> dict:
        return call("GET", f"/{TENANT}/agent/inbox", headers=bearer(token)).json

    assert (inbox()["requests"], inbox()["documents"]) == (3, 3)
    assert all(".pdf" not in item["summary"] for item in inbox()["items"])  # the parent's file name: never
    decide = {"decision": "accepted"}
    call("POST", f"/{TENANT}/admin/requests/{asked[0]['request_id']}/decision", decide, headers=bearer(token))
    admin(tenant, "POST", f"/admin/requests/{asked[1]['request_id']}/decision", decide)
    answer = {"type": "family_document", "document_id": "AF-1", "family_id": "F-001", "kind": "tax_certificate"}
    send(tenant, answer | {"title": "Attestation", "date": "2026-12-01", "request_id": asked[2]["request_id"]})
    call(
        "POST",
        f"/{TENANT}/admin/documents/{papers[0]['document']['document_id']}/decision",
        decide,
        headers=bearer(token),
    )
    refusal = {"decision": "refused", "reason": "Illisible"}
    admin(tenant, "POST", f"/admin/documents/{papers[1]['document']['document_id']}/decision", refusal)
    call("DELETE", f"/{TENANT}/families/F-001/documents/{papers[2]['document']['document_id']}", token=parent)

    assert inbox() == {"requests": 0, "documents": 0, "threads": 0, "appointments_today": 0, "items": []}


def test_the_totp_secret_is_sealed_at_rest(tenant, agent):
    from portal.agents import store
    from portal.agents.store import AgentRecord

    secret, _ = agent
    [found] = store.listed(TENANT)
    raw = AgentRecord.get(store.agent_key(TENANT, found.agent_id), store.AGENT).totp_secret

    assert secret.encode() not in raw and len(raw) > len(secret)


def test_an_invitation_whose_mail_fails_leaves_no_agent_and_may_be_asked_again(tenant):
    from botocore.exceptions import EndpointConnectionError

    from .test_faults import failing, ses

    with failing(ses(), "SendRawEmail", EndpointConnectionError(endpoint_url="https://email.eu-west-3.amazonaws.com")):
        down = admin(tenant, "POST", "/admin/agents", AGENT)

    assert down.status == 503
    assert admin(tenant, "GET", "/admin/agents").json["items"] == []
    assert admin(tenant, "POST", "/admin/agents", AGENT).status == 201


def test_accepting_an_enrolment_the_activity_no_longer_takes_is_409_and_changes_nothing(tenant, at_noon):
    from .test_enrolments import SUMMER, ask

    send(tenant, family(), child(), SUMMER)
    parent = active_account(EMAIL)
    call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "FAM-7Q2K-9XWD"}, token=parent)
    asked = ask(parent, **{"from": "2027-07-26"}).json
    send(tenant, {**SUMMER, "to": "2027-07-16"})  # republished shorter: the day asked is past its end

    refused = admin(tenant, "POST", f"/admin/requests/{asked['request_id']}/decision", {"decision": "accepted"})

    assert (refused.status, refused.json["code"]) == (409, "enrolment_impossible")
    assert call("GET", f"/{TENANT}/requests/{asked['request_id']}", token=parent).json["status"] == "pending"


def test_a_wrong_email_costs_the_same_calls_as_a_wrong_code(agent, aws_calls):
    secret, _ = agent
    log_in(secret, email="personne@ville-test.fr")
    unknown = list(aws_calls)
    aws_calls.clear()

    log_in(secret, given="000000" if code(secret) != "000000" else "111111")

    assert aws_calls == unknown  # the same reads and writes: the answer's time says nothing of which was wrong
