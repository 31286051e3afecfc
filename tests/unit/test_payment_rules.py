"""The online payment rules with plain values, no storage and no provider: what may be paid, what the
provider is asked, a replayed request, a result's anomalies and what each result does to a transaction.

The storage and provider tests (tests/functional/test_payments.py) keep what only they show: the
conditional writes, the lock, the notification, the sweep, rivals at the same moment."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from portal.billing.model import Invoice
from portal.payments import rules
from portal.payments.model import OnlinePayment
from portal.payments.provider import Result
from portal.platform.errors import AmountAboveMaximum, AmountBelowMinimum, IdempotencyKeyReused, InvoiceAlreadyPaid

STARTED = datetime(2027, 1, 15, 22, 30, tzinfo=UTC)
PAYMENT = OnlinePayment(
    transaction_id="t" * 32,
    tenant="ville",
    account_id="A1",
    invoice_id="F-2027-001",
    family_id="FAM1",
    amount_cents=4250,
    status="pending",
    provider="payfip",
    idop="OP-1",
    refdet="2027001",
    created_at=STARTED,
)
PAID = Result(
    operation="OP-1",
    outcome="paid",
    amount_cents=4250,
    account="012345",
    refdet="2027001",
    mode="W",
    reference="AUTH42",
    debit=False,
    paid_at=datetime(2027, 1, 15, 23, 10, tzinfo=UTC),
)


@pytest.mark.parametrize(
    ("balance", "error"),
    [(0, InvoiceAlreadyPaid), (99, AmountBelowMinimum), (10_000_001, AmountAboveMaximum)],
)
def test_a_balance_outside_payfip_limits_is_refused(balance, error):
    with pytest.raises(error):
        rules.check_amount(balance)


@pytest.mark.parametrize("balance", [100, 4250, 10_000_000])
def test_a_balance_within_the_limits_may_be_paid(balance):
    rules.check_amount(balance)


def test_an_idempotency_key_answers_again_only_for_its_invoice():
    rules.same_request("F-1", "F-1")
    with pytest.raises(IdempotencyKeyReused):
        rules.same_request("F-1", "F-2")


@pytest.mark.parametrize(
    ("number", "refdet"),
    [("F-2027/001", "F2027001"), ("12", "000012"), ("A" * 40, "A" * 30), ("été 1", "t1".rjust(6, "0"))],
)
def test_the_debt_reference_fits_payfip_alphabet_and_length(number, refdet):
    assert rules.debt_reference(number) == refdet


def test_the_order_asks_the_balance_and_comes_back_to_the_transaction():
    invoice = Invoice(
        invoice_id="F-2027-001",
        family_id="FAM1",
        number="F-2027/001 (janv.)",
        reference="R1",
        emission_code="E1",
        personal_code_digest="d",
        date="2027-01-05",
        due_date="2027-01-31",
        issuer="Ville",
        nature="Restauration",
        amount_cents=5000,
    )
    order = rules.order(
        account="012345",
        mode="W",
        invoice=invoice,
        balance_cents=4250,
        email="parent@example.org",
        base="https://api.example.org/ville/payments",
        provider="payfip",
        transaction_id="t" * 32,
    )
    assert (order.year, order.refdet, order.amount_cents) == ("2027", "F2027001janv", 4250)
    assert order.label == "Facture F2027001 janv"
    assert order.notify_url == "https://api.example.org/ville/payments/notifications/payfip"
    assert order.return_url == f"https://api.example.org/ville/payments/{'t' * 32}/return"


@pytest.mark.parametrize(
    ("differs", "anomaly"),
    [
        ({"operation": "OP-2"}, "operation id differs"),
        ({"amount_cents": 4249}, "amount differs"),
        ({"refdet": "2027002"}, "debt reference differs"),
        ({"account": "999999"}, "client number differs"),
        ({"mode": "T"}, "a test payment on a production régie"),
    ],
)
def test_a_result_that_is_not_the_payment_asked_is_an_anomaly(differs, anomaly):
    assert rules.anomaly(PAYMENT, replace(PAID, **differs), "012345", "W") == anomaly


def test_the_result_asked_for_is_no_anomaly_and_a_test_regie_takes_test_payments():
    assert rules.anomaly(PAYMENT, PAID, "012345", "W") is None
    assert rules.anomaly(PAYMENT, replace(PAID, operation=""), "012345", "W") is None
    assert rules.anomaly(PAYMENT, replace(PAID, mode="T"), "012345", "T") is None


def test_paid_books_one_payment_dated_the_day_a_parent_sees_in_paris():
    decided = rules.settlement(PAYMENT, PAID, False, at=STARTED + timedelta(hours=2), sweep_at=None)
    assert isinstance(decided, rules.Book)
    assert decided.payment.date == "2027-01-16"  # 23:10 UTC is past midnight in Paris
    assert (decided.reference, decided.payment.number, decided.payment.payment_type) == (
        "AUTH42",
        "AUTH42",
        "Carte bancaire",
    )
    assert decided.payment.description == f"Règlement en ligne - Transaction n° {'t' * 32}"


def test_a_paid_result_without_date_or_reference_takes_the_moment_and_the_transaction():
    at = datetime(2027, 1, 16, 8, 0, tzinfo=UTC)
    decided = rules.settlement(PAYMENT, replace(PAID, paid_at=None, reference="", debit=True), False, at, None)
    assert isinstance(decided, rules.Book)
    assert (decided.paid_at, decided.reference, decided.payment.payment_type) == (at, "t" * 32, "Prélèvement")


@pytest.mark.parametrize("outcome", ["refused", "abandoned"])
def test_a_refused_or_abandoned_result_is_recorded(outcome):
    decided = rules.settlement(PAYMENT, replace(PAID, outcome=outcome), False, STARTED, None)
    assert decided == rules.Mark(outcome)


def test_a_late_paid_still_counts_after_expiry():
    expired = replace(PAYMENT, status="expired")
    assert isinstance(rules.settlement(expired, PAID, False, STARTED + timedelta(days=1), None), rules.Book)


def test_without_a_trustworthy_result_only_a_sweep_expires_and_only_after_three_hours():
    old = STARTED + rules.EXPIRE_AFTER
    for result, anomalous in [(None, False), (PAID, True)]:
        assert rules.settlement(PAYMENT, result, anomalous, old, None) == rules.Keep()
        assert rules.settlement(PAYMENT, result, anomalous, old, old - timedelta(seconds=1)) == rules.Keep()
        assert rules.settlement(PAYMENT, result, anomalous, old, old) == rules.Expire()
    refused = replace(PAYMENT, status="refused")
    assert rules.settlement(refused, None, False, old, old) == rules.Keep()
