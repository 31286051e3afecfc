"""The account journey of the user guide, over HTTP on the local stack."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from .helpers import citizen

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


@pytest.mark.parametrize(
    "settings",
    [{"certify_every_months": 0}, {"apply_at_once": ["contact", "tout"]}, {"apply_at_once": "contact"}, {"x": 1}],
)
def test_a_tenant_s_bad_file_settings_are_422_and_make_no_tenant(stack, settings):
    slug = "ville-reglages"

    assert stack.request("POST", "/_local/tenants", {"tenant": slug, "settings": settings})[0] == 422
    assert stack.request("POST", f"/{slug}/accounts/activation-email", {"email": "a@b.fr"})[0] == 404


def test_a_tenant_is_created_with_its_file_settings(stack):
    settings = {"certify_every_months": 12, "apply_at_once": ["contact", "pickups"]}

    status, _, created = stack.request("POST", "/_local/tenants", {"tenant": "ville-y", "settings": settings})

    assert status == 201 and created["admin_key"]


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


def test_self_service_over_http_and_its_links_never_reach_the_logs(stack):
    email, new_email, new_password = "care@example.org", "care.nouvelle@example.org", "Piscine2025!"
    access = citizen(stack, email)

    def mailed(to: str, page: str) -> tuple[str, str]:
        mail = [m for m in stack.request("GET", "/_local/outbox")[2]["messages"] if m["to"] == [to]][-1]
        link = re.search(rf"http\S+/{page}\?token=\S+", mail["text"]).group(0)
        return link, parse_qs(urlsplit(link).query)["token"][0]

    # Forgotten password, from the mailed /mot-de-passe link.
    assert stack.request("POST", "/demo/accounts/password-reset", {"email": email})[0] == 202
    reset_link, reset_token = mailed(email, "mot-de-passe")
    body = {"token": reset_token, "password": new_password, "password_confirmation": new_password}
    assert stack.request("POST", "/demo/accounts/password", body)[:3:2] == (200, {"status": "password_changed"})
    assert stack.request("GET", "/demo/me", token=access)[0] == 401
    access = stack.request("POST", "/demo/sessions", {"email": email, "password": new_password})[2]["access_token"]

    # Profile, then the email, confirmed from the mailed /email link.
    status, _, me = stack.request("PATCH", "/demo/me", {"notifications": {"new_invoices": False}}, token=access)
    assert status == 200 and me["notifications"] == {
        "new_invoices": False,
        "reminders": True,
        "bookings": True,
        "requests": True,
    }
    body = {"new_email": new_email, "current_password": new_password}
    assert stack.request("POST", "/demo/me/email", body, token=access)[0] == 202
    email_link, email_token = mailed(new_email, "email")
    assert stack.request("POST", "/demo/accounts/email-confirmation", {"token": email_token})[0] == 200

    status, headers, export = stack.request("GET", "/demo/me/export", token=access)
    assert status == 200 and export["email"] == new_email and "attachment" in headers["Content-Disposition"]
    assert stack.request("POST", "/demo/me/deletion", {"current_password": new_password}, token=access)[0] == 204
    assert stack.request("GET", "/demo/me", token=access)[0] == 401

    logs = stack.logs()
    for secret in (new_password, reset_link, reset_token, email_link, email_token, access):
        assert secret not in logs
