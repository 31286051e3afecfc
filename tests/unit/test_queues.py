"""A queue consumer's batch (portal.platform.queues.each_message): each message on its own, the failed ones
reported for SQS to deliver again, as Lambda's partial batch response expects."""

from __future__ import annotations

import pytest

from portal.platform.queues import each_message


def _batch(*bodies: str) -> dict[str, object]:
    return {"Records": [{"messageId": f"m{n}", "receiptHandle": f"r{n}", "body": b} for n, b in enumerate(bodies)]}


class Busy(Exception):
    pass


def test_a_failed_message_is_reported_alone_and_the_others_are_delivered():
    delivered = []

    def deliver(record):
        if record["body"] == "ko":
            raise Busy()
        delivered.append(record["body"])

    answer = each_message(_batch("a", "ko", "b"), deliver, expected=(Busy,))

    assert answer == {"batchItemFailures": [{"itemIdentifier": "m1"}]}
    assert delivered == ["a", "b"]


def test_a_batch_whose_every_message_fails_is_reported_not_raised():
    def deliver(record):
        raise RuntimeError("down")

    answer = each_message(_batch("a", "b"), deliver)

    assert answer == {"batchItemFailures": [{"itemIdentifier": "m0"}, {"itemIdentifier": "m1"}]}


def test_an_expected_failure_is_a_warning_and_an_unexpected_one_is_logged_with_its_traceback(caplog):
    def deliver(record):
        raise Busy() if record["body"] == "waits" else KeyError("bug")

    each_message(_batch("waits", "bug"), deliver, expected=(Busy,))

    assert [(r.levelname, r.reason, r.exc_info is not None) for r in caplog.records] == [
        ("WARNING", "Busy", False),
        ("ERROR", "KeyError", True),
    ]


@pytest.mark.parametrize(
    "event", [{}, {"Records": None}, {"Records": "m0"}, {"Records": [{"messageId": "m0", "body": "a"}, {"body": "b"}]}]
)
def test_what_is_not_an_sqs_batch_raises_and_delivers_nothing(event):
    delivered = []

    with pytest.raises(TypeError):
        each_message(event, delivered.append)

    assert delivered == []


def test_an_empty_batch_has_nothing_to_report():
    assert each_message({"Records": []}, lambda record: None) == {"batchItemFailures": []}


def _throttled(daily: bool = False):
    from portal.platform.aws import Throttled

    return Throttled("The service is busy; try again shortly", daily=daily)


@pytest.fixture
def sent(monkeypatch):
    """What ``each_message`` queues again: each call's arguments."""
    from portal.platform import queues

    found: list[dict] = []
    monkeypatch.setattr(
        queues,
        "send",
        lambda url, bodies, delay=0, group=None, counts=None: found.append(
            {"url": url, "bodies": bodies, "delay": delay, "group": group, "counts": counts}
        ),
    )
    return found


def test_a_throttled_message_is_queued_again_after_a_wait_and_not_reported(sent):
    def deliver(record):
        if record["body"] != '{"n": 0}':
            raise _throttled()

    answer = each_message(_batch('{"n": 0}', '{"tenant": "t", "n": 1}'), deliver, requeue="q")

    assert answer == {"batchItemFailures": []}  # nothing counts towards the dead-letter queue
    [again] = sent
    assert (again["url"], again["bodies"], again["group"]) == ("q", [{"tenant": "t", "n": 1}], "tenant")
    assert 30 <= again["delay"] <= 120 and again["counts"] == {"requeued": 1}  # its tenant's fair share kept


def test_after_the_daily_quota_the_copy_waits_sqs_s_longest_delay(sent):
    def deliver(record):
        raise _throttled(daily=True)

    each_message(_batch("{}"), deliver, requeue="q")

    assert [(a["bodies"], a["delay"], a["group"]) for a in sent] == [([{}], 900, None)]


def test_a_throttled_message_is_reported_failed_when_it_cannot_be_queued_again(monkeypatch):
    from portal.platform import queues
    from portal.platform.errors import ServiceUnavailable

    def refused(*args, **kwargs):
        raise ServiceUnavailable("The queue refused messages")

    def deliver(record):
        raise _throttled()

    monkeypatch.setattr(queues, "send", refused)

    assert each_message(_batch("{}"), deliver, requeue="q") == {"batchItemFailures": [{"itemIdentifier": "m0"}]}


def test_without_a_queue_to_go_back_to_a_throttled_message_is_reported_failed(sent):
    def deliver(record):
        raise _throttled()

    assert each_message(_batch("{}"), deliver) == {"batchItemFailures": [{"itemIdentifier": "m0"}]}
    assert sent == []


def test_a_message_queued_again_counts_its_returns_and_past_the_limit_goes_towards_the_dead_letter_queue(sent):
    from portal.platform import queues

    def deliver(record):
        raise _throttled()

    def returned(n: int) -> dict[str, object]:
        attributes = {"requeued": {"stringValue": str(n), "dataType": "Number"}}
        return {"Records": [{"messageId": "m0", "receiptHandle": "r0", "body": "{}", "messageAttributes": attributes}]}

    assert each_message(returned(3), deliver, requeue="q") == {"batchItemFailures": []}
    assert [a["counts"] for a in sent] == [{"requeued": 4}]

    limit = returned(queues.REQUEUES_AT_MOST)
    assert each_message(limit, deliver, requeue="q") == {"batchItemFailures": [{"itemIdentifier": "m0"}]}
    assert len(sent) == 1  # not queued again: SQS delivers it again, towards its dead-letter queue
