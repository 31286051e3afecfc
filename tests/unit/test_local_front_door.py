"""The local stack's HTTP server takes a burst of simultaneous connections (infra/local.py)."""

from __future__ import annotations

from infra.local import FrontDoor


def test_the_front_door_keeps_a_backlog_for_fifty_simultaneous_connections():
    # The standard library's 5 leaves a burst waiting for the client's retry, or reset: see
    # tests/e2e/test_local_stack_serving.py for the burst itself.
    assert FrontDoor.request_queue_size >= 50


def test_stopping_waits_neither_for_requests_in_flight_nor_for_their_threads():
    assert FrontDoor.daemon_threads is True
    assert FrontDoor.block_on_close is False
