"""When the local stack runs a ScheduleV2 event: EventBridge Scheduler's rate, cron and at expressions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from infra.schedules import parse


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_a_rate_fires_every_period_after_the_start():
    every_five = parse("rate(5 minutes)", start=utc("2026-01-15T10:00:00"))

    assert every_five.next_after(utc("2026-01-15T10:00:00")) == utc("2026-01-15T10:05:00")
    assert every_five.next_after(utc("2026-01-15T10:07:30")) == utc("2026-01-15T10:10:00")
    assert parse("rate(1 day)", start=utc("2026-01-15T10:00:00")).next_after(utc("2026-01-15T10:00:00")) == utc(
        "2026-01-16T10:00:00"
    )


@pytest.mark.parametrize(
    ("after", "fires"),
    [
        ("2026-01-15T05:59:59", "2026-01-15T06:00:00"),  # winter: 07:00 in Paris is 06:00 UTC
        ("2026-01-15T06:00:00", "2026-01-16T06:00:00"),  # strictly after
        ("2026-07-15T04:00:00", "2026-07-15T05:00:00"),  # summer: 05:00 UTC
        ("2026-03-28T06:30:00", "2026-03-29T05:00:00"),  # the night the clocks go forward
    ],
)
def test_the_reminders_cron_fires_at_seven_in_paris(after, fires):
    assert parse("cron(0 7 * * ? *)", "Europe/Paris").next_after(utc(after)) == utc(fires)


def test_a_local_time_the_clocks_skip_is_skipped_and_one_they_repeat_runs_once():
    half_past_two = parse("cron(30 2 * * ? *)", "Europe/Paris")

    assert half_past_two.next_after(utc("2026-03-28T12:00:00")) == utc("2026-03-30T00:30:00")  # no 02:30 on the 29th
    assert half_past_two.next_after(utc("2026-10-24T12:00:00")) == utc("2026-10-25T00:30:00")  # the first 02:30
    assert half_past_two.next_after(utc("2026-10-25T00:30:00")) == utc("2026-10-26T01:30:00")  # not the second


def test_cron_fields_take_lists_ranges_steps_and_names():
    office = parse("cron(0/15 8-9 ? * MON-FRI *)")  # 2026-01-17 is a Saturday

    assert office.next_after(utc("2026-01-17T12:00:00")) == utc("2026-01-19T08:00:00")
    assert office.next_after(utc("2026-01-19T09:45:00")) == utc("2026-01-20T08:00:00")
    assert parse("cron(0 12 1,15 JAN,JUL ? 2027)").next_after(utc("2026-01-01T00:00:00")) == utc("2027-01-01T12:00:00")
    assert parse("cron(0 12 ? * 1 *)").next_after(utc("2026-01-17T00:00:00")) == utc("2026-01-18T12:00:00")  # SUN


def test_a_one_time_schedule_fires_once_in_its_time_zone():
    once = parse("at(2026-01-15T07:00:00)", "Europe/Paris")

    assert once.next_after(utc("2026-01-01T00:00:00")) == utc("2026-01-15T06:00:00")
    assert once.next_after(utc("2026-01-15T06:00:00")) is None


def test_a_cron_that_never_fires_again_says_so():
    assert parse("cron(0 0 1 1 ? 2020)").next_after(utc("2026-01-01T00:00:00")) is None
    assert parse("cron(0 0 1 1 ? 2020)").next_after(utc("2019-06-01T00:00:00")) - utc("2020-01-01T00:00:00") == (
        timedelta(0)
    )


@pytest.mark.parametrize(
    "expression",
    [
        "cron(0 7 L * ? *)",  # the last day of the month: not run locally
        "cron(0 7 ? * 2#1 *)",  # the first Monday: not run locally
        "cron(0 7 15W * ? *)",
        "cron(0 7 * * * *)",  # both day fields
        "cron(0 7 * * ?)",  # five fields
        "cron(60 7 * * ? *)",
        "rate(0 minutes)",
        "rate(5 fortnights)",
        "every(5 minutes)",
    ],
)
def test_what_the_local_stack_cannot_run_faithfully_is_refused(expression):
    with pytest.raises(ValueError):
        parse(expression)
