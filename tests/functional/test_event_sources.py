"""The template's event sources run by themselves (infra/events.py, as on the local stack), in-process on
moto: S3 objects through the EventBridge rule, the SQS mapping (batching window, partial failures,
redelivery after the visibility timeout, the dead-letter queue), the SNS subscription, the schedules, and
AWS failing meanwhile. Other functional tests run none of this: they call ``drain()`` themselves."""

from __future__ import annotations

import copy
import json
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

import boto3
import pytest
from moto import mock_aws

from infra import events, template
from infra.lambdas import RUNNING, invoke_function
from infra.mail_events import ses_event
from infra.provision import PHYSICAL_NAMES, SERVICES, provision, provision_messaging, stand_in_names
from infra.queues import drain

from .helpers import (
    NEW_ACCOUNT,
    OTHER,
    TENANT,
    active_account,
    call,
    family,
    invoice,
    mails_to,
    ndjson,
    reset_container_caches,
    send,
)

# The waits that bring a failure back, shorter still than on the local stack (1/60): NotificationsQueue's
# visibility timeout of 180 s is 1 s here, Lambda's asynchronous retries after 1 and 2 minutes 1/3 and 2/3 s.
SCALE = 1 / 180
BUCKET = PHYSICAL_NAMES["DocumentsBucket"]
WINDOW = template.load()["Resources"]["NotifyNewInvoicesFunction"]["Properties"]["Events"]["Queued"]["Properties"][
    "MaximumBatchingWindowInSeconds"
]


@pytest.fixture
def aws_stack() -> Iterator[None]:
    """conftest's stand-in, its queues' visibility timeouts scaled as the local stack scales them."""
    with mock_aws():
        provision({name: boto3.client(name) for name in SERVICES}, redelivery_scale=SCALE)
        reset_container_caches()
        yield
    reset_container_caches()


class Recorder:
    """Invokes the real handlers, as the local stack does, and keeps what each invocation got."""

    def __init__(self) -> None:
        self.calls: list[tuple[float, str, dict[str, Any]]] = []
        self.lock = threading.Lock()

    def __call__(self, function: str, event: dict[str, Any]) -> Any:
        with self.lock:
            self.calls.append((time.monotonic(), function, copy.deepcopy(event)))
        return invoke_function(function, event)

    def of(self, function: str) -> list[tuple[float, dict[str, Any]]]:
        with self.lock:
            return [(at, event) for at, name, event in self.calls if name == function]


@pytest.fixture
def run(aws_stack) -> Iterator[Callable[..., events.EventSources]]:
    """Start the event sources (those ``kind`` selects); they stop when the test ends."""
    started: list[events.EventSources] = []

    def start(kind: type | None = None, **options: Any) -> events.EventSources:
        only = (lambda source: isinstance(source, kind)) if kind else None
        sources = events.EventSources(scale=SCALE, only=only, **options)
        sources.start()
        started.append(sources)
        return sources

    yield start
    for sources in started:
        sources.stop()


def eventually(check: Callable[[], Any], timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.1)
    pytest.fail(f"not within {timeout} s")


def notices(email: str) -> list[dict]:
    return [m for m in mails_to(email) if "nouvelle" in m["subject"]]


def queued(logical_id: str) -> list[dict[str, Any]]:
    url = PHYSICAL_NAMES[logical_id]
    return boto3.client("sqs").receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])


def without_window() -> dict[str, Any]:
    """template.yaml, the new-invoice mapping without its batching window: each redelivery is not delayed
    five seconds more (what these tests watch is the visibility timeout and the receive count)."""
    changed = copy.deepcopy(template.load())
    changed["Resources"]["NotifyNewInvoicesFunction"]["Properties"]["Events"]["Queued"]["Properties"][
        "MaximumBatchingWindowInSeconds"
    ] = 0
    return changed


def failing(monkeypatch, function: str, operation: str, times: int | None = None) -> list[str]:
    """Make ``operation`` fail (an outage, not a throttle: a throttled mail is queued again instead) for
    ``function``'s handler, ``times`` times or always."""
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    real, failed = BaseClient._make_api_call, []

    def maybe_fail(self, name, params):
        if name == operation and RUNNING.get() == function and (times is None or len(failed) < times):
            failed.append(name)
            raise ClientError({"Error": {"Code": "ServiceUnavailable", "Message": "try later"}}, name)
        return real(self, name, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", maybe_fail)
    return failed


# --- S3 → EventBridge rule → ImportFromS3Function ------------------------------------------------


def report(key: str) -> dict | None:
    try:
        return json.loads(boto3.client("s3").get_object(Bucket=BUCKET, Key=key)["Body"].read())
    except boto3.client("s3").exceptions.NoSuchKey:
        return None


def test_a_file_put_under_imports_is_imported_and_reported_by_itself(tenant, run):
    recorder = Recorder()
    run(events.RuleSource, invoke=recorder)
    s3 = boto3.client("s3")

    s3.put_object(Bucket=BUCKET, Key=f"imports/{TENANT}/2019-06.ndjson", Body=ndjson(family(), invoice()))
    s3.put_object(Bucket=BUCKET, Key=f"exports/{TENANT}/2019-06.ndjson", Body=b"{}")  # outside the pattern

    assert eventually(lambda: report(f"imports/{TENANT}/2019-06.report.json"), timeout=5) == {
        "accepted": 2,
        "rejected": [],
    }
    [(_, event)] = recorder.of("ImportFromS3Function")  # neither the other file nor the report itself
    assert event["detail-type"] == "Object Created" and event["source"] == "aws.s3"
    assert event["detail"]["bucket"]["name"] == BUCKET
    assert event["detail"]["object"]["key"] == f"imports/{TENANT}/2019-06.ndjson"


def test_an_import_failing_is_tried_three_times_then_sent_to_the_failures_queue(tenant, run, monkeypatch):
    recorder = Recorder()
    outage = failing(monkeypatch, "ImportFromS3Function", "GetItem")  # the tenant's configuration
    run(events.RuleSource, invoke=recorder)
    key = f"imports/{TENANT}/2019-06.ndjson"

    boto3.client("s3").put_object(Bucket=BUCKET, Key=key, Body=ndjson(family()))

    [failure] = eventually(lambda: queued("ImportFailuresQueue"), timeout=10)
    record = json.loads(failure["Body"])
    assert record["requestContext"]["condition"] == "RetriesExhausted"
    assert record["requestContext"]["approximateInvokeCount"] == 3 == len(recorder.of("ImportFromS3Function"))
    assert record["requestPayload"]["detail"]["object"]["key"] == key
    assert outage and report(f"imports/{TENANT}/2019-06.report.json") is None
    attempts = [at for at, _ in recorder.of("ImportFromS3Function")]
    assert attempts[1] - attempts[0] >= 60 * SCALE * 0.9 and attempts[2] - attempts[1] >= 120 * SCALE * 0.9


def test_a_pdf_put_under_imports_pdfs_is_attached_to_its_invoice_by_itself(tenant, run):
    from .helpers import PDF, stored_invoice

    recorder = Recorder()
    run(events.RuleSource, invoke=recorder)
    assert send(tenant, family(), invoice()).status == 200
    key = f"imports/{TENANT}/pdfs/2019-06-0042.pdf"

    boto3.client("s3").put_object(Bucket=BUCKET, Key=key, Body=PDF)

    eventually(lambda: stored_invoice("2019-06-0042")["has_pdf"], timeout=5)
    eventually(lambda: "Contents" not in boto3.client("s3").list_objects_v2(Bucket=BUCKET, Prefix=key), timeout=5)
    [(_, event)] = recorder.of("ImportInvoicePdfFunction")
    assert event["detail"]["object"]["key"] == key
    assert recorder.of("ImportFromS3Function") == []  # the NDJSON import's rule does not see it


# --- SQS → NotifyNewInvoicesFunction ----------------------------------------------------------


def test_a_queued_new_invoice_mail_leaves_by_itself_after_the_batching_window(followers, run):
    run(events.QueueMapping)

    send(followers, invoice("2019-06-0042"))
    queued_at = time.monotonic()

    eventually(lambda: notices(NEW_ACCOUNT["email"]) and notices(OTHER), timeout=WINDOW + 5)
    assert time.monotonic() - queued_at >= WINDOW  # two messages, a batch of ten: Lambda waits the window out
    assert len(notices(NEW_ACCOUNT["email"])) == len(notices(OTHER)) == 1


def test_the_job_still_drains_the_queue_at_once_while_the_mapping_waits(followers, run):
    run(events.QueueMapping)

    send(followers, invoice("2019-06-0042"))

    assert drain() == {"delivered": 2, "failed": 0}
    assert len(notices(NEW_ACCOUNT["email"])) == len(notices(OTHER)) == 1


def test_a_failing_message_comes_back_after_the_visibility_timeout_then_goes_to_the_dead_letter_queue(
    followers, run, monkeypatch
):
    recorder = Recorder()
    failing(monkeypatch, "NotifyNewInvoicesFunction", "SendRawEmail")  # SES refuses every mail
    run(events.QueueMapping, invoke=recorder, template=without_window())
    max_receives = json.loads(
        boto3.client("sqs").get_queue_attributes(
            QueueUrl=PHYSICAL_NAMES["NotificationsQueue"], AttributeNames=["RedrivePolicy"]
        )["Attributes"]["RedrivePolicy"]
    )["maxReceiveCount"]

    send(followers, invoice("2019-06-0042"))

    dead = eventually(lambda: len(found := queued("NotificationsDeadLetterQueue")) == 2 and found, timeout=30)
    deliveries = recorder.of("NotifyNewInvoicesFunction")
    receives = [int(r["attributes"]["ApproximateReceiveCount"]) for _, e in deliveries for r in e["Records"]]
    assert max_receives == 8 and max(receives) == max_receives and len(receives) == 2 * max_receives
    for message in {r["messageId"] for _, e in deliveries for r in e["Records"]}:
        times = [at for at, e in deliveries if message in {r["messageId"] for r in e["Records"]}]
        assert all(later - earlier >= 0.9 for earlier, later in pairwise(times))  # 180 s scaled
    assert {json.loads(m["Body"])["invoices"][0] for m in dead} == {"2019-06-0042"}
    assert notices(NEW_ACCOUNT["email"]) == notices(OTHER) == []
    assert queued("NotificationsQueue") == []


@pytest.mark.parametrize("code", ["ServiceUnavailable", "Throttling"])
def test_ses_and_dynamodb_failing_for_the_consumer_delay_the_mails_but_send_each_once(
    followers, run, monkeypatch, code
):
    """An outage: the message comes back after the visibility timeout; a throttle: a copy is queued again
    (after a wait of 1 s here) and the message received is done."""
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    from portal.platform import queues

    monkeypatch.setattr(queues, "THROTTLED_WAIT", (1, 1))
    real, faults = BaseClient._make_api_call, {"SendRawEmail": 2, "PutItem": 1}  # the mark before each mail

    def flaky(self, name, params):
        if RUNNING.get() == "NotifyNewInvoicesFunction" and faults.get(name, 0) > 0:
            faults[name] -= 1
            raise ClientError({"Error": {"Code": code, "Message": "slow down"}}, name)
        return real(self, name, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", flaky)
    recorder = Recorder()
    run(events.QueueMapping, invoke=recorder, template=without_window())

    send(followers, invoice("2019-06-0042"), invoice("2019-06-0099", family_id="F-002"))

    eventually(lambda: notices(NEW_ACCOUNT["email"]) and notices(OTHER), timeout=20)
    time.sleep(2)  # longer than the visibility timeout: anything left would have come back
    assert faults == {"SendRawEmail": 0, "PutItem": 0}
    assert len(recorder.of("NotifyNewInvoicesFunction")) > 1  # retried
    assert len(notices(NEW_ACCOUNT["email"])) == len(notices(OTHER)) == 1
    assert queued("NotificationsQueue") == queued("NotificationsDeadLetterQueue") == []


def test_a_new_queue_driven_function_is_delivered_with_no_wiring(aws_stack, run):
    """A function and its queue added to the template only: batches of its BatchSize, its failures back."""
    changed = copy.deepcopy(template.load())
    changed["Resources"]["ExportsQueue"] = {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 60}}
    changed["Resources"]["ExportFunction"] = {
        "Type": "AWS::Serverless::Function",
        "Properties": {
            "CodeUri": "functions/export/",
            "Handler": "app.handler",
            "Events": {
                "Queued": {
                    "Type": "SQS",
                    "Properties": {
                        "Queue": {"Fn::GetAtt": ["ExportsQueue", "Arn"]},
                        "BatchSize": 3,
                        "FunctionResponseTypes": ["ReportBatchItemFailures"],
                    },
                }
            },
        },
    }
    names = stand_in_names(changed)
    provision_messaging({n: boto3.client(n) for n in SERVICES}, names, scale=SCALE, template=changed)
    batches: list[list[str]] = []

    def export(function: str, event: dict[str, Any]) -> dict[str, Any]:
        assert function == "ExportFunction"
        bodies = [r["body"] for r in event["Records"]]
        batches.append(bodies)
        first_time = sum(b.count("flaky") for b in batches) == 1
        return {
            "batchItemFailures": [
                {"itemIdentifier": r["messageId"]} for r in event["Records"] if r["body"] == "flaky" and first_time
            ]
        }

    run(events.QueueMapping, invoke=export, template=changed)
    sqs = boto3.client("sqs")
    for body in ["a", "b", "c", "d", "e", "f", "flaky"]:
        sqs.send_message(QueueUrl=names["ExportsQueue"], MessageBody=body)

    eventually(lambda: sum(b.count("flaky") for b in batches) == 2, timeout=10)
    assert all(len(b) <= 3 for b in batches)
    assert sorted(body for b in batches for body in b) == ["a", "b", "c", "d", "e", "f", "flaky", "flaky"]


# --- SNS → MailEventsFunction --------------------------------------------------------------------


def test_a_bounce_published_to_the_topic_reaches_its_function_and_marks_the_address(tenant, run):
    recorder = Recorder()
    sources = run(events.TopicSource, invoke=recorder)
    token = active_account()
    topic = PHYSICAL_NAMES[events.mail_events_topic()]

    outcomes = sources.publish(topic, ses_event("Bounce", NEW_ACCOUNT["email"], {"X-Espace-Famille-Tenant": TENANT}))

    assert outcomes["MailEventsFunction"].result == {"marked": 1}
    assert call("GET", f"/{TENANT}/me", token=token).json["email_undeliverable"] is True
    [(_, event)] = recorder.of("MailEventsFunction")
    assert event["Records"][0]["EventSource"] == "aws:sns" and event["Records"][0]["Sns"]["TopicArn"] == topic


def test_a_mail_event_failing_is_retried_then_kept_in_the_failures_queue(tenant, run, monkeypatch):
    recorder = Recorder()
    failing(monkeypatch, "MailEventsFunction", "GetItem")
    sources = run(events.TopicSource, invoke=recorder)
    topic = PHYSICAL_NAMES[events.mail_events_topic()]

    outcomes = sources.publish(topic, ses_event("Bounce", NEW_ACCOUNT["email"], {"X-Espace-Famille-Tenant": TENANT}))

    assert outcomes["MailEventsFunction"].error is not None
    [failure] = eventually(lambda: queued("MailEventsFailuresQueue"), timeout=10)
    assert json.loads(failure["Body"])["requestContext"]["approximateInvokeCount"] == 3
    assert len(recorder.of("MailEventsFunction")) == 3


# --- ScheduleV2 → SweepPaymentsFunction, SendRemindersFunction ---------------------------------------


def test_schedules_run_their_functions_at_their_times_with_schedulers_event(tenant, run):
    recorder = Recorder()
    started, real = datetime(2026, 1, 15, 5, 55, tzinfo=UTC), time.monotonic()  # 06:55 in Paris

    def faster() -> datetime:  # two minutes a second
        return started + timedelta(seconds=(time.monotonic() - real) * 120)

    sources = run(events.ScheduleSource, invoke=recorder, now=faster)

    eventually(lambda: recorder.of("SweepPaymentsFunction") and recorder.of("SendRemindersFunction"), timeout=15)
    reminders, sweep = recorder.of("SendRemindersFunction")[0][1], recorder.of("SweepPaymentsFunction")[0][1]
    assert reminders["time"] == "2026-01-15T06:00:00Z"  # 07:00 Europe/Paris
    [rate] = [t.schedule for t in sources.threads if t.name == "schedule:SweepPaymentsFunction.Sweep"]
    assert datetime.fromisoformat(sweep["time"]) == (rate.start + timedelta(minutes=5)).replace(microsecond=0)
    assert sweep["source"] == "aws.scheduler" and sweep["detail-type"] == "Scheduled Event"
    assert sweep["resources"][0].endswith(":schedule/default/portal-local-payments-sweep")


def test_every_source_runs_in_a_thread_that_stops_with_the_stack(aws_stack):
    sources = events.EventSources(scale=SCALE)
    sources.start()
    kinds = {thread.name.split(":")[0] for thread in sources.threads}

    started = time.monotonic()
    sources.stop()

    assert kinds == {"sqs", "rule", "sns", "schedule"}
    assert not any(thread.is_alive() for thread in sources.threads)
    assert time.monotonic() - started < 10  # each thread ends its long poll of one second
