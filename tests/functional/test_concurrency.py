"""Races: conditional writes keep one account per email and single-use tokens."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from .helpers import TENANT, activation_token, call, outbox, register, table_items

pytestmark = pytest.mark.usefixtures("tenant")


def test_twenty_parallel_registrations_of_one_email_make_one_account():
    with ThreadPoolExecutor(max_workers=20) as pool:
        replies = list(pool.map(lambda _: register(), range(20)))

    assert {r.status for r in replies} == {202}
    assert sum(1 for item in table_items() if "#ACCOUNT#" in item["pk"]["S"]) == 1
    assert sum(1 for item in table_items() if "#EMAIL#" in item["pk"]["S"]) == 1
    # Whatever the interleaving, exactly one link (the last issued) activates it.
    tokens = [activation_token(m) for m in outbox()]
    results = [call("POST", f"/{TENANT}/accounts/activation", {"token": t}).status for t in tokens]
    assert results.count(200) == 1


def test_twenty_parallel_activations_with_one_token_make_exactly_one_success():
    register()
    token = activation_token(outbox()[0])

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(
            pool.map(lambda _: call("POST", f"/{TENANT}/accounts/activation", {"token": token}).status, range(20))
        )

    assert statuses.count(200) == 1
    assert statuses.count(400) == 19


def test_parallel_imports_touching_one_invoice_leave_its_totals_equal_to_its_payments(tenant):
    from .helpers import family, invoice, payment, send, stored_invoice

    send(tenant, family(), invoice(amount="100.00", lines=[]))
    batches = [
        [
            invoice(amount="100.00", lines=[]),
            payment(number=f"P{n}", amount="10.00"),
            payment(number=f"P{n + 10}", amount="5.00"),
        ]
        for n in range(6)
    ]

    with ThreadPoolExecutor(max_workers=6) as pool:
        replies = list(pool.map(lambda records: send(tenant, *records), batches))

    assert {r.status for r in replies} == {200}
    view = stored_invoice("2019-06-0042")
    assert len(view["payments"]) == 12
    assert view["paid_cents"] == sum(p["amount_cents"] for p in view["payments"]) == 9000
    assert view["balance_cents"] == 1000 and view["status"] == "to_pay"


def test_a_payment_sent_twice_is_counted_once(tenant):
    from .helpers import family, invoice, payment, send, stored_invoice

    send(tenant, family(), invoice(amount="20.00", lines=[]))

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda _: send(tenant, payment(amount="5.00")), range(8)))

    assert stored_invoice("2019-06-0042")["paid_cents"] == 500
