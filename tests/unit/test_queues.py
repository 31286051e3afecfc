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
