"""Paying an invoice online over HTTP on the local stack, through the PayFiP stand-in as a browser would:
a refused card, then a paid one whose notification is lost and which the sweep job settles."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest

from .helpers import citizen, demo_values

pytestmark = pytest.mark.e2e


class _Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # answer the 303 itself, as a test wants to see it
        return None


def no_follow(method: str, url: str, form: dict[str, str] | None = None) -> tuple[int, str]:
    """Status and Location of a request whose redirect is not followed."""
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 - loopback only
    try:
        with urllib.request.build_opener(_Stay).open(request, timeout=30) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")


def test_a_parent_pays_an_invoice_through_the_payfip_stand_in(stack):
    martin_code, _ = demo_values(stack)
    token = citizen(stack, "payeur@example.org", martin_code)
    to_pay = stack.request("GET", "/demo/invoices?status=to_pay&limit=100", token=token)[2]["items"]
    invoice = [i for i in to_pay if i["balance_cents"] >= 100][-1]  # the oldest: the browser test pays the newest
    path = f"/demo/invoices/{urllib.parse.quote(invoice['invoice_id'])}/payments"

    # A refused card: the stand-in notifies, the browser comes back, the portal shows "refused".
    status, _, started = stack.request("POST", path, raw=b"", token=token)
    assert status == 201 and started["amount_cents"] == invoice["balance_cents"]
    assert started["redirect_url"].startswith(f"{stack.url}/_local/payfip/paiement?idop=")
    page = stack.request("GET", started["redirect_url"].removeprefix(stack.url))
    assert page[0] == 200 and b"Carte refus" in page[2]
    idop = urllib.parse.parse_qs(urllib.parse.urlsplit(started["redirect_url"]).query)["idop"][0]
    status, back = no_follow("POST", f"{stack.url}/_local/payfip/{idop}", {"result": "R", "notify": "1"})
    assert (status, back) == (303, f"{stack.url}/demo/payments/{started['transaction_id']}/return")
    status, portal = no_follow("GET", back)
    assert (status, portal) == (303, f"{stack.url}/#/paiement/{started['transaction_id']}")
    assert stack.request("GET", f"/demo/payments/{started['transaction_id']}", token=token)[2]["status"] == "refused"

    # Paid at once on a second attempt, but the notification is lost and the parent never comes back.
    status, _, again = stack.request("POST", path, raw=b"", token=token)
    assert status == 201
    idop = urllib.parse.parse_qs(urllib.parse.urlsplit(again["redirect_url"]).query)["idop"][0]
    assert no_follow("POST", f"{stack.url}/_local/payfip/{idop}", {"result": "P", "notify": "0"})[0] == 303
    later = (datetime.now(UTC) + timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M:%SZ")
    status, _, swept = stack.request("POST", "/_local/jobs/payments-sweep", {"now": later})
    assert status == 200 and swept["result"]["settled"] >= 1

    detail = stack.request("GET", f"/demo/invoices/{urllib.parse.quote(invoice['invoice_id'])}", token=token)[2]
    assert detail["balance_cents"] == 0 and detail["status"] == "paid"
    online = [p for p in detail["payments"] if again["transaction_id"] in p["description"]]
    assert len(online) == 1 and online[0]["amount_cents"] == invoice["balance_cents"]

    # The billing software's feed lists it.
    today = datetime.now(UTC).date().isoformat()
    status, _, feed = stack.request(
        "GET", f"/demo/admin/online-payments?since={today}", headers={"X-Api-Key": stack.admin_key}
    )
    assert status == 200
    assert again["transaction_id"] in [item["transaction_id"] for item in feed["items"]]
    assert stack.request("POST", "/_local/jobs/nope", {})[0] == 404
