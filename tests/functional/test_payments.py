"""Online payment (docs/payments.md): the real handlers on moto, PayFiP's stand-in
over HTTP. Every way a result can arrive (notification, return, status read, sweep), in every order and
at once, adds exactly one payment."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from infra.lambdas import invoke_function
from infra.payfip_standin import PayFipStandIn

from .helpers import TENANT, active_account, call, family, invoice, payment, send, stored_invoice, table_items

API = "https://api.ville-test.fr/v1"
NUMCLI = "123456"
INVOICE = "2019-06-0042"  # 6.40 €, unpaid


@pytest.fixture
def payfip(monkeypatch):
    """PayFiP's stand-in, listening on 127.0.0.1, as the functions' PayFiP endpoint."""
    from portal.platform.config import settings

    stand_in = PayFipStandIn()
    server = stand_in.serve()
    monkeypatch.setenv("PUBLIC_API_URL", API)
    monkeypatch.setenv("PAYFIP_ENDPOINT", f"http://127.0.0.1:{server.server_address[1]}/soap")
    stand_in.endpoint = f"http://127.0.0.1:{server.server_address[1]}/soap"
    monkeypatch.setenv("PAYFIP_PAGE", "https://payfip.example/paiement?idop={idop}")
    settings.cache_clear()
    yield stand_in
    server.shutdown()
    settings.cache_clear()


def turn_on(mode: str = "T") -> None:
    from portal.tenancy import tenants
    from portal.tenancy.store import set_payment

    set_payment(TENANT, NUMCLI, mode)
    tenants._cache.clear()


@pytest.fixture
def published(tenant):
    reply = send(
        tenant,
        family("F-001", code="FAM-7Q2K-9XWD"),
        family("F-002", code="FAM-3MZP-4TRC", label="Famille DURAND"),
        invoice(INVOICE),
        invoice("2019-05-0007", date="2019-05-01", amount="20.00", lines=[]),
        invoice("2019-04-0001", date="2019-04-01", amount="0.50", lines=[]),
        invoice("2019-03-0100", family_id="F-002", date="2019-03-01", amount="9.00", lines=[]),
        payment("2019-05-0007", number="P-1", amount="20.00"),
    )
    assert reply.json["rejected"] == []
    return tenant


@pytest.fixture
def parent(published, payfip):
    turn_on()
    token = active_account()
    assert call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "FAM-7Q2K-9XWD"}, token=token).status == 201
    return token


def start(token, invoice_id=INVOICE, **headers):
    return call("POST", f"/{TENANT}/invoices/{invoice_id}/payments", raw=b"", token=token, headers=headers)


def idop_of(started) -> str:
    return idop_of_body(started.json)


def idop_of_body(body: dict) -> str:
    return parse_qs(urlsplit(body["redirect_url"]).query)["idop"][0]


def notify(idop: str, field: str = "idop"):
    return call(
        "POST",
        f"/{TENANT}/payments/notifications/payfip",
        raw=f"{field}={idop}".encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )


def come_back(transaction_id: str):
    return call("GET", f"/{TENANT}/payments/{transaction_id}/return")


def status_of(token, transaction_id: str):
    return call("GET", f"/{TENANT}/payments/{transaction_id}", token=token)


def sweep(at: datetime) -> dict:
    return invoke_function("SweepPaymentsFunction", {"time": at.strftime("%Y-%m-%dT%H:%M:%SZ")})


def online_payments(invoice_id: str = INVOICE) -> list[dict]:
    return [p for p in stored_invoice(invoice_id)["payments"] if p["description"].startswith("Règlement en ligne")]


# --- starting ----------------------------------------------------------------------------


def test_starting_asks_payfip_for_the_balance_and_answers_where_to_pay(parent, payfip):
    reply = start(parent)

    assert reply.status == 201, reply.text
    body = reply.json
    assert set(body) == {"transaction_id", "status", "amount_cents", "redirect_url"}
    assert body["status"] == "pending" and body["amount_cents"] == 640
    asked = payfip.operations[idop_of(reply)].fields
    assert asked["montant"] == "640" and asked["numcli"] == NUMCLI and asked["saisie"] == "T"
    assert asked["refdet"] == "2019060042" and asked["exer"] == "2019"
    assert asked["mel"] == "lea.martin@example.org"
    assert asked["urlnotif"] == f"{API}/{TENANT}/payments/notifications/payfip"
    assert asked["urlredirect"] == f"{API}/{TENANT}/payments/{body['transaction_id']}/return"
    assert status_of(parent, body["transaction_id"]).json["status"] == "pending"  # PayFiP answers P5


def test_an_empty_json_object_starts_too_but_unknown_fields_are_refused(parent):
    assert call("POST", f"/{TENANT}/invoices/{INVOICE}/payments", {}, token=parent).status == 201
    refused = call("POST", f"/{TENANT}/invoices/2019-03-0100/payments", {"amount_cents": 1}, token=parent)
    assert refused.status == 422


def test_one_live_attempt_per_invoice(parent, payfip):
    first = start(parent)
    second = start(parent)

    assert first.status == 201
    assert second.status == 409 and second.json["code"] == "payment_in_progress"
    assert 0 < int(second.headers["Retry-After"]) <= 1200
    assert payfip.calls.count("creerpaiementsecurise") == 1


def test_the_same_idempotency_key_gets_the_same_answer_and_no_second_transaction(parent, payfip):
    first = start(parent, **{"Idempotency-Key": "k-1"})
    again = start(parent, **{"Idempotency-Key": "k-1"})
    elsewhere = start(parent, "2019-04-0001", **{"Idempotency-Key": "k-1"})

    assert first.status == again.status == 201 and again.json == first.json
    assert payfip.calls.count("creerpaiementsecurise") == 1
    assert elsewhere.status == 409 and elsewhere.json["code"] == "idempotency_key_reused"


@pytest.mark.parametrize(
    ("invoice_id", "status", "code"),
    [
        ("2019-05-0007", 409, "invoice_already_paid"),
        ("2019-04-0001", 422, "amount_below_minimum"),
        ("2019-03-0100", 404, "invoice_not_found"),  # another family's
        ("nope", 404, "invoice_not_found"),
    ],
)
def test_what_cannot_be_paid_online(parent, payfip, invoice_id, status, code):
    reply = start(parent, invoice_id)

    assert (reply.status, reply.json["code"]) == (status, code)
    assert payfip.calls == []


def test_a_tenant_without_online_payment_says_so(published, payfip):
    token = active_account()
    call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "FAM-7Q2K-9XWD"}, token=token)

    reply = start(token)

    assert (reply.status, reply.json["code"]) == (409, "online_payment_unavailable")


def test_payfip_unreachable_is_a_503_and_leaves_nothing_pending(parent, payfip, monkeypatch):
    from portal.platform.config import settings

    monkeypatch.setenv("PAYFIP_ENDPOINT", "http://127.0.0.1:9/soap")  # nothing listens there
    settings.cache_clear()
    down = start(parent)
    monkeypatch.setenv("PAYFIP_ENDPOINT", payfip.endpoint)
    settings.cache_clear()
    back = start(parent)

    assert down.status == 503 and "Retry-After" in down.headers
    assert back.status == 201  # no lock was left behind
    assert len([i for i in table_items() if i["sk"]["S"] == "TRANSACTION"]) == 1


# --- exactly once ----------------------------------------------------------------------


def test_eight_notifications_racing_returns_and_status_reads_add_one_payment(parent, payfip):
    started = start(parent).json
    idop, transaction = idop_of_body(started), started["transaction_id"]
    payfip.decide(idop, "P", notify=False)
    calls = [lambda: notify(idop)] * 8 + [lambda: come_back(transaction)] * 4
    calls += [lambda: status_of(parent, transaction)] * 4

    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(lambda f: f(), calls))

    assert [r.status for r in replies[:8]] == [200] * 8
    assert {r.status for r in replies[8:12]} == {303}
    [booked] = online_payments()
    assert booked["amount_cents"] == 640 and booked["type"] == "Carte bancaire"
    assert booked["number"] == payfip.operations[idop].extra["numauto"]
    assert booked["description"] == f"Règlement en ligne - Transaction n° {transaction}"
    assert stored_invoice(INVOICE)["status"] == "paid"
    assert status_of(parent, transaction).json["status"] == "paid"
    assert status_of(parent, transaction).json["paid_at"]


def test_the_notification_body_is_never_trusted(parent, payfip):
    started = start(parent).json

    assert notify(idop_of_body(started)).status == 200  # PayFiP has no result yet: P5
    assert notify(idop_of_body(started), field="idOp").status == 200
    assert notify("not-an-idop-we-issued").status == 200
    assert status_of(parent, started["transaction_id"]).json["status"] == "pending"
    assert online_payments() == []


def test_a_lost_notification_is_settled_by_the_status_read(parent, payfip):
    started = start(parent).json
    payfip.decide(idop_of_body(started), "P", notify=False)

    assert status_of(parent, started["transaction_id"]).json["status"] == "paid"
    assert len(online_payments()) == 1


def test_a_lost_notification_is_settled_by_the_sweep(parent, payfip):
    started = start(parent).json
    payfip.decide(idop_of_body(started), "P", notify=False)

    early = sweep(datetime.now(UTC))  # under 5 minutes old: left to the notification
    later = sweep(datetime.now(UTC) + timedelta(minutes=6))

    assert early["checked"] == 0
    assert later == {"checked": 1, "settled": 1, "expired": 0, "unavailable": 0}
    assert len(online_payments()) == 1
    assert sweep(datetime.now(UTC) + timedelta(minutes=12))["checked"] == 0  # paid leaves the pending list


@pytest.mark.parametrize(("first", "status"), [("R", "refused"), ("A", "abandoned")])
def test_refused_or_abandoned_then_paid(parent, payfip, first, status):
    started = start(parent).json
    idop, transaction = idop_of_body(started), started["transaction_id"]
    payfip.decide(idop, first, notify=False)
    notify(idop)

    assert status_of(parent, transaction).json["status"] == status
    assert online_payments() == []
    assert start(parent).status == 201  # the invoice can be paid again at once

    payfip.decide(idop, "P", notify=False)  # the same operation paid after all
    notify(idop)
    notify(idop)

    assert status_of(parent, transaction).json["status"] == "paid"
    assert len(online_payments()) == 1


def test_a_late_paid_after_expiry_still_counts(parent, payfip):
    started = start(parent).json
    idop, transaction = idop_of_body(started), started["transaction_id"]

    swept = sweep(datetime.now(UTC) + timedelta(hours=4))  # PayFiP still answers P5

    assert swept["expired"] == 1
    assert status_of(parent, transaction).json["status"] == "expired"
    payfip.decide(idop, "P", notify=False)
    assert come_back(transaction).status == 303
    assert status_of(parent, transaction).json["status"] == "paid"
    assert len(online_payments()) == 1


@pytest.mark.parametrize(
    ("mode", "tampered"),
    [
        ("T", {"montant": "1"}),
        ("T", {"refdet": "AUTREDETTE"}),
        ("T", {"numcli": "654321"}),
        ("W", {"saisie": "T"}),  # a test payment's answer for a production régie
    ],
)
def test_a_result_that_does_not_match_is_never_booked_and_is_logged(parent, payfip, caplog, mode, tampered):
    turn_on(mode)
    started = start(parent).json
    idop = idop_of_body(started)
    payfip.decide(idop, "P", notify=False)
    payfip.tamper(idop, **tampered)

    with caplog.at_level(logging.ERROR):
        assert notify(idop).status == 200

    assert online_payments() == []
    assert status_of(parent, started["transaction_id"]).json["status"] == "pending"
    assert any("anomaly" in record.getMessage() for record in caplog.records)
    assert sweep(datetime.now(UTC) + timedelta(hours=4))["expired"] == 1  # not pending for ever either
    assert online_payments() == []


def test_another_accounts_transaction_is_not_found(parent, payfip):
    started = start(parent).json
    other = active_account("paul.durand@example.org")

    assert status_of(other, started["transaction_id"]).json["code"] == "payment_not_found"
    assert status_of(parent, "0" * 32).status == 404
    assert status_of(parent, "ZZZ").status == 404


def test_the_return_sends_the_browser_to_the_portal(parent, payfip):
    started = start(parent).json

    reply = come_back(started["transaction_id"])
    post = call("POST", f"/{TENANT}/payments/{started['transaction_id']}/return", raw=b"x=1")

    assert reply.status == post.status == 303
    assert reply.headers["Location"] == f"https://portail.ville-test.fr/#/paiement/{started['transaction_id']}"
    assert come_back("whatever").status == 303


def test_a_notification_that_is_not_a_form_is_refused_without_effect(parent, payfip):
    reply = call(
        "POST", f"/{TENANT}/payments/notifications/payfip", raw=b"{}", headers={"Content-Type": "application/json"}
    )
    assert reply.status == 415


# --- faults ----------------------------------------------------------------------------


def test_payfip_timing_out_on_a_status_read_keeps_the_transaction_pending(parent, payfip, monkeypatch):
    import socket

    started = start(parent).json
    payfip.decide(idop_of_body(started), "P", notify=False)
    monkeypatch.setattr("portal.payments.payfip.TIMEOUT_SECONDS", 0.2)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()  # accepts, never answers
    monkeypatch.setenv("PAYFIP_ENDPOINT", f"http://127.0.0.1:{silent.getsockname()[1]}/soap")
    from portal.platform.config import settings

    settings.cache_clear()
    try:
        reply = status_of(parent, started["transaction_id"])
    finally:
        silent.close()

    assert reply.status == 200 and reply.json["status"] == "pending"
    assert online_payments() == []


def test_dynamodb_throttled_mid_settle_books_nothing_and_the_retry_books_once(parent, payfip, monkeypatch):
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    started = start(parent).json
    idop = idop_of_body(started)
    payfip.decide(idop, "P", notify=False)
    real = BaseClient._make_api_call

    def throttled(self, operation, params):
        if operation == "TransactWriteItems":
            error = {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}}
            raise ClientError(error, operation)
        return real(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", throttled)
    failed = notify(idop)
    monkeypatch.setattr(BaseClient, "_make_api_call", real)

    assert failed.status == 503  # PayFiP (or the sweep) asks again
    assert online_payments() == []
    assert notify(idop).status == 200
    assert len(online_payments()) == 1


# --- reconciliation ----------------------------------------------------------------------


def pay(token, payfip, invoice_id=INVOICE) -> str:
    started = start(token, invoice_id).json
    payfip.decide(idop_of_body(started), "P", notify=False)
    notify(idop_of_body(started))
    return started["transaction_id"]


def feed(admin_key, **query):
    return call("GET", f"/{TENANT}/admin/online-payments", headers={"X-Api-Key": admin_key}, query=query)


def test_the_feed_lists_paid_online_payments_oldest_first_a_page_at_a_time(parent, payfip, published, monkeypatch):
    send(published, invoice("2019-07-0001", date="2019-07-01", amount="3.00", lines=[]))
    first, second = pay(parent, payfip), pay(parent, payfip, "2019-07-0001")
    monkeypatch.setattr("portal.payments.online.FEED_PAGE", 1)

    page = feed(published, since="2019-01-01")
    rest = feed(published, since="2019-01-01", cursor=page.json["next_cursor"])

    assert page.status == 200, page.text
    [item] = page.json["items"]
    assert item["transaction_id"] == first and item["invoice_id"] == INVOICE and item["family_id"] == "F-001"
    assert item["amount_cents"] == 640 and item["provider"] == "payfip" and item["provider_reference"]
    assert [i["transaction_id"] for i in rest.json["items"]] == [second] and rest.json["next_cursor"] is None
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    assert feed(published, since=tomorrow).json["items"] == []
    assert feed(published, since="2019-01-01", cursor="forged.cursor").json["code"] == "invalid_cursor"
    assert feed(published, since="yesterday").status == 422
    assert feed("adm_wrong", since="2019-01-01").status == 401


def test_an_imported_record_of_an_online_payment_replaces_the_portals_own(parent, payfip, published):
    transaction = pay(parent, payfip)

    reply = send(published, payment(INVOICE, number="BILLING-77", amount="6.40", transaction_id=transaction))

    assert reply.json["rejected"] == []
    numbers = [p["number"] for p in stored_invoice(INVOICE)["payments"]]
    assert numbers == ["BILLING-77"]
    assert stored_invoice(INVOICE)["balance_cents"] == 0


def test_an_import_that_comes_before_the_result_is_not_counted_twice(parent, payfip, published):
    started = start(parent).json
    idop = idop_of_body(started)
    send(published, payment(INVOICE, number="BILLING-78", amount="6.40", transaction_id=started["transaction_id"]))

    payfip.decide(idop, "P", notify=False)
    notify(idop)

    assert [p["number"] for p in stored_invoice(INVOICE)["payments"]] == ["BILLING-78"]
    assert status_of(parent, started["transaction_id"]).json["status"] == "paid"


def test_the_data_export_lists_the_payments_the_account_started(parent, payfip):
    transaction = pay(parent, payfip)

    exported = call("GET", f"/{TENANT}/me/export", token=parent).json["online_payments"]

    assert [(p["transaction_id"], p["status"], p["amount_cents"]) for p in exported] == [(transaction, "paid", 640)]


# --- turning it on ----------------------------------------------------------------------


def test_the_tenant_command_turns_payment_on_once_payfip_knows_the_client(tenant, payfip, capsys):
    from infra.provision import LOCAL_REGION, PHYSICAL_NAMES
    from infra.tenants import main
    from portal.tenancy.store import get

    base = ["payment", "--table", PHYSICAL_NAMES["DataTable"], "--region", LOCAL_REGION, "--tenant", TENANT]

    assert main([*base, "--numcli", "12345", "--mode", "T"]) == 2  # not 6 digits
    assert main([*base, "--numcli", "123456", "--mode", "T", "--endpoint", "http://127.0.0.1:9/soap"]) == 1
    assert get(TENANT).payfip_numcli is None
    assert main([*base, "--numcli", "123456", "--mode", "T", "--endpoint", payfip.endpoint]) == 0
    assert (get(TENANT).payfip_numcli, get(TENANT).payfip_mode) == ("123456", "T")
    assert payfip.calls == ["recupererdetailclient"]
    assert main([*base, "--off"]) == 0
    assert get(TENANT).payfip_numcli is None


def test_the_sweep_leaves_for_its_next_run_what_payfip_or_dynamodb_cannot_answer(parent, payfip, monkeypatch):
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    from portal.platform.config import settings

    paid, waiting = start(parent).json, start(parent, "2019-04-0001")  # the second: below 1 €, never starts
    assert waiting.status == 422
    payfip.decide(idop_of_body(paid), "P", notify=False)
    soon = datetime.now(UTC) + timedelta(minutes=6)
    monkeypatch.setenv("PAYFIP_ENDPOINT", "http://127.0.0.1:9/soap")
    settings.cache_clear()

    assert sweep(soon) == {"checked": 1, "settled": 0, "expired": 0, "unavailable": 1}

    monkeypatch.setenv("PAYFIP_ENDPOINT", payfip.endpoint)
    settings.cache_clear()
    real = BaseClient._make_api_call

    def throttled(self, operation, params):
        if operation == "TransactWriteItems":
            raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "slow down"}}, operation)
        return real(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", throttled)
    assert sweep(soon)["unavailable"] == 1
    monkeypatch.setattr(BaseClient, "_make_api_call", real)
    assert online_payments() == []

    assert sweep(soon)["settled"] == 1
    assert len(online_payments()) == 1
