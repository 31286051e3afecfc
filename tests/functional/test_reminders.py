"""Reminders (docs/notifications.md): a daily job mails each account with reminders on
one list of its families' invoices still to pay, due in three days; never the same invoice twice."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from infra.lambdas import invoke_function
from infra.queues import drain

from .helpers import NEW_ACCOUNT, OTHER, invoice, mails_to, payment, send, table_items, update_account

TODAY = datetime.now(UTC).date()


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def run(today: date = TODAY) -> dict:
    """The daily job alone: it queues the day's due invoices, a hundred to a message."""
    return invoke_function("SendRemindersFunction", {"today": today.isoformat()})


def remind(today: date = TODAY) -> dict:
    """The job, then its queue drained: the slices sorted, each account mailed."""
    queued = run(today)
    drain(rounds=100)
    return queued


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
    drain()  # the import's new-invoice mails: the queue holds only what the reminders queue
    return followers


def test_each_account_gets_one_list_of_what_is_due_in_three_days(due_soon, aws_calls):
    assert run() == {"invoices": 3, "messages": 1}  # the day's markers (the paid one too), one slice
    assert drain() == {"delivered": 3, "failed": 0}  # the slice sorted, then one message an account

    [first] = reminders(NEW_ACCOUNT["email"])
    [second] = reminders(OTHER)
    assert "Facture n° D-3 · Restauration scolaire · reste à payer 12,30 €" in first["text"]
    assert "D-3-F2" not in first["text"] and "D-3-PAID" not in first["text"] and "D-2 " not in first["text"]
    assert "D-3 " in second["text"] and "D-3-F2" in second["text"]
    assert first["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "reminders" not in first["headers"]["List-Unsubscribe"]  # the kind is inside the signed token
    assert not [c for c in aws_calls if c == "dynamodb.Scan"]


def test_an_invoice_is_never_reminded_twice(due_soon):
    remind()
    remind()  # the job run again (Lambda's retry), every message delivered again

    assert len(reminders(NEW_ACCOUNT["email"])) == len(reminders(OTHER)) == 1


def test_accounts_that_turned_reminders_off_or_bounce_get_none(due_soon):
    update_account(NEW_ACCOUNT["email"], notify_reminders=False)
    update_account(OTHER, email_undeliverable=True)

    remind()

    assert reminders(NEW_ACCOUNT["email"]) == reminders(OTHER) == []


def test_invoices_imported_after_their_due_date_leave_no_marker(followers):
    send(followers, invoice("LATE", due_date=day(-1)))

    assert not [i for i in table_items() if i["pk"]["S"].endswith("#INVOICE#LATE") and i["sk"]["S"] == "DUE"]


def test_a_new_due_date_moves_the_invoice(due_soon):
    send(due_soon, invoice("D-3", due_date=day(10), amount="12.30", lines=[]))

    assert remind()["invoices"] == 2  # D-3-PAID and F-002's
    assert reminders(NEW_ACCOUNT["email"]) == []
    [mail] = reminders(OTHER)
    assert "D-3-F2" in mail["text"] and "D-3 " not in mail["text"]


def test_an_invoice_paid_after_the_slice_was_sorted_is_left_out_of_the_mail(due_soon):
    run()
    assert drain(rounds=1) == {"delivered": 1, "failed": 0}  # the slice: two accounts' messages queued
    send(due_soon, payment("D-3", number="P-2", amount="12.30"))

    drain()

    assert reminders(NEW_ACCOUNT["email"]) == []
    [mail] = reminders(OTHER)
    assert "D-3-F2" in mail["text"] and "D-3 " not in mail["text"]


def test_a_day_is_queued_in_slices_each_invoice_reminded_once(due_soon, monkeypatch):
    from portal.notifications import invoices

    monkeypatch.setattr(invoices, "REMINDERS_PER_MESSAGE", 1)

    assert remind() == {"invoices": 3, "messages": 3}
    mailed = " ".join(m["text"] for m in reminders(OTHER))
    assert mailed.count("D-3 ") == mailed.count("D-3-F2") == 1  # a slice's mail each: never one twice
    assert len(reminders(NEW_ACCOUNT["email"])) == 1


def test_ses_throttling_a_reminder_sends_it_later_once_never_to_the_dead_letter_queue(due_soon, monkeypatch):
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    from portal.platform import queues

    monkeypatch.setattr(queues, "THROTTLED_WAIT", (0, 0))
    real, sent = BaseClient._make_api_call, []

    def first_send_throttled(self, operation, params):
        if operation == "SendRawEmail":
            sent.append(1)
            if len(sent) == 1:
                raise ClientError(
                    {"Error": {"Code": "Throttling", "Message": "Maximum sending rate exceeded"}}, operation
                )
        return real(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", first_send_throttled)
    run()

    assert drain(rounds=100)["failed"] == 0
    assert len(sent) == 3 and len(reminders(NEW_ACCOUNT["email"])) == len(reminders(OTHER)) == 1


def test_the_job_failing_to_queue_raises_for_lambda_to_run_it_again(due_soon, monkeypatch):
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    from portal.platform.errors import ServiceUnavailable

    real = BaseClient._make_api_call

    def sqs_down(self, operation, params):
        if operation == "SendMessageBatch":
            raise ClientError({"Error": {"Code": "ServiceUnavailable", "Message": "down"}}, operation)
        return real(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", sqs_down)
    with pytest.raises(ServiceUnavailable):
        run()
    monkeypatch.setattr(BaseClient, "_make_api_call", real)

    remind()  # Lambda's retry
    assert len(reminders(NEW_ACCOUNT["email"])) == len(reminders(OTHER)) == 1


def test_a_claim_failing_midway_leaves_no_mark_behind_and_the_message_again_sends_all(due_soon, monkeypatch):
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    real, failed = BaseClient._make_api_call, []

    def f2_mark_fails_once(self, operation, params):  # OTHER's second mark (D-3 is marked first)
        if operation == "PutItem" and str(params.get("Item", {}).get("pk", "")).endswith("#D-3-F2'}") and not failed:
            failed.append(params)
            raise ClientError({"Error": {"Code": "InternalServerError", "Message": "down"}}, operation)
        return real(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", f2_mark_fails_once)
    run()
    drain(rounds=100)
    monkeypatch.setattr(BaseClient, "_make_api_call", real)
    drain()  # the failed message, delivered again

    assert failed
    [mail] = reminders(OTHER)
    assert "D-3 " in mail["text"] and "D-3-F2" in mail["text"]  # D-3's mark was released with the failure


def test_a_reminder_that_waited_past_its_due_date_is_not_sent(due_soon, monkeypatch):
    from portal.kernel import clock

    run()
    monkeypatch.setattr(clock, "today", lambda: TODAY + timedelta(days=4))  # SES's quota held it four days

    drain()

    assert reminders(NEW_ACCOUNT["email"]) == reminders(OTHER) == []
