"""Warm cost of every citizen operation on the local stack, and listing at two table sizes.

For each operation, over HTTP on the local stack: p50/p95 latency and the AWS
calls one warm invocation makes (counted with botocore, in-process). Then the
invoice list for one account whose families hold 48 invoices, with the table
at 1,000 and at 100,000 items, side by side.

    python -m bench.operations [--requests 40]
"""

from __future__ import annotations

import argparse
import json
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bench.imports import make_records

_calls = threading.local()


def count_aws_calls() -> None:
    """Record every botocore API call of the current thread (handlers run in the server's threads)."""
    from botocore.client import BaseClient

    real = BaseClient._make_api_call
    log: list[tuple[str, int]] = []
    count_aws_calls.log = log  # type: ignore[attr-defined]

    def counted(self: Any, operation: str, params: dict[str, Any]) -> Any:
        name, scanned = f"{self.meta.service_model.service_name}.{operation}", 0
        try:
            response = real(self, operation, params)
            scanned = int(response.get("ScannedCount", 0))
            return response
        finally:  # failed calls (a refused condition) are billed too
            log.append((name, scanned))

    BaseClient._make_api_call = counted  # type: ignore[method-assign]


class _Stay(urllib.request.HTTPRedirectHandler):
    """A redirect (the payment return's 303) is the answer measured, not followed."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Client:
    def __init__(self, url: str, timeout: float = 60) -> None:
        self.url, self.timeout = url, timeout
        self.opener = urllib.request.build_opener(_Stay)

    def __call__(
        self,
        method: str,
        path: str,
        body: Any = None,
        token: str | None = None,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        headers = dict(headers or {})
        data = raw
        if isinstance(body, bytes):  # a form, as PayFiP posts its notification
            data, headers["Content-Type"] = body, "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if token and token.startswith("adm_"):
            headers["X-Api-Key"] = token
        elif token:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=self.timeout) as response:  # nosec B310 - loopback only
                payload = response.read()
                return response.status, json.loads(payload) if payload else None
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")


def measure(
    client: Client, requests: int, operation: tuple[str, str, Any, str | None], warm: int = 2
) -> dict[str, Any]:
    """``warm`` calls first (tenant config and signing key cached), then ``requests`` measured ones."""
    method, path, body, token = operation
    log = count_aws_calls.log  # type: ignore[attr-defined]
    for _ in range(warm):
        client(method, path, body, token)
    latencies, per_call, scanned = [], [], []
    for _ in range(requests):
        before = len(log)
        started = time.perf_counter()
        status, answer = client(method, path, body, token)
        latencies.append((time.perf_counter() - started) * 1000)
        made = log[before:]
        per_call.append(tuple(name for name, _ in made))
        scanned.append(sum(n for _, n in made))
    latencies.sort()
    calls = Counter(per_call).most_common(1)[0][0]
    return {
        "status": status,
        "body": answer,
        "p50": statistics.median(latencies),
        "p95": latencies[max(0, int(len(latencies) * 0.95) - 1)],
        "calls": calls,
        "items_read": statistics.median(scanned),
    }


def fill(table: str, region: str, until: int) -> None:
    """Grow the table with other families' invoices, straight into the stand-in's memory."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    backend = dynamodb_backends[DEFAULT_ACCOUNT_ID][region].get_table(table)
    n = sum(1 for _ in backend.all_items())
    while n < until:
        family = f"TENANT#bench#FAMILY#FILL-{n // 50:05d}"
        backend.put_item(
            {
                "pk": {"S": f"TENANT#bench#INVOICE#FILL-{n:07d}"},
                "sk": {"S": "INVOICE"},
                "gsi1pk": {"S": family},
                "gsi1sk": {"S": f"2025-01-01#FILL-{n:07d}#FILL-{n:07d}"},
                "gsi2pk": {"S": f"TENANT#bench#INVREF#EM#R{n}"},
                "gsi2sk": {"S": f"FILL-{n:07d}"},
                "invoice_id": {"S": f"FILL-{n:07d}"},
                "amount_cents": {"N": "640"},
            }
        )
        n += 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()

    from infra.local import LocalServer

    stack = LocalServer(port=0, event_sources=False)  # nothing runs by itself while the bench measures
    stack.start()
    count_aws_calls()
    key = stack.create_tenant("bench", "Ville Bench", online_payment=True)
    client = Client(stack.url)

    # One family with 48 invoices (two years, two natures) and payments; a citizen following it.
    records = [{"type": "family", "family_id": "B-F00000", "label": "Famille Bench", "subscriber_code": "BENCH-CODE"}]
    records += [r for r in make_records(73)[1:] if r["type"] != "family"]
    for i, r in enumerate(r for r in records if r["type"] == "invoice"):
        r["family_id"], r["date"] = "B-F00000", f"{2024 + i % 2}-{1 + i % 12:02d}-01"
        r["nature"] = ("Restauration scolaire", "Accueil périscolaire")[i % 2]
    body = "\n".join(json.dumps(r) for r in records).encode()
    status, report = client(
        "POST", "/bench/admin/imports", raw=body, headers={"Content-Type": "application/x-ndjson", "X-Api-Key": key}
    )
    assert status == 200 and not report["rejected"], report
    email, password = "bench@example.org", "Cantine2024!"
    access = citizen(client, stack.url, email, password)
    client("POST", "/bench/subscriptions", {"subscriber_code": "BENCH-CODE"}, access)
    invoice_id = client("GET", "/bench/invoices?limit=1", None, access)[1]["items"][0]["invoice_id"]
    monday = publish_bookings(client, key)
    town = agent(client, stack.url, key, "agent@example.org")
    # A thread of three messages both ways, to read and answer.
    question = {"service_id": "B-ENFANCE", "subject": "Cantine", "text": "Une question ?", "family_id": "B-F00000"}
    thread = client("POST", "/bench/threads", question, access)[1]["thread_id"]
    answer = {"text": "Une réponse.", "author": "Service Enfance"}
    client("POST", f"/bench/admin/threads/{thread}/messages", answer, key)
    client("POST", f"/bench/threads/{thread}/messages", {"text": "Merci."}, access)
    nine = datetime.combine(monday, datetime.min.time().replace(hour=9), tzinfo=ZoneInfo("Europe/Paris")).isoformat()

    operations = {
        "create_session (login)": ("POST", "/bench/sessions", {"email": email, "password": password}, None),
        "get_me": ("GET", "/bench/me", None, access),
        "list_subscriptions": ("GET", "/bench/subscriptions", None, access),
        "create_subscription (again)": ("POST", "/bench/subscriptions", {"subscriber_code": "BENCH-CODE"}, access),
        "list_invoices": ("GET", "/bench/invoices", None, access),
        "list_invoices (filtered)": ("GET", "/bench/invoices?year=2024&status=to_pay&limit=5", None, access),
        "get_invoice": ("GET", f"/bench/invoices/{invoice_id}", None, access),
        "get_invoice_pdf (none stored)": ("GET", f"/bench/invoices/{invoice_id}/pdf", None, access),
        "resend_activation": ("POST", "/bench/accounts/activation-email", {"email": "nobody@example.org"}, None),
        "activate_account (bad token)": ("POST", "/bench/accounts/activation", {"token": "0" * 32 + ".x"}, None),
        "update_me": ("PATCH", "/bench/me", {"first_name": "B", "notifications": {"reminders": True}}, access),
        "export_me": ("GET", "/bench/me/export", None, access),
        "request_password_reset (unknown)": (
            "POST",
            "/bench/accounts/password-reset",
            {"email": "x@example.org"},
            None,
        ),
        "reset_password (bad link)": ("POST", "/bench/accounts/password", bad_link("Piscine2025!"), None),
        "confirm_email (bad link)": ("POST", "/bench/accounts/email-confirmation", {"token": "0" * 32 + ".x"}, None),
        "get_usage": ("GET", f"/bench/admin/usage?month={time.strftime('%Y-%m', time.gmtime())}", None, key),
        "list_children": ("GET", "/bench/children", None, access),
        "get_calendar (31 days)": (
            "GET",
            f"/bench/children/B-E1/calendar?activity_id=B-CANT&from={monday}&to={monday + timedelta(days=30)}",
            None,
            access,
        ),
        "get_calendar (31 days, requires file and papers)": (
            "GET",
            f"/bench/children/B-E1/calendar?activity_id=B-PERI&from={monday}&to={monday + timedelta(days=30)}",
            None,
            access,
        ),
        "list_child_activities": ("GET", "/bench/children/B-E2/activities", None, access),
        "request_enrolment (then pending)": (
            "POST",
            "/bench/children/B-E2/enrolment-requests",
            {"activity_id": "B-PERI", "from": str(monday)},
            access,
        ),
        "change_bookings (unchanged)": (
            "POST",
            "/bench/children/B-E1/bookings",
            {"activity_id": "B-CANT", "changes": [{"date": monday.isoformat(), "unit_id": "REPAS", "booked": True}]},
            access,
        ),
        "declare_absence (nothing booked)": (
            "POST",
            "/bench/children/B-E1/absences",
            {"activity_id": "B-CANT", "from": str(monday + timedelta(days=7)), "to": str(monday + timedelta(days=11))}
            | {"reason": "illness"},
            access,
        ),
        "list_booking_events": (
            "GET",
            f"/bench/admin/bookings?since={date.today() - timedelta(days=1)}T00:00:00Z",
            None,
            key,
        ),
        "get_attendance": ("GET", f"/bench/admin/activities/B-CANT/attendance?date={monday}", None, key),
        "get_family_file (one child's file)": ("GET", "/bench/families/B-F00000/file", None, access),
        "change_family_file (a phone, pending)": (
            "POST",
            "/bench/families/B-F00000/file/changes",
            {"changes": [{"target": "guardian", "id": "B-R1", "field": "mobile_phone", "value": "0611223344"}]},
            access,
        ),
        "certify_family_file": ("POST", "/bench/families/B-F00000/file/certification", None, access),
        "list_family_documents": ("GET", "/bench/families/B-F00000/documents", None, access),
        "declare_document (20, then 409)": (
            "POST",
            "/bench/families/B-F00000/documents",
            {"document_type_id": "B-ASSURANCE", "child_id": "B-E1", "file_name": "a.pdf"}
            | {"content_type": "application/pdf", "size": 1000},
            access,
        ),
        "get_received_pdf (unknown)": ("GET", "/bench/families/B-F00000/received/B-NONE/pdf", None, access),
        "get_document_file (unknown)": ("GET", f"/bench/families/B-F00000/documents/{'0' * 32}/file", None, access),
        "delete_document (unknown)": ("DELETE", f"/bench/families/B-F00000/documents/{'0' * 32}", None, access),
        "list_town_documents": (
            "GET",
            f"/bench/admin/documents?since={date.today() - timedelta(days=1)}T00:00:00Z",
            None,
            key,
        ),
        "get_town_document_file (unknown)": ("GET", f"/bench/admin/documents/{'0' * 32}/file", None, key),
        "decide_document (unknown)": (
            "POST",
            f"/bench/admin/documents/{'0' * 32}/decision",
            {"decision": "accepted"},
            key,
        ),
        "request_certificate (then pending)": (
            "POST",
            "/bench/requests/certificates",
            {"family_id": "B-F00000", "certificate": "tax", "year": date.today().year},
            access,
        ),
        "list_requests": ("GET", "/bench/requests", None, access),
        "get_request (unknown)": ("GET", f"/bench/requests/{'0' * 32}", None, access),
        "cancel_request (unknown)": ("POST", f"/bench/requests/{'0' * 32}/cancellation", None, access),
        "list_town_requests": (
            "GET",
            f"/bench/admin/requests?since={date.today() - timedelta(days=1)}T00:00:00Z",
            None,
            key,
        ),
        "decide_request (unknown)": (
            "POST",
            f"/bench/admin/requests/{'0' * 32}/decision",
            {"decision": "accepted"},
            key,
        ),
        "list_town_requests (an agent)": (
            "GET",
            f"/bench/admin/requests?since={date.today() - timedelta(days=1)}T00:00:00Z",
            None,
            town,
        ),
        "get_inbox (an agent)": ("GET", "/bench/agent/inbox", None, town),
        "get_agent_me": ("GET", "/bench/agent/me", None, town),
        "get_town_request (unknown, an agent)": ("GET", f"/bench/admin/requests/{'0' * 32}", None, town),
        "get_town_family_file (an agent)": ("GET", "/bench/admin/families/B-F00000/file", None, town),
        "create_agent (then 409)": (
            "POST",
            "/bench/admin/agents",
            {"email": "agent@example.org", "first_name": "A", "last_name": "B", "permissions": ["requests"]},
            key,
        ),
        "list_agents": ("GET", "/bench/admin/agents", None, key),
        "delete_agent (unknown)": ("DELETE", f"/bench/admin/agents/{'0' * 32}", None, key),
        "activate_agent (bad link)": (
            "POST",
            "/bench/agent/activation",
            {"token": "0" * 32 + ".x", "password": "Guichet-Bench-2026", "password_confirmation": "Guichet-Bench-2026"},
            None,
        ),
        "create_agent_session (wrong, then 429)": (
            "POST",
            "/bench/agent/sessions",
            {"email": "nobody@example.org", "password": "Guichet-Bench-2026", "code": "000000"},
            None,
        ),
        "list_audit": ("GET", f"/bench/admin/audit?since={date.today() - timedelta(days=1)}T00:00:00Z", None, key),
        "list_services": ("GET", "/bench/services", None, access),
        "open_thread (4, then 429)": ("POST", "/bench/threads", question, access),
        "list_threads": ("GET", "/bench/threads", None, access),
        "get_thread (3 messages)": ("GET", f"/bench/threads/{thread}", None, access),
        "post_message (then 429)": ("POST", f"/bench/threads/{thread}/messages", {"text": "Merci."}, access),
        "list_town_threads (an agent)": (
            "GET",
            f"/bench/admin/threads?since={date.today() - timedelta(days=1)}T00:00:00Z",
            None,
            town,
        ),
        "get_town_thread (an agent)": ("GET", f"/bench/admin/threads/{thread}", None, town),
        "post_town_message": ("POST", f"/bench/admin/threads/{thread}/messages", answer, key),
        "close_thread (then again)": ("POST", f"/bench/admin/threads/{thread}/closure", None, key),
        "list_agendas": ("GET", "/bench/agendas", None, access),
        "list_slots (31 days)": (
            "GET",
            f"/bench/agendas/B-RDV/slots?from={monday}&to={monday + timedelta(days=30)}",
            None,
            access,
        ),
        "book_appointment (then limit)": ("POST", "/bench/appointments", {"agenda_id": "B-RDV", "start": nine}, access),
        "list_appointments": ("GET", "/bench/appointments", None, access),
        "cancel_appointment (unknown)": ("DELETE", f"/bench/appointments/{'0' * 32}", None, access),
        "list_town_agendas (an agent)": ("GET", "/bench/admin/agendas", None, town),
        "get_agenda_day (an agent)": ("GET", f"/bench/admin/agendas/B-RDV/appointments?date={monday}", None, town),
        "cancel_town_appointment (unknown)": (
            "POST",
            f"/bench/admin/appointments/{'0' * 32}/cancellation",
            {"reason": "Guichet fermé"},
            key,
        ),
    }
    print(f"warm invocations over HTTP on the local stack, {args.requests} requests each:")
    print(f"  {'operation':32} {'status':>6} {'p50 ms':>8} {'p95 ms':>8}  AWS calls per invocation")
    for name, operation in operations.items():
        m = measure(client, args.requests, operation)
        print(f"  {name:32} {m['status']:>6} {m['p50']:8.1f} {m['p95']:8.1f}  {', '.join(m['calls']) or '-'}")

    online_payment(client, stack, access, key, args.requests)

    # Changes that cannot be repeated: once each, on an account of their own, in an order that keeps
    # the next one possible; before the table grows (moto's transactions copy the whole table).
    new, once_email = "Piscine2025!", "once@example.org"
    access = citizen(client, stack.url, once_email, password)
    once = {
        "change_email": ("POST", "/bench/me/email", {"new_email": "bench2@example.org", "current_password": password}),
        "change_password": (
            "PUT",
            "/bench/me/password",
            {"current_password": password, "password": new, "password_confirmation": new},
        ),
        "delete_me": ("POST", "/bench/me/deletion", {"current_password": new}),
    }
    print("\nchanges made once (one call, on that function's first request):")
    for name, (method, path, body) in once.items():
        m = measure(client, 1, (method, path, body, access), warm=0)
        print(f"  {name:32} {m['status']:>6} {m['p50']:8.1f} {'':>8}  {', '.join(m['calls']) or '-'}")
        if name == "change_password":
            access = client("POST", "/bench/sessions", {"email": once_email, "password": new})[1]["access_token"]

    from infra.provision import LOCAL_REGION, PHYSICAL_NAMES

    print("\nlisting one account's 48 invoices as the table grows:")
    print(f"  {'table items':>12} {'p50 ms':>8} {'p95 ms':>8} {'items read':>11}  AWS calls")
    for size in (1_000, 100_000):
        fill(PHYSICAL_NAMES["DataTable"], LOCAL_REGION, size)
        m = measure(client, args.requests, operations["list_invoices"])
        print(f"  {size:>12,} {m['p50']:8.1f} {m['p95']:8.1f} {m['items_read']:>11.0f}  {', '.join(m['calls'])}")

    stack.stop()


def online_payment(client: Client, stack: Any, access: str, admin_key: str, requests: int) -> None:
    """One invoice paid through the PayFiP stand-in, each step measured; PayFiP's own SOAP calls are
    not AWS calls: the count beside each line says how many the step makes."""
    to_pay = client("GET", "/bench/invoices?status=to_pay&limit=100", None, access)[1]["items"]
    invoice_id = next(i["invoice_id"] for i in to_pay if i["balance_cents"] >= 100)
    print(f"\nonline payment (PayFiP stand-in), {requests} requests each unless once:")
    rows = []

    def row(name: str, operation: tuple[str, str, Any, str | None], soap: int, once: bool = False) -> dict[str, Any]:
        m = measure(client, 1 if once else requests, operation, warm=0 if once else 2)
        rows.append((name, m, soap, once))
        return m

    started = row("start_payment", ("POST", f"/bench/invoices/{invoice_id}/payments", {}, access), 1, once=True)
    transaction = started["body"]["transaction_id"]
    idop = started["body"]["redirect_url"].rsplit("idop=", 1)[1]
    notification = ("POST", "/bench/payments/notifications/payfip", f"idop={idop}".encode(), None)
    row("get_payment (pending)", ("GET", f"/bench/payments/{transaction}", None, access), 1)
    row("payfip_notification (pending)", notification, 1)
    stack.payfip.decide(idop, "P", notify=False)
    row("payment_return (settles: paid)", ("GET", f"/bench/payments/{transaction}/return", None, None), 1, once=True)
    row("payfip_notification (paid)", notification, 0)
    row("get_payment (paid)", ("GET", f"/bench/payments/{transaction}", None, access), 0)
    row("list_online_payments", ("GET", "/bench/admin/online-payments?since=2020-01-01", None, admin_key), 0)
    row("sweep_payments (none pending)", ("POST", "/_local/jobs/payments-sweep", {}, None), 0)
    row("sweep_bookings (none owed)", ("POST", "/_local/jobs/bookings-sweep", {}, None), 0)
    for name, m, soap, once in rows:
        p95 = "" if once else f"{m['p95']:8.1f}"
        calls = ", ".join(m["calls"]) or "-"
        print(f"  {name:32} {m['status']:>6} {m['p50']:8.1f} {p95:>8}  {calls} + {soap} PayFiP call(s)")


def publish_bookings(client: Client, admin_key: str) -> date:
    """A child of the bench family enrolled in the meals (every weekday, no capacity); the Monday two weeks
    ahead (still before its deadlines)."""
    today = date.today()
    monday = today + timedelta(days=14 - today.weekday())
    closes = f"{today + timedelta(days=30)}T00:00:00Z"
    meals = (
        {"type": "activity", "activity_id": "B-CANT", "label": "Cantine", "nature": "Restauration scolaire"}
        | {"from": str(today - timedelta(days=60)), "to": str(today + timedelta(days=120))}
        | {"weekdays": ["mon", "tue", "wed", "thu", "fri"], "closed": [], "extra_days": [], "opens_at": None}
        | {"units": [{"unit_id": "REPAS", "label": "Repas", "price": "3.20", "capacity": None}]}
        | {"booking_deadline": {"days_before": 2, "time": "10:00", "working_days": True}}
        | {"cancellation_deadline": None, "waiting_list": False}
    )
    records = [
        {"type": "child", "child_id": "B-E1", "family_id": "B-F00000", "first_name": "B", "last_name": "B"}
        | {"birth_date": "2017-01-01", "school": "École", "class": "CE1"},
        meals,
        {"type": "enrolment", "child_id": "B-E1", "activity_id": "B-CANT"}
        | {"from": str(today - timedelta(days=60)), "to": str(today + timedelta(days=120))},
        {"type": "guardian", "guardian_id": "B-R1", "family_id": "B-F00000", "civility": "MME", "last_name": "B"}
        | {"first_name": "B", "relationship": "mère", "mobile_phone": "0612345678"},
        {"type": "child_file", "child_id": "B-E1", "diet": "sans_porc", "allergies": ["arachide"]}
        | {"doctor": {"name": "Dr B", "phone": "0561000000"}, "pickups": []},
        {
            "type": "document_type",
            "document_type_id": "B-ASSURANCE",
            "label": "Assurance",
            "scope": "child",
            "validity_months": 12,
            "required_for": ["*"],
        },
        # The same meals, requiring the file and the papers, open to enrolment requests: B-E1 is enrolled
        # (its calendar asks the file and the papers once), B-E2 may ask.
        {**meals, "activity_id": "B-PERI", "label": "Périscolaire", "requires": ["certified_file", "documents"]}
        | {"enrolment_requests": {"opens_at": f"{today - timedelta(days=1)}T00:00:00Z", "closes_at": closes}},
        {"type": "enrolment", "child_id": "B-E1", "activity_id": "B-PERI"}
        | {"from": str(today - timedelta(days=60)), "to": str(today + timedelta(days=120))},
        {"type": "child", "child_id": "B-E2", "family_id": "B-F00000", "first_name": "C", "last_name": "B"}
        | {"birth_date": "2019-01-01", "school": "École", "class": "CP"},
        {"type": "service", "service_id": "B-ENFANCE", "label": "Service Enfance", "notify_email": "e@example.org"},
        {"type": "agenda", "agenda_id": "B-RDV", "label": "Passeports", "place": "Mairie", "from": str(today)}
        | {"to": str(today + timedelta(days=120)), "slot_minutes": 20, "places_per_slot": 2, "max_days_ahead": 60}
        | {"hours": [{"weekday": d, "start": "09:00", "end": "17:00"} for d in ("mon", "tue", "wed", "thu", "fri")]},
    ]
    body = "\n".join(json.dumps(r) for r in records).encode()
    headers = {"Content-Type": "application/x-ndjson", "X-Api-Key": admin_key}
    status, report = client("POST", "/bench/admin/imports", raw=body, headers=headers)
    assert status == 200 and not report["rejected"], report
    return monday


def citizen(client: Client, url: str, email: str, password: str) -> str:
    """Register, activate from the mailed link and log in; the access token."""
    account = {
        "civility": "M",
        "last_name": "B",
        "first_name": "B",
        "email": email,
        "password": password,
        "password_confirmation": password,
        "terms_accepted": True,
    }
    client("POST", "/bench/accounts", account)
    with urllib.request.urlopen(url + "/_local/outbox") as response:  # noqa: S310  # nosec B310 - loopback only
        link = json.loads(response.read())["messages"][-1]["text"]
    client("POST", "/bench/accounts/activation", {"token": link.split("token=")[1].split()[0]})
    return str(client("POST", "/bench/sessions", {"email": email, "password": password})[1]["access_token"])


def agent(client: Client, url: str, admin_key: str, email: str) -> str:
    """Invite an agent with every permission, activate it from the mailed link and log in; its token."""
    import pyotp

    permissions = ["requests", "documents", "messages", "appointments"]
    person = {"email": email, "first_name": "A", "last_name": "B", "permissions": permissions}
    client("POST", "/bench/admin/agents", person | {"service_ids": ["B-ENFANCE"]}, admin_key)
    with urllib.request.urlopen(url + "/_local/outbox") as response:  # noqa: S310  # nosec B310 - loopback only
        link = json.loads(response.read())["messages"][-1]["text"]
    token = urllib.parse.unquote(link.split("token=")[1].split()[0])
    password = "Guichet-Bench-2026"  # noqa: S105 - the bench agent's, on the local stack only
    body = {"token": token, "password": password, "password_confirmation": password}
    secret = client("POST", "/bench/agent/activation", body)[1]["totp_secret"]
    body = {"email": email, "password": password, "code": pyotp.TOTP(secret).now()}
    return str(client("POST", "/bench/agent/sessions", body)[1]["access_token"])


def bad_link(password: str) -> dict[str, str]:
    return {"token": "0" * 32 + ".x", "password": password, "password_confirmation": password}


if __name__ == "__main__":
    main()
