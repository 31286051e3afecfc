"""Open days, working days and deadlines of the espace famille, in Europe/Paris (pure rules)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from portal.bookings.days import deadline, easter, is_open, is_working_day, open_days, public_holidays
from portal.bookings.model import Activity, DaysBefore, Enrolment, Unit, WeekdayBefore

MEALS = Activity(
    activity_id="CANT-JF",
    label="Restauration scolaire",
    nature="Restauration scolaire",
    first=date(2026, 9, 1),
    last=date(2027, 7, 3),
    weekdays=frozenset({0, 1, 3, 4}),
    closed=frozenset({date(2026, 12, 8)}),
    extra_days=frozenset({date(2026, 12, 9)}),
    units=(Unit("REPAS", "Repas", 320, None),),
    booking_deadline=DaysBefore(2, time(10, 0), True),
    cancellation_deadline=None,
    opens_at=None,
    waiting_list=False,
)
ALL_YEAR = Enrolment("E-001", "CANT-JF", date(2026, 9, 1), date(2027, 7, 3))


@pytest.mark.parametrize(
    ("year", "sunday"),
    [
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
        (2285, date(2285, 3, 22)),
        (1943, date(1943, 4, 25)),
    ],
)
def test_easter_falls_on_the_gregorian_date(year, sunday):
    assert easter(year) == sunday


def test_the_french_public_holidays_of_2026_include_the_movable_ones():
    assert public_holidays(2026) == {
        date(2026, 1, 1),
        date(2026, 4, 6),
        date(2026, 5, 1),
        date(2026, 5, 8),
        date(2026, 5, 14),
        date(2026, 5, 25),
        date(2026, 7, 14),
        date(2026, 8, 15),
        date(2026, 11, 1),
        date(2026, 11, 11),
        date(2026, 12, 25),
    }


def test_weekends_and_holidays_are_not_working_days():
    assert is_working_day(date(2026, 12, 7))  # a Monday
    assert not is_working_day(date(2026, 12, 5))  # a Saturday
    assert not is_working_day(date(2026, 5, 14))  # Ascension, a Thursday


def test_two_working_days_before_a_monday_is_the_thursday_at_that_time_in_paris():
    # The contract's example: Monday 7 December 2026 → Thursday 3 December, 10:00 in Paris (09:00 UTC).
    assert deadline(DaysBefore(2, time(10, 0), True), date(2026, 12, 7)) == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def test_working_days_skip_a_public_holiday_too():
    # Friday 15 May 2026 minus 2 working days: Thursday 14 is Ascension, so Tuesday 12 May (10:00 CEST = 08:00 UTC).
    assert deadline(DaysBefore(2, time(10, 0), True), date(2026, 5, 15)) == datetime(2026, 5, 12, 8, 0, tzinfo=UTC)


def test_calendar_days_count_weekends_and_zero_is_the_day_itself():
    assert deadline(DaysBefore(2, time(18, 0), False), date(2026, 12, 7)) == datetime(2026, 12, 5, 17, 0, tzinfo=UTC)
    assert deadline(DaysBefore(0, time(8, 0), False), date(2026, 7, 1)) == datetime(2026, 7, 1, 6, 0, tzinfo=UTC)


def test_a_weekday_before_is_that_day_of_the_previous_week():
    # Wednesday 9 December 2026: the Thursday of the week before is 3 December, 23:59 in Paris.
    assert deadline(WeekdayBefore(3, time(23, 59)), date(2026, 12, 9)) == datetime(2026, 12, 3, 22, 59, tzinfo=UTC)
    # Whatever the day in the week, the same deadline: Monday 7 and Sunday 13 December too.
    assert deadline(WeekdayBefore(3, time(23, 59)), date(2026, 12, 13)) == datetime(2026, 12, 3, 22, 59, tzinfo=UTC)


def test_a_deadline_in_the_spring_gap_falls_when_the_clocks_reach_three():
    """29 March 2026: Paris goes from 02:00 to 03:00. A 02:30 deadline that day names no moment of Paris time;
    the rule means the first moment a clock there shows 02:30 or later: 03:00, 01:00 UTC (not 03:30)."""
    assert deadline(DaysBefore(0, time(2, 30), False), date(2026, 3, 29)) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert deadline(DaysBefore(0, time(2, 0), False), date(2026, 3, 29)) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert deadline(DaysBefore(0, time(3, 0), False), date(2026, 3, 29)) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert deadline(DaysBefore(0, time(1, 59), False), date(2026, 3, 29)) == datetime(2026, 3, 29, 0, 59, tzinfo=UTC)


def test_a_deadline_in_the_autumn_overlap_is_the_first_time_the_clocks_show_it():
    """25 October 2026: Paris goes from 03:00 back to 02:00, so 02:30 happens twice; the rule means the first."""
    assert deadline(DaysBefore(0, time(2, 30), False), date(2026, 10, 25)) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert deadline(DaysBefore(0, time(3, 0), False), date(2026, 10, 25)) == datetime(2026, 10, 25, 2, 0, tzinfo=UTC)


def test_a_deadline_across_the_change_to_summer_time_keeps_paris_time():
    # Sunday 29 March 2026 clocks go forward: 10:00 on Monday 30 March is 08:00 UTC, on Friday 27 09:00 UTC.
    assert deadline(DaysBefore(0, time(10, 0), False), date(2026, 3, 30)) == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)
    assert deadline(DaysBefore(3, time(10, 0), False), date(2026, 3, 30)) == datetime(2026, 3, 27, 9, 0, tzinfo=UTC)


def test_open_days_are_the_weekdays_minus_closed_plus_extra_days_inside_the_enrolment():
    week = open_days(MEALS, ALL_YEAR, date(2026, 12, 7), date(2026, 12, 13))

    assert week == [date(2026, 12, 7), date(2026, 12, 9), date(2026, 12, 10), date(2026, 12, 11)]
    assert not is_open(MEALS, ALL_YEAR, date(2026, 12, 8))  # closed
    short = Enrolment("E-001", "CANT-JF", date(2026, 9, 1), date(2026, 12, 9))
    assert open_days(MEALS, short, date(2026, 12, 7), date(2026, 12, 13)) == [date(2026, 12, 7), date(2026, 12, 9)]
    assert open_days(MEALS, ALL_YEAR, date(2027, 7, 1), date(2027, 7, 10)) == [date(2027, 7, 1), date(2027, 7, 2)]
