"""Citizen billing space: subscriptions, invoice list, detail, PDF (the OpenAPI document)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from .helpers import (
    NEW_ACCOUNT,
    PDF,
    TENANT,
    activation_token,
    active_account,
    call,
    family,
    invoice,
    outbox,
    payment,
    register,
    send,
    stored_account,
    update_account,
    upload_pdf,
)

CODE_1, CODE_2 = "FAM-7Q2K-9XWD", "FAM-3MZP-4TRC"


@pytest.fixture
def published(tenant):
    """Two families; F-001 has four invoices over 2018-2019 of two natures, F-002 one."""
    reply = send(
        tenant,
        family("F-001", code=CODE_1),
        family("F-002", code=CODE_2, label="Famille DURAND"),
        invoice("2019-06-0042", date="2019-06-01"),
        invoice("2019-06-0043", date="2019-06-01", nature="Accueil périscolaire", amount="12.30", lines=[]),
        invoice("2019-05-0007", date="2019-05-01", amount="20.00", lines=[]),
        invoice("2018-09-0001", date="2018-09-01", nature="Accueil périscolaire", amount="5.00", lines=[]),
        invoice(
            "2019-03-0100", family_id="F-002", date="2019-03-01", emission_code="EM-2019-03", personal_code="PC-DURAND"
        ),
        payment("2019-06-0042"),
        payment("2019-05-0007", number="P-1", amount="10.00"),
        payment("2018-09-0001", number="P-2", amount="5.00"),
    )
    assert reply.json["rejected"] == []
    upload_pdf(tenant, "2019-06-0042", PDF)
    return tenant


@pytest.fixture
def citizen(published):
    return active_account()


def subscribe(token, **body):
    return call("POST", f"/{TENANT}/subscriptions", body, token=token)


def invoices(token, **query):
    reply = call("GET", f"/{TENANT}/invoices", token=token, query=query)
    return reply.status, reply.json


DURAND_INVOICE = {
    "emission_code": "EM-2019-03",
    "reference": "R-2019-03-0100",
    "amount": "6,40",
    "personal_code": "PC-DURAND",
}


# --- subscriptions --------------------------------------------------------------


def test_subscribing_by_code_is_201_and_effective_at_once_with_the_same_token(citizen):
    assert invoices(citizen)[1]["items"] == []

    reply = subscribe(citizen, subscriber_code=CODE_1)

    assert reply.status == 201
    assert reply.json["family_id"] == "F-001" and reply.json["label"] == "Famille MARTIN"
    assert reply.json["subscribed_at"].endswith("Z")
    assert invoices(citizen)[1]["total"] == 4


def test_subscribing_again_is_200_with_the_same_body(citizen):
    first = subscribe(citizen, subscriber_code=CODE_1)

    again = subscribe(citizen, subscriber_code=CODE_1)

    assert again.status == 200 and again.json == first.json


def test_codes_ignore_surrounding_spaces_and_letter_case(citizen):
    assert subscribe(citizen, subscriber_code="  fam-7q2k-9xwd ").status == 201


@pytest.mark.parametrize("amount", ["6,40", "6.40", "6.4", 6.4])
def test_subscribing_by_invoice_data_accepts_amounts_as_people_type_them(citizen, amount):
    reply = subscribe(citizen, invoice={**DURAND_INVOICE, "amount": amount, "emission_code": " em-2019-03 "})

    assert reply.status == 201 and reply.json["family_id"] == "F-002"


def test_a_round_amount_typed_without_decimals_matches(tenant):
    send(
        tenant, family("F-9", code="X-9"), invoice("R-1", family_id="F-9", amount="6.00", lines=[], personal_code="P9")
    )
    token = active_account()

    reply = subscribe(
        token, invoice={"emission_code": "EM-2019-06", "reference": "R-R-1", "amount": "6", "personal_code": "p9"}
    )

    assert reply.status == 201


@pytest.mark.parametrize(
    "body",
    [
        {"subscriber_code": "FAM-0000-0000"},
        {"invoice": {**DURAND_INVOICE, "emission_code": "EM-1999-01"}},
        {"invoice": {**DURAND_INVOICE, "reference": "R-NOPE"}},
        {"invoice": {**DURAND_INVOICE, "amount": "6,41"}},
        {"invoice": {**DURAND_INVOICE, "personal_code": "PC-WRONG"}},
    ],
    ids=["code", "emission", "reference", "amount", "personal-code"],
)
def test_no_match_is_a_byte_identical_404_whichever_field_is_wrong(citizen, body):
    reply = subscribe(citizen, **body)
    reference = subscribe(citizen, subscriber_code="FAM-NONE")

    assert reply.status == 404
    assert reply.json["code"] == "subscription_not_found"
    assert reply.text == reference.text


def test_a_wrong_field_costs_the_same_aws_calls_as_another(citizen, aws_calls):
    subscribe(citizen, invoice={**DURAND_INVOICE, "personal_code": "PC-WRONG"})
    wrong_code = list(aws_calls)
    aws_calls.clear()

    subscribe(citizen, invoice={**DURAND_INVOICE, "reference": "R-NOPE"})

    assert aws_calls == wrong_code


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"subscriber_code": CODE_1, "invoice": DURAND_INVOICE},
        {"invoice": {**DURAND_INVOICE, "amount": "-6,40"}},
        {"invoice": {**DURAND_INVOICE, "amount": "6,401"}},
        {"invoice": {**DURAND_INVOICE, "amount": "six"}},
    ],
    ids=["neither", "both", "negative", "three-decimals", "not-a-number"],
)
def test_both_neither_or_a_bad_amount_is_422(citizen, body):
    assert subscribe(citizen, **body).status == 422


def test_five_failures_lock_subscribing_even_with_a_right_code(citizen):
    for _ in range(5):
        assert subscribe(citizen, subscriber_code="FAM-GUESS").status == 404

    reply = subscribe(citizen, subscriber_code=CODE_1)

    assert reply.status == 429 and reply.json["code"] == "too_many_attempts"
    assert int(reply.headers["Retry-After"]) > 0


def test_a_tenant_ceiling_stops_guessing_spread_over_many_accounts(citizen, monkeypatch):
    guess_until_the_tenant_ceiling(monkeypatch)

    assert subscribe(citizen, subscriber_code=CODE_1).status == 429  # an account of today
    assert register(email="nouveau@example.org", subscriber_code=CODE_1).status == 429


def test_while_the_tenant_ceiling_is_hit_an_established_account_still_subscribes(citizen, monkeypatch):
    from datetime import UTC, datetime, timedelta

    update_account(NEW_ACCOUNT["email"], created_at=datetime.now(UTC) - timedelta(days=2))
    guess_until_the_tenant_ceiling(monkeypatch)

    reply = subscribe(citizen, subscriber_code=CODE_1)

    assert reply.status == 201 and reply.json["family_id"] == "F-001"


def guess_until_the_tenant_ceiling(monkeypatch) -> None:
    """Three throw-away accounts guess codes until the tenant's ceiling (lowered to 6) is hit."""
    from portal.billing import family_codes
    from portal.platform.throttle import Throttle

    monkeypatch.setattr(family_codes, "TENANT_GUESSES", Throttle("subscribe-tenant", limit=6))
    others = [active_account(email=f"autre{n}@example.org") for n in range(3)]
    for token in others:
        for _ in range(2):
            assert subscribe(token, subscriber_code="FAM-GUESS").status == 404


def test_twenty_parallel_identical_subscriptions_make_one(citizen):
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(lambda _: subscribe(citizen, subscriber_code=CODE_1).status, range(20)))

    assert statuses.count(201) == 1 and statuses.count(200) == 19
    assert len(call("GET", f"/{TENANT}/subscriptions", token=citizen).json["items"]) == 1


def test_subscriptions_are_listed_and_removed(citizen):
    subscribe(citizen, subscriber_code=CODE_1)
    subscribe(citizen, invoice=DURAND_INVOICE)

    listed = call("GET", f"/{TENANT}/subscriptions", token=citizen).json["items"]
    assert [(s["family_id"], s["label"]) for s in listed] == [("F-001", "Famille MARTIN"), ("F-002", "Famille DURAND")]

    assert call("DELETE", f"/{TENANT}/subscriptions/F-001", token=citizen).status == 204
    assert call("GET", f"/{TENANT}/invoices/2019-06-0042", token=citizen).json["code"] == "invoice_not_found"
    assert [s["family_id"] for s in call("GET", f"/{TENANT}/subscriptions", token=citizen).json["items"]] == ["F-002"]
    assert call("DELETE", f"/{TENANT}/subscriptions/F-001", token=citizen).status == 404


def test_a_subscriber_code_given_at_registration_attaches_the_family_on_activation(published):
    register(subscriber_code=f" {CODE_1.lower()} ")
    token_link = activation_token(outbox()[-1])
    call("POST", f"/{TENANT}/accounts/activation", {"token": token_link})
    token = call(
        "POST", f"/{TENANT}/sessions", {"email": NEW_ACCOUNT["email"], "password": NEW_ACCOUNT["password"]}
    ).json["access_token"]

    assert [s["family_id"] for s in call("GET", f"/{TENANT}/subscriptions", token=token).json["items"]] == ["F-001"]
    assert invoices(token)[1]["total"] == 4


def test_an_unknown_subscriber_code_at_registration_is_422_and_writes_no_account(published):
    reply = register(subscriber_code="FAM-NOPE")

    assert reply.status == 422 and reply.json["code"] == "subscriber_code_not_found"
    assert reply.json["errors"][0]["field"] == "subscriber_code"
    assert stored_account() is None
    assert outbox() == []


# --- invoice list -----------------------------------------------------------------


def test_an_account_without_subscriptions_sees_an_empty_list(citizen):
    status, body = invoices(citizen)

    assert status == 200
    assert body == {
        "items": [],
        "next_cursor": None,
        "total": 0,
        "facets": {"natures": [], "years": []},
        "to_pay": {"count": 0, "balance_cents": 0},
    }


def test_invoices_come_newest_first_then_by_number_descending(citizen):
    subscribe(citizen, subscriber_code=CODE_1)

    items = invoices(citizen)[1]["items"]

    assert [i["invoice_id"] for i in items] == ["2019-06-0043", "2019-06-0042", "2019-05-0007", "2018-09-0001"]


def test_an_invoice_in_the_list_has_the_contract_fields(citizen):
    subscribe(citizen, subscriber_code=CODE_1)

    item = next(i for i in invoices(citizen)[1]["items"] if i["invoice_id"] == "2019-06-0042")

    assert item == {
        "invoice_id": "2019-06-0042",
        "family_id": "F-001",
        "number": "2019-06-0042",
        "date": "2019-06-01",
        "due_date": "2019-06-30",
        "issuer": "Régie Enfance",
        "nature": "Restauration scolaire",
        "amount_cents": 640,
        "paid_cents": 640,
        "balance_cents": 0,
        "status": "paid",
        "has_pdf": True,
        "payments": [
            {
                "number": "100509454",
                "type": "Carte bancaire",
                "date": "2019-06-21",
                "amount_cents": 640,
                "description": "Règlement en ligne - Transaction n° 3fe5d",
            }
        ],
    }


def test_filters_narrow_total_while_facets_and_to_pay_cover_everything(citizen):
    subscribe(citizen, subscriber_code=CODE_1)
    subscribe(citizen, invoice=DURAND_INVOICE)

    status, body = invoices(citizen, nature="Accueil périscolaire", year=2019)

    assert status == 200
    assert [i["invoice_id"] for i in body["items"]] == ["2019-06-0043"]
    assert body["total"] == 1
    assert body["facets"] == {"natures": ["Accueil périscolaire", "Restauration scolaire"], "years": [2019, 2018]}
    # to pay: 2019-06-0043 (12.30), 2019-05-0007 (20.00 - 10.00), 2019-03-0100 (6.40)
    assert body["to_pay"] == {"count": 3, "balance_cents": 1230 + 1000 + 640}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "paid"}, ["2019-06-0042", "2018-09-0001"]),
        ({"status": "to_pay"}, ["2019-06-0043", "2019-05-0007", "2019-03-0100"]),
        ({"family_id": "F-002"}, ["2019-03-0100"]),
        ({"year": 2018}, ["2018-09-0001"]),
        ({"nature": "Restauration scolaire", "year": 2019}, ["2019-06-0042", "2019-05-0007", "2019-03-0100"]),
    ],
)
def test_each_filter(citizen, query, expected):
    subscribe(citizen, subscriber_code=CODE_1)
    subscribe(citizen, invoice=DURAND_INVOICE)

    assert [i["invoice_id"] for i in invoices(citizen, **query)[1]["items"]] == expected


def test_a_family_id_filter_never_widens_access(citizen):
    subscribe(citizen, subscriber_code=CODE_1)

    status, body = invoices(citizen, family_id="F-002")

    assert status == 200 and body["items"] == [] and body["total"] == 0


@pytest.mark.parametrize(
    "query", [{"year": "abc"}, {"status": "late"}, {"limit": 0}, {"limit": 101}, {"limit": "x"}, {"family_id": "a b"}]
)
def test_bad_query_values_are_422(citizen, query):
    assert invoices(citizen, **query)[0] == 422


def test_pages_follow_next_cursor_without_gaps_or_repeats(citizen):
    subscribe(citizen, subscriber_code=CODE_1)
    seen, cursor = [], None

    while True:
        query = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        status, body = invoices(citizen, **query)
        assert status == 200 and body["total"] == 4
        seen += [i["invoice_id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break

    assert seen == ["2019-06-0043", "2019-06-0042", "2019-05-0007", "2018-09-0001"]


def test_a_tampered_or_foreign_cursor_is_422_invalid_cursor(citizen):
    subscribe(citizen, subscriber_code=CODE_1)
    cursor = invoices(citizen, limit=1)[1]["next_cursor"]
    payload, signature = cursor.split(".")
    other = active_account(email="autre@example.org")
    subscribe(other, subscriber_code=CODE_1)

    for bad, token, query in (
        (payload[:-2] + "AA." + signature, citizen, {}),
        ("garbage", citizen, {}),
        (cursor, citizen, {"status": "paid"}),  # issued for other filters
        (cursor, other, {}),  # issued to another account
    ):
        status, body = invoices(token, limit=1, cursor=bad, **query)
        assert status == 422 and body["code"] == "invalid_cursor", bad


# --- detail and PDF -----------------------------------------------------------------


def test_the_detail_adds_lines_and_the_family_label(citizen):
    subscribe(citizen, subscriber_code=CODE_1)

    reply = call("GET", f"/{TENANT}/invoices/2019-06-0042", token=citizen)

    assert reply.status == 200
    assert reply.json["family_label"] == "Famille MARTIN"
    assert reply.json["lines"] == [{"label": "Repas", "quantity": 2, "unit_price_cents": 320, "amount_cents": 640}]
    assert reply.json["payments"][0]["number"] == "100509454"


def test_another_account_s_invoice_answers_exactly_like_an_unknown_one(citizen):
    subscribe(citizen, subscriber_code=CODE_1)

    foreign = call("GET", f"/{TENANT}/invoices/2019-03-0100", token=citizen)
    unknown = call("GET", f"/{TENANT}/invoices/NO-SUCH", token=citizen)
    foreign_pdf = call("GET", f"/{TENANT}/invoices/2019-03-0100/pdf", token=citizen)

    assert foreign.status == unknown.status == foreign_pdf.status == 404
    assert foreign.text == unknown.text == foreign_pdf.text
    assert foreign.json["code"] == "invoice_not_found"


def test_the_pdf_link_is_presigned_for_at_most_five_minutes_and_downloads_the_attachment(citizen):
    subscribe(citizen, subscriber_code=CODE_1)

    reply = call("GET", f"/{TENANT}/invoices/2019-06-0042/pdf", token=citizen)

    assert reply.status == 200 and reply.json["expires_in"] == 300
    query = parse_qs(urlsplit(reply.json["url"]).query)
    assert int(query["X-Amz-Expires"][0]) <= 300
    assert "X-Amz-Signature" in query
    download = requests.get(reply.json["url"], timeout=10)
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"] == 'attachment; filename="facture-2019-06-0042.pdf"'


def test_no_stored_pdf_is_404_pdf_not_available(citizen):
    subscribe(citizen, subscriber_code=CODE_1)

    reply = call("GET", f"/{TENANT}/invoices/2019-05-0007/pdf", token=citizen)

    assert reply.status == 404 and reply.json["code"] == "pdf_not_available"


# --- cost ------------------------------------------------------------------------------


def test_no_operation_ever_scans(citizen, aws_calls):
    subscribe(citizen, subscriber_code=CODE_1)
    subscribe(citizen, invoice=DURAND_INVOICE)
    subscribe(citizen, subscriber_code="FAM-NOPE")
    invoices(citizen, nature="Restauration scolaire", limit=1)
    call("GET", f"/{TENANT}/invoices/2019-06-0042", token=citizen)
    call("GET", f"/{TENANT}/invoices/2019-06-0042/pdf", token=citizen)
    call("GET", f"/{TENANT}/subscriptions", token=citizen)
    call("DELETE", f"/{TENANT}/subscriptions/F-002", token=citizen)

    assert aws_calls and not [c for c in aws_calls if c.endswith(".Scan")]


def test_warm_calls_make_the_minimum_of_aws_calls(citizen, aws_calls):
    subscribe(citizen, subscriber_code=CODE_1)
    invoices(citizen)  # warm: tenant and signing key cached
    aws_calls.clear()

    invoices(citizen)
    listing = list(aws_calls)
    aws_calls.clear()
    call("GET", f"/{TENANT}/invoices/2019-06-0042", token=citizen)
    detail = list(aws_calls)
    aws_calls.clear()
    call("GET", f"/{TENANT}/invoices/2019-06-0042/pdf", token=citizen)
    pdf = list(aws_calls)

    usage = "dynamodb.UpdateItem"  # the tenant's usage counter, one write per answered request
    assert listing == ["dynamodb.GetItem", "dynamodb.Query", usage]  # account, then the family's items
    assert detail == ["dynamodb.GetItem", "dynamodb.Query", "dynamodb.BatchGetItem", usage]  # + family label
    assert pdf == ["dynamodb.GetItem", "dynamodb.Query", usage]  # presigning is local


# --- guessing spread over many emails and addresses never locks the town out (the contract) -----------


def registration_guess(n: int, code: str = "FAM-GUESS") -> int:
    body = {**NEW_ACCOUNT, "email": f"jetable{n}@example.org", "subscriber_code": code}
    return call("POST", f"/{TENANT}/accounts", body, source_ip=f"198.51.{n // 250}.{n % 250 + 1}").status


def test_205_wrong_codes_at_registration_then_the_right_code_still_registers_and_subscribes(citizen):
    statuses = [registration_guess(n) for n in range(205)]

    assert set(statuses) == {422}  # each from its own address and email: one guess each, then the ceiling
    parent = {**NEW_ACCOUNT, "email": "parent@example.org", "subscriber_code": CODE_1}
    assert call("POST", f"/{TENANT}/accounts", parent, source_ip="203.0.113.7").status == 202
    code = {"subscriber_code": CODE_2}
    reply = call("POST", f"/{TENANT}/subscriptions", code, token=citizen, source_ip="203.0.113.8")
    assert reply.status == 201  # an account of today, with a clean record


def test_under_attack_each_throw_away_email_or_account_gets_one_guess(citizen):
    for n in range(200):
        registration_guess(n)

    assert registration_guess(1000) == 422  # a fresh email and address: one guess…
    again = {**NEW_ACCOUNT, "email": "jetable1000@example.org", "subscriber_code": "FAM-OTHER"}
    assert call("POST", f"/{TENANT}/accounts", again, source_ip="198.51.200.1").status == 429  # …not two
    assert subscribe(citizen, subscriber_code="FAM-GUESS").status == 404
    assert subscribe(citizen, subscriber_code=CODE_1).status == 429  # a young account with a miss: no more


def test_guesses_from_one_address_are_limited_whatever_the_emails(published):
    statuses = [
        call(
            "POST",
            f"/{TENANT}/accounts",
            {**NEW_ACCOUNT, "email": f"e{n}@example.org", "subscriber_code": "X-1"},
            source_ip=f"2001:db8:1:2::{n + 1:x}",
        ).status
        for n in range(21)
    ]

    assert statuses.count(422) == 20 and statuses[-1] == 429  # one IPv6 /64 counts as one address


def test_thirty_parallel_wrong_codes_from_one_account_get_exactly_five_404s(citizen):
    with ThreadPoolExecutor(max_workers=30) as pool:
        statuses = list(pool.map(lambda n: subscribe(citizen, subscriber_code=f"FAM-GUESS-{n}").status, range(30)))

    assert statuses.count(404) == 5 and statuses.count(429) == 25
    assert subscribe(citizen, subscriber_code=CODE_1).status == 429
