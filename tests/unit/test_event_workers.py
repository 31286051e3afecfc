"""The event sources' invocations run in ``events.Workers``: a few at once, in daemon threads, so that a
stopped local stack never waits at exit for one still running."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from infra.events import Workers

ROOT = Path(__file__).resolve().parents[2]


def test_at_most_its_size_run_at_once_and_the_others_wait_their_turn_in_order():
    workers, release = Workers(2, "test"), threading.Event()
    started: list[int] = []
    running, most = [0], [0]
    lock = threading.Lock()

    def call(n: int) -> None:
        with lock:
            started.append(n)
            running[0] += 1
            most[0] = max(most[0], running[0])
        release.wait(5)
        with lock:
            running[0] -= 1

    for n in range(5):
        workers.submit(lambda n=n: call(n))
    time.sleep(0.1)
    assert sorted(started) == [0, 1]

    release.set()
    deadline = time.monotonic() + 5
    while len(started) < 5 and time.monotonic() < deadline:
        time.sleep(0.01)
    workers.shutdown(timeout=5)

    assert started[:2] in ([0, 1], [1, 0]) and started[2:] == [2, 3, 4]
    assert most[0] == 2


def test_each_call_runs_in_a_daemon_thread():
    workers, seen = Workers(1, "test"), []

    workers.submit(lambda: seen.append(threading.current_thread().daemon))
    workers.shutdown(timeout=5)  # waits for the running call

    assert seen == [True]


def test_shutting_down_drops_the_queued_calls_and_waits_no_longer_than_told():
    workers, release, done = Workers(1, "test"), threading.Event(), []
    workers.submit(lambda: release.wait(5))
    workers.submit(lambda: done.append("queued"))

    started = time.monotonic()
    workers.shutdown(timeout=0.2)
    waited = time.monotonic() - started
    release.set()
    workers.submit(lambda: done.append("after"))
    time.sleep(0.1)

    assert waited < 2
    assert done == []


def test_a_call_that_raises_does_not_stop_the_next_ones():
    workers, done = Workers(1, "test"), threading.Event()

    workers.submit(lambda: 1 / 0)
    workers.submit(done.set)

    assert done.wait(5)


def test_a_process_exits_without_waiting_for_a_call_still_running():
    still_running = (
        "import time\n"
        "from infra.events import Workers\n"
        "Workers(1, 'test').submit(lambda: time.sleep(60))\n"
        "time.sleep(0.2)\n"
    )

    # A ThreadPoolExecutor's worker would hold the exit for the whole minute, past the timeout.
    done = subprocess.run([sys.executable, "-c", still_running], cwd=ROOT, timeout=30, check=False)  # noqa: S603

    assert done.returncode == 0
