"""New-invoice mails (docs/notifications.md): an import that creates invoices queues one
message per follower; the queue consumer mails each once, with a one-click unsubscribe link."""

from __future__ import annotations

import pytest

from infra.queues import drain

from .helpers import NEW_ACCOUNT, OTHER, TENANT, call, family, invoice, mails_to, send, update_account


def notices(email: str) -> list[dict]:
    return [m for m in mails_to(email) if "nouvelle" in m["subject"]]


def test_new_invoices_mail_each_follower_once_listing_theirs(followers):
    send(followers, invoice("2019-06-0042", amount="1234.50", lines=[]), invoice("2019-06-0099", family_id="F-002"))

    assert drain() == {"delivered": 2, "failed": 0}
    [first] = notices(NEW_ACCOUNT["email"])
    [second] = notices(OTHER)
    assert first["subject"] == "Ville de Test : 1 nouvelle facture"
    assert (
        "Facture n° 2019-06-0042 · Restauration scolaire · 1\u202f234,50 € · à payer avant le 30/06/2019"
        in first["text"]
    )
    assert "2019-06-0099" not in first["text"]  # F-002 is not followed by the first account
    assert second["subject"] == "Ville de Test : 2 nouvelles factures"
    assert "https://portail.ville-test.fr/#/factures" in first["text"]
    unsubscribe = first["headers"]["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://api.ville-test.fr/v1/ville-test/notifications/unsubscribe/")
    assert first["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = unsubscribe.strip("<>").removeprefix("https://api.ville-test.fr/v1")
    assert call("POST", path, raw=b"List-Unsubscribe=One-Click").json == {"notification": "new_invoices"}


def test_updates_and_the_same_file_again_mail_nobody(followers):
    records = (invoice("2019-06-0042"),)
    send(followers, *records)
    drain()
    before = len(notices(NEW_ACCOUNT["email"]))

    send(followers, *records)
    send(followers, invoice("2019-06-0042", amount="7.00", lines=[]))

    assert drain() == {"delivered": 0, "failed": 0}
    assert len(notices(NEW_ACCOUNT["email"])) == before == 1


def test_a_family_nobody_follows_queues_nothing(followers):
    send(followers, family("F-003", code=None, label="Famille SEULE"), invoice("2019-06-0500", family_id="F-003"))

    assert drain() == {"delivered": 0, "failed": 0}


@pytest.mark.parametrize(
    "change",
    [{"notify_new_invoices": False}, {"email_undeliverable": True}, {"status": "disabled"}],
)
def test_who_does_not_get_it(followers, change):
    update_account(NEW_ACCOUNT["email"], **change)
    send(followers, invoice("2019-06-0042"))

    assert drain() == {"delivered": 2, "failed": 0}  # both messages handled
    assert notices(NEW_ACCOUNT["email"]) == [] and len(notices(OTHER)) == 1


def test_labels_from_the_billing_software_are_escaped(followers):
    send(followers, invoice("2019-06-0042", nature="<script>alert(1)</script>", number="<b>42</b>"))
    drain()

    [mail] = notices(NEW_ACCOUNT["email"])
    assert "<script>" not in mail["html"] and "&lt;script&gt;" in mail["html"]
    assert "<b>42</b>" not in mail["html"]


def _ses_refusing(monkeypatch, refused, code: str = "Throttling", message: str = "Maximum sending rate exceeded"):
    """SES refuses the sends whose number (from 1) ``refused`` accepts; returns the list of attempts."""
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    real, attempts = BaseClient._make_api_call, []

    def send_or_refuse(self, operation, params):
        if operation == "SendRawEmail":
            attempts.append(params)
            if refused(len(attempts)):
                raise ClientError({"Error": {"Code": code, "Message": message}}, operation)
        return real(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", send_or_refuse)
    return attempts


def _dead_letters() -> int:
    import boto3

    from infra.provision import stand_in_names

    url = stand_in_names()["NotificationsDeadLetterQueue"]
    found = boto3.client("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
    return int(found["Attributes"]["ApproximateNumberOfMessages"])


@pytest.fixture
def no_wait(monkeypatch):
    """A throttled message comes back at once (SQS's delay, tens of seconds in the cloud, is not the test)."""
    from portal.platform import queues

    monkeypatch.setattr(queues, "THROTTLED_WAIT", (0, 0))


def test_ses_throttling_every_third_send_sends_each_mail_once_later_never_to_the_dead_letter_queue(
    followers, monkeypatch, no_wait
):
    for month in range(1, 6):  # five imports: ten mails, two accounts each mailed about every import
        send(followers, invoice(f"2019-{month:02d}-0042"))
    attempts = _ses_refusing(monkeypatch, lambda n: n % 3 == 0)

    drained = drain(rounds=100)

    assert drained["failed"] == 0  # nothing counted towards the dead-letter queue's 8 receives
    assert len(attempts) == 14  # 10 sent, and the 3rd, 6th, 9th and 12th attempts refused, sent again later
    for email in (NEW_ACCOUNT["email"], OTHER):
        mailed = sorted(m["text"].split("Facture n° ")[1][:12] for m in notices(email))
        assert mailed == [f"2019-{month:02d}-0042" for month in range(1, 6)]  # each once
    assert _dead_letters() == 0


def test_a_mail_throttled_ten_times_in_a_row_is_still_sent_once(followers, monkeypatch, no_wait):
    update_account(OTHER, notify_new_invoices=False)
    send(followers, invoice("2019-06-0042"))
    attempts = _ses_refusing(monkeypatch, lambda n: n <= 10)

    for _ in range(11):  # more than the queue's 8 receives before its dead-letter queue
        assert drain(rounds=1)["failed"] == 0

    assert len(attempts) == 11 and len(notices(NEW_ACCOUNT["email"])) == 1
    assert drain() == {"delivered": 0, "failed": 0} and _dead_letters() == 0


def test_a_paced_consumer_takes_a_turn_at_its_share_of_the_rate_before_each_mail(followers, monkeypatch):
    from portal.platform import mailer
    from portal.platform.config import settings

    turns: list[float] = []

    class Recorded:
        def __init__(self, per_second: float) -> None:
            self.per_second = per_second

        def wait(self) -> None:
            turns.append(self.per_second)

    monkeypatch.setenv("MAIL_SEND_RATE", "11")  # the template's MailSending for 14 mails a second
    monkeypatch.setenv("MAIL_WORKERS", "2")
    settings.cache_clear()
    monkeypatch.setattr(mailer, "pace", Recorded)
    send(followers, invoice("2019-06-0042"))

    drain()

    assert turns == [5.5, 5.5]  # one turn a mail, each worker at half the consumer's 11 a second
    assert len(notices(NEW_ACCOUNT["email"])) == len(notices(OTHER)) == 1


def test_a_mail_throttled_past_the_limit_of_returns_goes_towards_the_dead_letter_queue(followers, monkeypatch, no_wait):
    """A rate set above the account's, a daily quota never raised: past its returns the message is reported
    failed, SQS delivers it again and its dead-letter queue (alarmed) ends its journey."""
    from portal.platform import queues

    monkeypatch.setattr(queues, "REQUEUES_AT_MOST", 3)
    update_account(OTHER, notify_new_invoices=False)
    send(followers, invoice("2019-06-0042"))
    attempts = _ses_refusing(monkeypatch, lambda n: True)

    drained = [drain(rounds=1) for _ in range(4)]

    assert [d["failed"] for d in drained] == [0, 0, 0, 1]  # three returns, then reported failed
    assert len(attempts) == 4 and notices(NEW_ACCOUNT["email"]) == []


def test_ses_failing_otherwise_retries_the_message_without_duplicates_or_losses(followers, monkeypatch):
    send(followers, invoice("2019-06-0042"))
    _ses_refusing(monkeypatch, lambda n: n == 2, code="ServiceUnavailable", message="try later")
    first = drain(rounds=1)
    monkeypatch.undo()
    again = drain()

    assert first == {"delivered": 1, "failed": 1}  # an outage: SQS delivers it again (towards the DLQ)
    assert again == {"delivered": 1, "failed": 0}
    assert len(notices(NEW_ACCOUNT["email"])) == len(notices(OTHER)) == 1


def test_a_message_delivered_twice_mails_once(followers):
    import json

    import boto3

    from portal.platform.config import settings

    send(followers, invoice("2019-06-0042"))
    sqs, url = boto3.client("sqs"), settings().notifications_queue_url
    [message] = [
        m
        for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
        if json.loads(m["Body"])["account"] == _account_id(NEW_ACCOUNT["email"])
    ]
    sqs.send_message(QueueUrl=url, MessageBody=message["Body"])  # SQS's at-least-once, played

    drain()

    assert len(notices(NEW_ACCOUNT["email"])) == 1


def test_a_message_about_invoices_not_stored_yet_waits(followers):
    from portal.billing.model import Invoice
    from portal.notifications.invoices import announce

    early = Invoice(
        "2019-06-0777",
        "F-001",
        "2019-06-0777",
        "R",
        "EM",
        "d",
        "2019-06-01",
        "2019-06-30",
        "Régie",
        "Restauration scolaire",
        640,
    )
    announce(TENANT, "import-in-progress", [early])

    assert drain(rounds=2)["failed"] >= 1  # the import has not stored it: retried, not sent half
    assert notices(NEW_ACCOUNT["email"]) == []
    send(followers, invoice("2019-06-0777"))
    drain()
    assert len(notices(NEW_ACCOUNT["email"])) == 2  # the stuck message, and the import's own (another id)


def _account_id(email: str) -> str:
    from .helpers import stored_account

    return stored_account(email).account_id


def test_a_bulk_import_retried_by_lambda_mails_once(followers):
    from .helpers import ndjson
    from .test_publishing import drop

    body = ndjson(invoice("2019-06-0042"), invoice("2019-06-0043"))
    assert drop(f"imports/{TENANT}/lot.ndjson", body)["accepted"] == 2
    assert drop(f"imports/{TENANT}/lot.ndjson", body)["accepted"] == 2  # Lambda's retry of the same object

    drain()

    [mail] = notices(NEW_ACCOUNT["email"])
    assert "2019-06-0042" in mail["text"] and "2019-06-0043" in mail["text"]


@pytest.mark.parametrize("body", ["pas du JSON", '{"tenant": "ville-test", "import": "x"}', "[1, 2]", "null"])
def test_a_malformed_message_is_dropped_with_an_error_not_retried(tenant, caplog, body):
    import logging

    import boto3

    from portal.platform.config import settings

    sqs, url = boto3.client("sqs"), settings().notifications_queue_url
    sqs.send_message(QueueUrl=url, MessageBody=body)

    with caplog.at_level(logging.ERROR):
        assert drain() == {"delivered": 1, "failed": 0}

    assert any("malformed" in record.getMessage() for record in caplog.records)
    assert drain() == {"delivered": 0, "failed": 0}  # gone, not back after the visibility timeout


def test_one_batch_reports_only_its_messages_to_retry(followers):
    import json

    from infra.lambdas import invoke_function

    good = {"tenant": TENANT, "import": "i-1", "account": _account_id(NEW_ACCOUNT["email"]), "invoices": []}
    waiting = {**good, "import": "i-2", "invoices": ["2019-06-0777"]}  # not stored yet
    bodies = {"good": json.dumps(good), "waiting": json.dumps(waiting), "bad": "{"}
    records = [
        {"messageId": name, "receiptHandle": name, "body": body, "eventSource": "aws:sqs"}
        for name, body in bodies.items()
    ]

    result = invoke_function("NotifyNewInvoicesFunction", {"Records": records})

    assert result == {"batchItemFailures": [{"itemIdentifier": "waiting"}]}


def test_a_batch_whose_every_message_waits_reports_them_all_rather_than_failing(followers):
    import json

    from infra.lambdas import invoke_function

    waiting = {
        "tenant": TENANT,
        "import": "i-2",
        "account": _account_id(NEW_ACCOUNT["email"]),
        "invoices": ["2019-06-0777"],
    }
    records = [
        {"messageId": f"m{n}", "receiptHandle": f"m{n}", "body": json.dumps(waiting), "eventSource": "aws:sqs"}
        for n in range(2)
    ]

    result = invoke_function("NotifyNewInvoicesFunction", {"Records": records})

    assert result == {"batchItemFailures": [{"itemIdentifier": "m0"}, {"itemIdentifier": "m1"}]}
