"""The template's event sources, run on the local stack as in the cloud.

Every function's ``Events`` in template.yaml is read here, and nothing else names a queue, a topic, a rule
or a schedule: a new function with an ``SQS`` (or ``SNS``, ``EventBridgeRule``, ``ScheduleV2``) event is
delivered by the local stack with no edit to infra/.

- The template's queues and topics are created on the stand-in, under physical names derived from their
  logical ids, by ``infra.provision``; this module runs the functions' side of them.
- ``EventSources`` (the local stack only: ``infra.local.LocalServer``) runs them in threads:
  - ``SQS``: one poller per mapping, with the mapping's BatchSize, MaximumBatchingWindowInSeconds
    (it takes no message before the window ends, so ``POST /_local/jobs/…`` can still drain them),
    ReportBatchItemFailures and ScalingConfig.MaximumConcurrency; what fails comes back after the
    queue's visibility timeout and goes to the dead-letter queue after maxReceiveCount (the stand-in's
    redrive, as SQS's);
  - ``EventBridgeRule``: a rule with the template's pattern on the stand-in's default bus, whose target
    is a queue standing for Lambda's asynchronous invocation (S3's "Object Created" events come from the
    stand-in's own S3 → EventBridge notifications);
  - ``SNS``: the topic's subscription, delivered to a queue standing for Lambda's asynchronous invocation;
  - ``ScheduleV2``: a thread per schedule (``schedules``), firing with Scheduler's event (``time``).
  Asynchronous invocations (rules, topics, schedules) are retried as Lambda does (EventInvokeConfig
  MaximumRetryAttempts, 2 by default), then sent to the OnFailure SQS destination if there is one.

Times: batching windows and schedules keep the template's values. The waits that only bring a failure
back (a queue's visibility timeout, Lambda's one and two minutes between asynchronous attempts) are
multiplied by ``REDELIVERY_SCALE`` on the local stack, so that a failure comes back while someone watches
(NotificationsQueue's 180 s: 3 s); the functional tests provision with 0 (at once) and call ``drain``.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

from . import schedules
from . import template as cfn
from .provision import ACCOUNT, STACK, queue_arn, region, resolve, stand_in_names

log = logging.getLogger("infra.events")

REDELIVERY_SCALE = 1 / 60  # on the local stack: a visibility timeout of 180 s is 3 s, a retry after 1 min 1 s
ASYNC_RETRY_DELAYS = (60, 120)  # Lambda's waits before an asynchronous invocation's 2nd and 3rd attempts
ASYNC_WORKERS = 4  # asynchronous invocations of one function at once on the stand-in
DEFAULT_SQS_CONCURRENCY = 5  # batches at once without ScalingConfig (Lambda starts with 5 pollers)
POLL_SECONDS = 0.5  # how often a poller with a batching window looks at the queue's length
LONG_POLL_SECONDS = 1  # ReceiveMessage's wait; also how long stopping may take
HANDLED = ("Api", "SQS", "SNS", "EventBridgeRule", "ScheduleV2")
Invoke = Callable[[str, dict[str, Any]], Any]


# --- the template's event sources ------------------------------------------------------------------


@dataclass(frozen=True)
class QueueMapping:
    """An ``SQS`` event: Lambda's event source mapping."""

    function: str
    name: str
    queue: str  # logical id
    batch_size: int = 10
    window: float = 0.0  # MaximumBatchingWindowInSeconds
    report_failures: bool = False  # FunctionResponseTypes: [ReportBatchItemFailures]
    max_concurrency: int = DEFAULT_SQS_CONCURRENCY
    enabled: bool = True


@dataclass(frozen=True)
class RuleSource:
    """An ``EventBridgeRule`` event: the function is the rule's target."""

    function: str
    name: str
    pattern: dict[str, Any]  # physical names resolved
    bus: str = "default"


@dataclass(frozen=True)
class TopicSource:
    """An ``SNS`` event: the function subscribes to the topic."""

    function: str
    name: str
    topic: str  # logical id
    filter_policy: dict[str, Any] | None = None
    filter_policy_scope: str | None = None


@dataclass(frozen=True)
class ScheduleSource:
    """A ``ScheduleV2`` event: EventBridge Scheduler invokes the function."""

    function: str
    name: str
    expression: str
    timezone: str | None = None
    schedule_name: str = ""
    input: str | None = None
    enabled: bool = True


Source = QueueMapping | RuleSource | TopicSource | ScheduleSource


@dataclass(frozen=True)
class AsyncConfig:
    """How Lambda invokes the function asynchronously (its EventInvokeConfig)."""

    retries: int = 2
    on_failure: str | None = None  # logical id of an SQS queue


def sources(template: dict[str, Any] | None = None) -> list[Source]:
    """Every event source of every function in the template, ``Api`` events (the routes) aside."""
    template = template or cfn.load()
    names = stand_in_names(template)
    found: list[Source] = []
    for function, resource in template["Resources"].items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        for name, event in (resource["Properties"].get("Events") or {}).items():
            kind = event["Type"]
            if kind not in HANDLED:
                raise NotImplementedError(
                    f"{function}.{name}: the local stack does not run {kind} event sources yet (infra/events.py)"
                )
            if kind in READERS:
                found.append(READERS[kind](Event(function, name, event.get("Properties") or {}, template, names)))
    return found


@dataclass(frozen=True)
class Event:
    """One ``Events`` entry of a function in the template, with the stand-in's names to resolve it."""

    function: str
    name: str
    props: dict[str, Any]
    template: dict[str, Any]
    names: dict[str, str]

    def resolved(self, value: Any) -> Any:
        return resolve(value, self.template, self.names)


def queue_mapping(event: Event) -> QueueMapping:
    props = event.props
    if props.get("FilterCriteria"):
        raise NotImplementedError(f"{event.function}.{event.name}: the local stack does not filter SQS events")
    scaling = props.get("ScalingConfig") or {}
    return QueueMapping(
        event.function,
        event.name,
        queue=_logical_id(props["Queue"]),
        batch_size=int(props.get("BatchSize", 10)),
        window=float(props.get("MaximumBatchingWindowInSeconds", 0)),
        report_failures="ReportBatchItemFailures" in (props.get("FunctionResponseTypes") or []),
        max_concurrency=int(cfn.mapped(scaling.get("MaximumConcurrency", DEFAULT_SQS_CONCURRENCY))),
        enabled=props.get("Enabled", True) is not False,
    )


def rule_source(event: Event) -> RuleSource:
    bus = event.props.get("EventBusName")
    return RuleSource(
        event.function,
        event.name,
        pattern=event.resolved(event.props["Pattern"]),
        bus=str(event.resolved(bus)) if bus else "default",
    )


def topic_source(event: Event) -> TopicSource:
    return TopicSource(
        event.function,
        event.name,
        topic=_logical_id(event.props["Topic"]),
        filter_policy=event.props.get("FilterPolicy"),
        filter_policy_scope=event.props.get("FilterPolicyScope"),
    )


def schedule_source(event: Event) -> ScheduleSource:
    props = event.props
    return ScheduleSource(
        event.function,
        event.name,
        expression=props["ScheduleExpression"],
        timezone=props.get("ScheduleExpressionTimezone"),
        schedule_name=str(event.resolved(props.get("Name", f"{event.function}{event.name}"))),
        input=props.get("Input"),
        enabled=props.get("State", "ENABLED") != "DISABLED",
    )


# How each kind of event the local stack runs is read (``Api`` events are the routes: infra.template).
READERS: dict[str, Callable[[Event], Source]] = {
    "SQS": queue_mapping,
    "EventBridgeRule": rule_source,
    "SNS": topic_source,
    "ScheduleV2": schedule_source,
}


def async_config(function: str, template: dict[str, Any] | None = None) -> AsyncConfig:
    props = (template or cfn.load())["Resources"][function]["Properties"]
    config = props.get("EventInvokeConfig") or {}
    on_failure = (config.get("DestinationConfig") or {}).get("OnFailure") or {}
    if on_failure and on_failure.get("Type") != "SQS":
        raise NotImplementedError(f"{function}: the local stack sends failed invocations to SQS destinations only")
    return AsyncConfig(
        retries=int(config.get("MaximumRetryAttempts", 2)),
        on_failure=_logical_id(on_failure["Destination"]) if on_failure else None,
    )


def mail_events_topic(template: dict[str, Any] | None = None) -> str | None:
    """The topic (logical id) the SES configuration set publishes bounces and complaints to, if any."""
    for resource in (template or cfn.load())["Resources"].values():
        if resource["Type"] == "AWS::SES::ConfigurationSetEventDestination":
            destination = resource["Properties"]["EventDestination"].get("SnsDestination")
            if destination:
                return _logical_id(destination["TopicARN"])
    return None


def _logical_id(value: Any) -> str:
    """The resource a ``!Ref`` or ``!GetAtt`` names."""
    if isinstance(value, dict) and "Ref" in value:
        return str(value["Ref"])
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        return str(value["Fn::GetAtt"][0])
    raise ValueError(f"expected !Ref or !GetAtt of a resource, got {value!r}")


# --- invocations in threads ---------------------------------------------------------------------------


class Workers:
    """Up to ``size`` calls at once, each in a daemon thread, the others queued in order.

    Daemon threads, unlike a ThreadPoolExecutor's: the process never waits at exit for an invocation still
    running (a stopped stack's AWS stand-in is gone, and its calls would retry for seconds), as a stopped
    Lambda container ends its invocations."""

    def __init__(self, size: int, name: str) -> None:
        self.size, self.name = size, name
        self.queued: deque[Callable[[], None]] = deque()
        self.running: set[threading.Thread] = set()
        self.lock = threading.Lock()
        self.closed = False

    def submit(self, call: Callable[[], None]) -> None:
        with self.lock:
            if self.closed:
                return
            if len(self.running) >= self.size:
                self.queued.append(call)
                return
            name = f"{self.name}-{len(self.running)}"
            thread = threading.Thread(target=self._work, args=(call,), name=name, daemon=True)
            self.running.add(thread)
        thread.start()

    def _work(self, call: Callable[[], None] | None) -> None:
        while call is not None:
            try:
                call()
            except Exception:  # the calls report their own failures; this is a bug's last word
                log.exception("%s: a call failed", self.name)
            with self.lock:
                call = self.queued.popleft() if self.queued else None
                if call is None:
                    self.running.discard(threading.current_thread())

    def shutdown(self, timeout: float | None = None) -> None:
        """Drop the queued calls and wait for those running: at most ``timeout`` seconds in all."""
        with self.lock:
            self.closed = True
            self.queued.clear()
            running = list(self.running)
        deadline = None if timeout is None else time.monotonic() + timeout
        for thread in running:
            thread.join(None if deadline is None else max(0.0, deadline - time.monotonic()))


# --- SQS: Lambda's event source mapping ------------------------------------------------------------


def sqs_record(message: dict[str, Any], arn: str) -> dict[str, Any]:
    """A received SQS message as a record of Lambda's SQS event."""
    attributes = {
        name: {
            "stringValue": value.get("StringValue"),
            "binaryValue": value.get("BinaryValue"),
            "stringListValues": [],
            "binaryListValues": [],
            "dataType": value["DataType"],
        }
        for name, value in (message.get("MessageAttributes") or {}).items()
    }
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": message.get("Attributes") or {},
        "messageAttributes": attributes,
        "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": arn,
        "awsRegion": region(),
    }


def failed_items(result: Any, ids: set[str]) -> set[str]:
    """The messages a ReportBatchItemFailures response names; all of them if the response is not valid
    (an identifier missing, empty or not in the batch), as Lambda reads it."""
    if not result or not isinstance(result, dict) or not result.get("batchItemFailures"):
        return set()
    failures = result["batchItemFailures"]
    if not isinstance(failures, list):
        return set(ids)
    named = {f.get("itemIdentifier") if isinstance(f, dict) else None for f in failures}
    return {i for i in named if isinstance(i, str)} if named <= ids else set(ids)


def receive(sqs: Any, url: str, count: int, wait: int = 0) -> list[dict[str, Any]]:
    """Up to ``count`` messages (ReceiveMessage takes at most 10 at a time)."""
    messages: list[dict[str, Any]] = []
    while len(messages) < count:
        got = sqs.receive_message(
            QueueUrl=url,
            MaxNumberOfMessages=min(10, count - len(messages)),
            WaitTimeSeconds=0 if messages else wait,
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
        ).get("Messages", [])
        if not got:
            break
        messages += got
    return messages


def deliver(
    sqs: Any, mapping: QueueMapping, url: str, messages: list[dict[str, Any]], invoke: Invoke
) -> tuple[int, int]:
    """Invoke the function with one batch, as Lambda's SQS mapping does, and delete what succeeded:
    (deleted, failed). An unhandled error raises and deletes nothing (the whole batch comes back)."""
    arn = queue_arn(url.rsplit("/", 1)[-1])
    records = [sqs_record(m, arn) for m in messages]
    result = invoke(mapping.function, {"Records": records})
    failed = failed_items(result, {r["messageId"] for r in records}) if mapping.report_failures else set()
    done = [m for m in messages if m["MessageId"] not in failed]
    for start in range(0, len(done), 10):
        entries = [{"Id": str(n), "ReceiptHandle": m["ReceiptHandle"]} for n, m in enumerate(done[start : start + 10])]
        sqs.delete_message_batch(QueueUrl=url, Entries=entries)
    return len(done), len(failed)


def mapping_of(function: str, template: dict[str, Any] | None = None) -> QueueMapping:
    found = [s for s in sources(template) if isinstance(s, QueueMapping) and s.function == function]
    if not found:
        raise ValueError(f"{function} has no SQS event in the template")
    return found[0]


class QueuePoller(threading.Thread):
    """One SQS event source mapping: batches of BatchSize, after the batching window, at most
    MaximumConcurrency at a time; what the function reports failed (or a failed invocation) is left to SQS."""

    def __init__(self, mapping: QueueMapping, url: str, sqs: Any, invoke: Invoke, stop: threading.Event) -> None:
        super().__init__(name=f"sqs:{mapping.function}.{mapping.name}", daemon=True)
        self.mapping, self.url, self.sqs, self.invoke, self.stopping = mapping, url, sqs, invoke, stop
        self.slots = threading.Semaphore(mapping.max_concurrency)
        self.workers = Workers(mapping.max_concurrency, self.name)
        self.first_seen: float | None = None

    def run(self) -> None:
        while not self.stopping.is_set():
            if not self.slots.acquire(timeout=POLL_SECONDS):
                continue
            try:
                batch = self._collect()
            except Exception:  # the stand-in stopping, or a bug: say so, keep polling
                log.exception("%s: polling failed", self.name)
                batch = []
                self.stopping.wait(LONG_POLL_SECONDS)
            if batch:
                self.workers.submit(partial(self._deliver, batch))
            else:
                self.slots.release()
        self.workers.shutdown()  # its deliveries: EventSources.stop bounds how long it waits

    def _collect(self) -> list[dict[str, Any]]:
        mapping = self.mapping
        if mapping.window <= 0:
            return receive(self.sqs, self.url, mapping.batch_size, wait=LONG_POLL_SECONDS)
        # Lambda would hold the messages in flight while it fills the batch; the stand-in only looks at the
        # queue's length meanwhile, so that POST /_local/jobs/… can still take them at once.
        attributes = self.sqs.get_queue_attributes(QueueUrl=self.url, AttributeNames=["ApproximateNumberOfMessages"])
        waiting = int(attributes["Attributes"]["ApproximateNumberOfMessages"])
        now = time.monotonic()
        if waiting == 0:
            self.first_seen = None
        else:
            self.first_seen = self.first_seen or now
            if waiting >= mapping.batch_size or now - self.first_seen >= mapping.window:
                self.first_seen = None
                return receive(self.sqs, self.url, mapping.batch_size)
        self.stopping.wait(POLL_SECONDS)
        return []

    def _deliver(self, batch: list[dict[str, Any]]) -> None:
        try:
            done, failed = deliver(self.sqs, self.mapping, self.url, batch, self.invoke)
            log.info("%s: %d messages handled, %d left to come back", self.name, done, failed)
        except Exception:
            log.exception("%s: the invocation failed; its %d messages come back", self.name, len(batch))
        finally:
            self.slots.release()


# --- asynchronous invocations: EventBridge rules, SNS, schedules ----------------------------------


@dataclass
class Outcome:
    """One attempt of an asynchronous invocation."""

    attempt: int
    result: Any = None
    error: BaseException | None = None


@dataclass
class Outcomes:
    """The first attempt's outcome of recent invocations, by the event's id (the SNS message id…)."""

    kept: int = 200
    found: OrderedDict[str, list[tuple[str, Outcome]]] = field(default_factory=OrderedDict)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def add(self, key: str, function: str, outcome: Outcome) -> None:
        with self.changed:
            self.found.setdefault(key, []).append((function, outcome))
            while len(self.found) > self.kept:
                self.found.popitem(last=False)
            self.changed.notify_all()

    def wait(self, key: str, functions: set[str], timeout: float) -> dict[str, Outcome] | None:
        """The first outcome of each of ``functions`` for the event, or None after ``timeout`` seconds."""
        if not functions:
            return {}

        def ready() -> dict[str, Outcome] | None:
            firsts: dict[str, Outcome] = {}
            for function, outcome in self.found.get(key, []):
                firsts.setdefault(function, outcome)
            return firsts if set(firsts) >= functions else None

        with self.changed:
            return self.changed.wait_for(ready, timeout=timeout)


class AsyncFunction:
    """Lambda's asynchronous invocation of one function: the event is accepted at once, the function runs;
    an error is retried after 1 then 2 minutes (scaled), MaximumRetryAttempts times, then the event goes to
    the OnFailure SQS destination (if none, Lambda drops it)."""

    def __init__(
        self,
        function: str,
        config: AsyncConfig,
        invoke: Invoke,
        sqs: Any,
        names: dict[str, str],
        stop: threading.Event,
        outcomes: Outcomes,
        scale: float,
    ) -> None:
        self.function, self.config, self.invoke, self.sqs = function, config, invoke, sqs
        self.destination = names[config.on_failure] if config.on_failure else None
        self.stopping, self.outcomes, self.scale = stop, outcomes, scale
        self.workers = Workers(ASYNC_WORKERS, f"async:{function}")

    def submit(self, event: dict[str, Any], key: str) -> None:
        self.workers.submit(partial(self._run, event, key))

    def _run(self, event: dict[str, Any], key: str) -> None:
        attempts = self.config.retries + 1
        for attempt in range(1, attempts + 1):
            try:
                result = self.invoke(self.function, event)
            except Exception as error:  # what Lambda calls a function error
                self.outcomes.add(key, self.function, Outcome(attempt, error=error))
                if attempt == attempts:
                    self._failed(event, error, attempts)
                    return
                delay = ASYNC_RETRY_DELAYS[min(attempt, len(ASYNC_RETRY_DELAYS)) - 1] * self.scale
                log.warning(
                    "%s failed (%s): attempt %d of %d in %.0f s",
                    self.function,
                    type(error).__name__,
                    attempt + 1,
                    attempts,
                    delay,
                )
                if self.stopping.wait(delay):
                    return
            else:
                self.outcomes.add(key, self.function, Outcome(attempt, result=result))
                return

    def _failed(self, event: dict[str, Any], error: BaseException, attempts: int) -> None:
        if self.destination is None:
            log.error("%s failed %d times: the event is dropped", self.function, attempts)
            return
        record = {  # Lambda's invocation record for an OnFailure destination
            "version": "1.0",
            "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "requestContext": {
                "requestId": str(uuid.uuid4()),
                "functionArn": f"arn:aws:lambda:{region()}:{ACCOUNT}:function:{self.function}:$LATEST",
                "condition": "RetriesExhausted",
                "approximateInvokeCount": attempts,
            },
            "requestPayload": event,
            "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
            "responsePayload": {"errorMessage": str(error), "errorType": type(error).__name__, "stackTrace": []},
        }
        self.sqs.send_message(QueueUrl=self.destination, MessageBody=json.dumps(record, default=str))
        log.error("%s failed %d times: the event is in its on-failure queue", self.function, attempts)

    def shutdown(self, timeout: float | None = None) -> None:
        """Drop the invocations not started, and wait for those running: at most ``timeout`` seconds."""
        self.workers.shutdown(timeout)


class TargetPoller(threading.Thread):
    """The queue standing for Lambda's asynchronous invocation of a rule's or a topic's target: each
    message is accepted (deleted) at once and handed to the function's ``AsyncFunction``."""

    def __init__(
        self,
        name: str,
        url: str,
        sqs: Any,
        to_event: Callable[[str], tuple[dict[str, Any], str]],
        target: AsyncFunction,
        stop: threading.Event,
    ) -> None:
        super().__init__(name=name, daemon=True)
        self.url, self.sqs, self.to_event, self.target, self.stopping = url, sqs, to_event, target, stop

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                for message in receive(self.sqs, self.url, 10, wait=LONG_POLL_SECONDS):
                    self.sqs.delete_message(QueueUrl=self.url, ReceiptHandle=message["ReceiptHandle"])
                    event, key = self.to_event(message["Body"])
                    self.target.submit(event, key)
            except Exception:
                log.exception("%s: polling failed", self.name)
                self.stopping.wait(LONG_POLL_SECONDS)


def sns_event(body: str, subscription: str) -> tuple[dict[str, Any], str]:
    """SNS's delivery to a queue (its JSON envelope) as Lambda's SNS event, and the message id."""
    envelope = json.loads(body)
    attributes = {
        k: {"Type": v.get("Type"), "Value": v.get("Value")}
        for k, v in (envelope.get("MessageAttributes") or {}).items()
    }
    record = {
        "EventSource": "aws:sns",
        "EventVersion": "1.0",
        "EventSubscriptionArn": subscription,
        "Sns": {
            "Type": envelope.get("Type", "Notification"),
            "MessageId": envelope["MessageId"],
            "TopicArn": envelope["TopicArn"],
            "Subject": envelope.get("Subject"),
            "Message": envelope["Message"],
            "Timestamp": envelope.get("Timestamp"),
            "SignatureVersion": envelope.get("SignatureVersion"),
            "Signature": envelope.get("Signature"),
            "SigningCertUrl": envelope.get("SigningCertURL"),
            "UnsubscribeUrl": envelope.get("UnsubscribeURL"),
            "MessageAttributes": attributes,
        },
    }
    return {"Records": [record]}, envelope["MessageId"]


def rule_event(body: str) -> tuple[dict[str, Any], str]:
    """EventBridge's delivery to a queue is the event itself."""
    event = json.loads(body)
    return event, str(event.get("id") or uuid.uuid4())


def scheduler_event(source: ScheduleSource, at: datetime) -> dict[str, Any]:
    """What EventBridge Scheduler sends a Lambda target: its Input, else its default notification."""
    if source.input is not None:
        given: dict[str, Any] = json.loads(source.input)
        return given
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.scheduler",
        "account": ACCOUNT,
        "time": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region(),
        "resources": [f"arn:aws:scheduler:{region()}:{ACCOUNT}:schedule/default/{source.schedule_name}"],
        "detail": "{}",
    }


class ScheduleRunner(threading.Thread):
    """A ScheduleV2 event: the function is invoked (asynchronously) at each time of its expression."""

    def __init__(
        self, source: ScheduleSource, target: AsyncFunction, stop: threading.Event, now: Callable[[], datetime]
    ) -> None:
        super().__init__(name=f"schedule:{source.function}.{source.name}", daemon=True)
        self.source, self.target, self.stopping, self.now = source, target, stop, now
        self.schedule = schedules.parse(source.expression, source.timezone, start=now())

    def run(self) -> None:
        after = self.now()
        while (at := self.schedule.next_after(after)) is not None:
            # In steps of at most a second, reading the clock again: it may be a test's, running faster.
            while (left := (at - self.now()).total_seconds()) > 0:
                if self.stopping.wait(min(left, 1.0)):
                    return
            if self.stopping.is_set():
                return
            log.info("%s: runs as at %s", self.name, at.isoformat())
            event = scheduler_event(self.source, at)
            self.target.submit(event, event.get("id") or str(uuid.uuid4()))
            after = max(at, self.now())  # a stand-in that slept does not run the missed times


# --- all of them, on the local stack --------------------------------------------------------------


class EventSources:
    """Every event source of the template, running against the stand-in until ``stop()``."""

    def __init__(
        self,
        *,
        template: dict[str, Any] | None = None,
        invoke: Invoke | None = None,
        scale: float = REDELIVERY_SCALE,
        now: Callable[[], datetime] | None = None,
        only: Callable[[Source], bool] | None = None,
    ) -> None:
        from .lambdas import invoke_function

        self.template = template or cfn.load()
        self.invoke: Invoke = invoke or invoke_function
        self.scale, self.now = scale, now or (lambda: datetime.now(UTC))
        self.sources = [s for s in sources(self.template) if only is None or only(s)]
        self.stopping = threading.Event()
        self.outcomes = Outcomes()
        self.threads: list[threading.Thread] = []
        self.async_functions: dict[str, AsyncFunction] = {}
        self.subscribers: dict[str, set[str]] = {}  # topic ARN → functions

    def start(self) -> None:
        import boto3

        names = stand_in_names(self.template)
        clients = {name: boto3.client(name) for name in ("sqs", "sns", "events")}
        sqs = clients["sqs"]
        for source in self.sources:
            if isinstance(source, QueueMapping):
                if source.enabled:
                    self.threads.append(QueuePoller(source, names[source.queue], sqs, self.invoke, self.stopping))
                continue
            target = self._async(source.function, sqs, names)
            if isinstance(source, ScheduleSource):
                if source.enabled:
                    self.threads.append(ScheduleRunner(source, target, self.stopping, self.now))
                continue
            # Lambda's side of a rule or a subscription: a queue the stand-in delivers to, read here.
            name = f"{STACK}-{source.function}-{source.name}"
            url = sqs.create_queue(QueueName=name)["QueueUrl"]
            if isinstance(source, RuleSource):
                rule = {"Name": name, "EventPattern": json.dumps(source.pattern), "EventBusName": source.bus}
                clients["events"].put_rule(**rule)
                clients["events"].put_targets(
                    Rule=name, EventBusName=source.bus, Targets=[{"Id": "lambda", "Arn": queue_arn(name)}]
                )
                self.threads.append(TargetPoller(f"rule:{name}", url, sqs, rule_event, target, self.stopping))
            else:
                topic = names[source.topic]
                attributes = {}
                if source.filter_policy is not None:
                    attributes["FilterPolicy"] = json.dumps(source.filter_policy)
                if source.filter_policy_scope:
                    attributes["FilterPolicyScope"] = source.filter_policy_scope
                subscription = clients["sns"].subscribe(
                    TopicArn=topic, Protocol="sqs", Endpoint=queue_arn(name), Attributes=attributes
                )["SubscriptionArn"]
                self.subscribers.setdefault(topic, set()).add(source.function)

                def to_event(body: str, subscription: str = subscription) -> tuple[dict[str, Any], str]:
                    return sns_event(body, subscription)

                self.threads.append(TargetPoller(f"sns:{name}", url, sqs, to_event, target, self.stopping))
        self.sns = clients["sns"]
        for thread in self.threads:
            thread.start()

    def _async(self, function: str, sqs: Any, names: dict[str, str]) -> AsyncFunction:
        if function not in self.async_functions:
            config = async_config(function, self.template)
            self.async_functions[function] = AsyncFunction(
                function, config, self.invoke, sqs, names, self.stopping, self.outcomes, self.scale
            )
        return self.async_functions[function]

    def publish(self, topic: str, message: dict[str, Any], timeout: float = 10.0) -> dict[str, Outcome] | None:
        """Publish to a topic (ARN), as a service would, and wait for its subscribed functions' first
        attempts: their outcomes by function ({} if none subscribes), or None if they did not end in time."""
        message_id = self.sns.publish(TopicArn=topic, Message=json.dumps(message))["MessageId"]
        return self.outcomes.wait(message_id, self.subscribers.get(topic, set()), timeout)

    def stop(self, timeout: float = 30.0) -> None:
        """Stop every source. Their threads see it within a second (each wait watches ``stopping``); what they
        run is given at most ``timeout`` seconds in all, then left to end on its own, as the invocations
        still queued are dropped."""
        self.stopping.set()
        deadline = time.monotonic() + timeout
        for thread in self.threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        for function in self.async_functions.values():
            function.shutdown(timeout=max(0.0, deadline - time.monotonic()))
