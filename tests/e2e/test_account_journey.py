"""The account journey of the user guide, over HTTP on the local stack."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.e2e

PASSWORD = "Cantine2024!"


def test_create_activate_login_me_logout(stack):
    email = "journey@example.org"

    status, _, body = stack.request(
        "POST",
        "/demo/accounts",
        {
            "civility": "M",
            "last_name": "Durand",
            "first_name": "Paul",
            "email": email,
            "password": PASSWORD,
            "password_confirmation": PASSWORD,
            "terms_accepted": True,
        },
    )
    assert (status, body) == (202, {"status": "pending_activation"})

    status, _, outbox = stack.request("GET", "/_local/outbox")
    mail = [m for m in outbox["messages"] if m["to"] == [email]][-1]
    link = re.search(r"http\S+/activation\?token=\S+", mail["text"]).group(0)
    assert link.startswith(stack.url + "/activation?token=")
    assert mail["html"] and mail["sent_at"].endswith("Z")
    token = parse_qs(urlsplit(link).query)["token"][0]

    assert stack.request("POST", "/demo/accounts/activation", {"token": token})[:3:2] == (200, {"status": "active"})

    status, _, session = stack.request("POST", "/demo/sessions", {"email": email, "password": PASSWORD})
    assert status == 200 and session["token_type"] == "Bearer"
    access = session["access_token"]

    status, _, me = stack.request("GET", "/demo/me", token=access)
    assert status == 200 and me["email"] == email and me["first_name"] == "Paul"

    assert stack.request("DELETE", "/demo/sessions/current", token=access)[0] == 204
    assert stack.request("GET", "/demo/me", token=access)[0] == 401

    logs = stack.logs()
    assert "request handled" in logs  # the logs were captured, and they hold no secret
    for secret in (PASSWORD, token, token.split(".")[1], access, access.split(".")[2]):
        assert secret not in logs


def test_a_new_tenant_can_be_created_and_used_at_once(stack):
    status, _, created = stack.request("POST", "/_local/tenants", {"tenant": "ville-x", "name": "Ville X"})

    assert status == 201 and created["tenant"] == "ville-x" and created["admin_key"]
    assert stack.request("POST", "/ville-x/accounts/activation-email", {"email": "a@b.fr"})[0] == 202
    assert stack.request("POST", "/_local/tenants", {"tenant": "ville-x"})[0] == 409


def test_wrong_method_is_405_and_unknown_route_is_404_with_problems(stack):
    status, headers, body = stack.request("GET", "/demo/accounts")
    assert status == 405 and "POST" in headers["Allow"] and body["code"] == "method_not_allowed"

    status, _, body = stack.request("GET", "/demo/nothing-here")
    assert status == 404 and body["code"] == "not_found"


def test_unknown_tenant_over_http_is_404(stack):
    status, headers, body = stack.request("POST", "/inconnue/sessions", {"email": "a@b.fr", "password": "x"})

    assert status == 404 and body["code"] == "tenant_not_found"
    assert headers["Content-Type"] == "application/problem+json"


def test_the_local_stack_serves_its_openapi_document(stack):
    status, _, doc = stack.request("GET", "/openapi.json")

    assert status == 200 and doc["openapi"].startswith("3.1")
    assert doc["servers"] == [{"url": stack.url}]
    assert "/{tenant}/invoices/{invoice_id}/pdf" in doc["paths"]
