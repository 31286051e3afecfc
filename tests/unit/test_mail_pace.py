"""The bulk mail consumers' pace (portal.platform.mailer.Pace): turns spaced by 1/rate, shared by threads."""

from __future__ import annotations

import threading

from portal.platform.mailer import Pace


class FakeTime:
    def __init__(self) -> None:
        self.now, self.slept = 100.0, []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))


def test_turns_come_one_interval_apart_and_an_idle_pace_starts_at_once():
    time = FakeTime()
    pace = Pace(4, clock=time.clock, sleep=time.sleep)

    for _ in range(3):
        pace.wait()
    assert time.slept == [0.25, 0.5]  # the first at once, then every quarter second

    time.now += 10  # idle: no debt carried over, no burst either
    pace.wait()
    pace.wait()
    assert time.slept == [0.25, 0.5, 0.25]


def test_threads_share_one_pace():
    time = FakeTime()
    pace = Pace(10, clock=time.clock, sleep=time.sleep)
    workers = [threading.Thread(target=pace.wait) for _ in range(20)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert sorted(time.slept) == [round(n / 10, 6) for n in range(1, 20)]  # 20 distinct turns, 0.1 s apart
