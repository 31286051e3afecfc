"""When a family may ask to enrol a child, and which children: the window's ends and the bounds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from portal.bookings.model import EnrolmentWindow
from portal.enrolments import rules

OPENS = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)
CLOSES = datetime(2026, 12, 15, 17, 0, tzinfo=UTC)
WINDOW = EnrolmentWindow(OPENS, CLOSES, date(2015, 1, 1), date(2020, 12, 31))
TICK = timedelta(microseconds=1)


def test_the_window_takes_its_opening_moment_and_not_its_closing_one():
    assert [rules.open_now(WINDOW, moment) for moment in (OPENS - TICK, OPENS, CLOSES - TICK, CLOSES)] == [
        False,
        True,
        True,
        False,
    ]


def test_the_bounds_take_both_ends_and_none_is_no_bound():
    born = [date(2014, 12, 31), date(2015, 1, 1), date(2020, 12, 31), date(2021, 1, 1)]
    assert [rules.eligible(WINDOW, day) for day in born] == [False, True, True, False]
    unbounded = EnrolmentWindow(OPENS, CLOSES)
    assert all(rules.eligible(unbounded, day) for day in born)
