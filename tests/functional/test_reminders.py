"""Reminders (docs/notifications.md): a daily job mails each account with reminders on
one list of its families' invoices still to pay, due in three days; never the same invoice twice."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from infra.lambdas import invoke_function

from .helpers import NEW_ACCOUNT, OTHER, invoice, mails_to, payment, send, table_items, update_account

TODAY = datetime.now(UTC).date()


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def run(today: date = TODAY) -> dict:
    return invoke_function("SendRemindersFunction", {"today": today.isoformat()})


def reminders(email: str) -> list[dict]:
    return [m for m in mails_to(email) if "échéance" in m["subject"]]


@pytest.fixture
def due_soon(followers):
    """F-001: one invoice due in 3 days, one in 3 days but paid, one in 2 and one in 4; F-002: one in 3."""
    send(
        followers,
        invoice("D-3", due_date=day(3), amount="12.30", lines=[]),
        invoice("D-3-PAID", due_date=day(3)),
        invoice("D-2", due_date=day(2)),
        invoice("D-4", due_date=day(4)),
        invoice("D-3-F2", family_id="F-002", due_date=day(3)),
        payment("D-3-PAID", number="P-1", amount="6.40"),
    )
    return followers


def test_each_account_gets_one_list_of_what_is_due_in_three_days(due_soon, aws_calls):
    assert run() == {"invoices": 2, "mails": 2, "failed": 0}

    [first] = reminders(NEW_ACCOUNT["email"])
    [second] = reminders(OTHER)
    assert "Facture n° D-3 · Restauration scolaire · reste à payer 12,30 €" in first["text"]
    assert "D-3-F2" not in first["text"] and "D-3-PAID" not in first["text"] and "D-2 " not in first["text"]
    assert "D-3 " in second["text"] and "D-3-F2" in second["text"]
    assert first["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "reminders" not in first["headers"]["List-Unsubscribe"]  # the kind is inside the signed token
    assert not [c for c in aws_calls if c == "dynamodb.Scan"]


def test_an_invoice_is_never_reminded_twice(due_soon):
    run()
    assert run() == {"invoices": 2, "mails": 0, "failed": 0}
    assert len(reminders(NEW_ACCOUNT["email"])) == 1


def test_accounts_that_turned_reminders_off_or_bounce_get_none(due_soon):
    update_account(NEW_ACCOUNT["email"], notify_reminders=False)
    update_account(OTHER, email_undeliverable=True)

    assert run()["mails"] == 0


def test_invoices_imported_after_their_due_date_leave_no_marker(followers):
    send(followers, invoice("LATE", due_date=day(-1)))

    assert not [i for i in table_items() if i["pk"]["S"].endswith("#INVOICE#LATE") and i["sk"]["S"] == "DUE"]


def test_a_new_due_date_moves_the_invoice(due_soon):
    send(due_soon, invoice("D-3", due_date=day(10), amount="12.30", lines=[]))

    assert run()["invoices"] == 1  # only F-002's


def test_ses_failing_for_one_account_fails_the_run_and_the_retry_sends_the_rest_once(due_soon, monkeypatch):
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    from portal.notifications.invoices import RemindersIncomplete

    real, sent = BaseClient._make_api_call, []

    def first_send_fails(self, operation, params):
        if operation == "SendRawEmail":
            sent.append(1)
            if len(sent) == 1:
                raise ClientError(
                    {"Error": {"Code": "Throttling", "Message": "Maximum sending rate exceeded"}}, operation
                )
        return real(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", first_send_fails)
    with pytest.raises(RemindersIncomplete):
        run()
    monkeypatch.setattr(BaseClient, "_make_api_call", real)

    assert run()["mails"] == 1  # Lambda's retry: the one that failed
    assert len(reminders(NEW_ACCOUNT["email"])) == len(reminders(OTHER)) == 1
