"""The user guide, end to end over HTTP on the local stack: from account creation to the PDF."""

from __future__ import annotations

import re
import urllib.request
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from .helpers import demo_values

pytestmark = pytest.mark.e2e

PASSWORD = "Cantine2024!"


def banner_of(stack) -> str:
    """What `make run` printed for people (demo codes included), before any request was logged."""
    text = stack.logs()
    return text[: text.index("Ctrl-C")]


def test_the_guide_from_account_creation_to_the_pdf(stack):
    email = "parent@example.org"
    martin_code, invoice_data = demo_values(stack)

    # 1. Création d'un compte famille, then the activation link from the mail.
    status, _, _ = stack.request(
        "POST",
        "/demo/accounts",
        {
            "civility": "MME",
            "last_name": "Martin",
            "first_name": "Léa",
            "email": email,
            "password": PASSWORD,
            "password_confirmation": PASSWORD,
            "terms_accepted": True,
        },
    )
    assert status == 202
    mail = [m for m in stack.request("GET", "/_local/outbox")[2]["messages"] if m["to"] == [email]][-1]
    token = parse_qs(urlsplit(re.search(r"http\S+/activation\?token=\S+", mail["text"]).group(0)).query)["token"][0]
    assert stack.request("POST", "/demo/accounts/activation", {"token": token})[0] == 200
    access = stack.request("POST", "/demo/sessions", {"email": email, "password": PASSWORD})[2]["access_token"]

    # 1.1 Mes abonnements: M'abonner with the subscriber code; active at once, no new login.
    status, _, subscription = stack.request(
        "POST", "/demo/subscriptions", {"subscriber_code": martin_code}, token=access
    )
    assert status == 201 and subscription["label"] == "Famille MARTIN"

    # 2. Espace facturation: history, filters by nature and year.
    status, _, page = stack.request("GET", "/demo/invoices?limit=100", token=access)
    assert status == 200 and page["total"] == len(page["items"]) > 10
    assert page["to_pay"]["count"] >= 1
    nature = "Restauration scolaire"
    year = page["facets"]["years"][-1]
    status, _, filtered = stack.request("GET", f"/demo/invoices?nature={quote(nature)}&year={year}", token=access)
    assert status == 200 and filtered["items"]
    assert all(i["nature"] == nature and i["date"].startswith(str(year)) for i in filtered["items"])

    # The detail of one invoice, then its PDF through the presigned link.
    chosen = filtered["items"][0]
    status, _, detail = stack.request("GET", f"/demo/invoices/{chosen['invoice_id']}", token=access)
    assert status == 200 and detail["family_label"] == "Famille MARTIN" and detail["lines"]
    status, _, link = stack.request("GET", f"/demo/invoices/{chosen['invoice_id']}/pdf", token=access)
    assert status == 200 and link["expires_in"] <= 300
    with urllib.request.urlopen(link["url"], timeout=30) as response:  # noqa: S310 - the local stand-in
        assert response.headers["Content-Type"] == "application/pdf"
        assert f"facture-{chosen['number']}.pdf" in response.headers["Content-Disposition"]
        assert response.read().startswith(b"%PDF-")

    # A second family "avec une de vos factures", then unsubscribe.
    status, _, second = stack.request("POST", "/demo/subscriptions", {"invoice": invoice_data}, token=access)
    assert status == 201 and second["label"] == "Famille DURAND"
    families = [s["family_id"] for s in stack.request("GET", "/demo/subscriptions", token=access)[2]["items"]]
    assert families == [subscription["family_id"], second["family_id"]]
    assert stack.request("DELETE", f"/demo/subscriptions/{second['family_id']}", token=access)[0] == 204
    status, _, after = stack.request("GET", "/demo/invoices?limit=100", token=access)
    assert {i["family_id"] for i in after["items"]} == {subscription["family_id"]}

    # Log hygiene: the whole journey was logged (INFO), and no secret of it was.
    logs = stack.logs()[len(banner_of(stack)) :]
    assert "list_invoices" in logs and "create_subscription" in logs
    signature = parse_qs(urlsplit(link["url"]).query)["X-Amz-Signature"][0]
    for secret in (
        PASSWORD,
        token,
        access,
        access.split(".")[2],
        martin_code,
        invoice_data["personal_code"],
        signature,
    ):
        assert secret not in logs, "a secret reached the logs"
