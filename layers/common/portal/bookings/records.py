"""The espace famille's records in an import (children, activities, enrolments): references, storing.

Upserts keyed by (tenant, child_id), (tenant, activity_id) and (tenant,
child_id, activity_id); references resolve against the same file first, then
the table: a child's family must exist, an enrolment's child and activity too.
A child that moves to another family takes its enrolments along (where its
family's listing finds them). An activity republished with more places gives
them at once to the waiting lists (``waiting_list.promote``). An activity
that no longer runs on some day, or an enrolment cut shorter, has the bookings
of those days cancelled through the queue (``closures``), queued before the
new records are stored so that a failed import retried finds them again.
"""

from __future__ import annotations

from portal.billing import ledger
from portal.bookings import closures
from portal.bookings.bodies import ActivityIn, ChildIn, DeadlineIn, EnrolmentIn, EnrolmentWindowIn
from portal.bookings.model import (
    WEEKDAYS,
    Activity,
    Child,
    DaysBefore,
    Deadline,
    Enrolment,
    EnrolmentWindow,
    Unit,
    WeekdayBefore,
)
from portal.bookings.store import published as stored
from portal.kernel import clock
from portal.platform.imports import Batch, ImportRun


def children(run: ImportRun, batch: Batch, families_in_file: set[str]) -> set[str]:
    """Store children whose family is known; returns the children of the file."""
    tenant = run.tenant
    wanted = {record.family_id for _, record in batch.records.values()} - families_in_file
    known = families_in_file | set(ledger.families(tenant, wanted))

    def check(_: str, record: ChildIn) -> tuple[str, str] | None:
        if record.family_id not in known:
            return "unknown_family", f"No family {record.family_id!r} in this file or already published"
        return None

    accepted: list[ChildIn] = run.settle(batch, check)
    published = [_child(record) for record in accepted]
    before = stored.children(tenant, [kid.child_id for kid in published])
    moved = [kid for kid in published if kid.child_id in before and before[kid.child_id].family_id != kid.family_id]
    stored.save_children(tenant, published, stored.enrolments_of_children(tenant, [kid.child_id for kid in moved]))
    return {kid.child_id for kid in published}


def activities(run: ImportRun, batch: Batch) -> set[str]:
    """Store activities; a unit given more places (or none to count) promotes its waiting lists."""
    tenant = run.tenant
    accepted: list[ActivityIn] = run.settle(batch, _activity_refusal)
    published = [_activity(record) for record in accepted]
    before = stored.activities(tenant, [a.activity_id for a in published])
    closures.activities(tenant, run.identity, before, published)
    stored.save_activities(tenant, published, before)
    for activity in published:
        old = before.get(activity.activity_id)
        grown = [u.unit_id for u in activity.units if old is not None and _more_places(old.unit(u.unit_id), u)]
        if not grown:
            continue
        # The waiting list's promotions: only for a capacity raised, not at every import's start-up.
        from portal.bookings import waiting_list

        waiting_list.promote_grown(tenant, activity, grown)
    return {a.activity_id for a in published}


def enrolments(run: ImportRun, batch: Batch, children_in_file: set[str], activities_in_file: set[str]) -> None:
    tenant = run.tenant
    records = [record for _, record in batch.records.values()]
    kids = stored.children(tenant, {r.child_id for r in records})
    known_activities = activities_in_file | set(
        stored.activities(tenant, {r.activity_id for r in records} - activities_in_file)
    )

    def check(_: str, record: EnrolmentIn) -> tuple[str, str] | None:
        if record.child_id not in kids:
            return "unknown_child", f"No child {record.child_id!r} in this file or already published"
        if record.activity_id not in known_activities:
            return "unknown_activity", f"No activity {record.activity_id!r} in this file or already published"
        return None

    del children_in_file  # children of the file are stored before this pass: the read above finds them
    accepted: list[EnrolmentIn] = run.settle(batch, check)
    published = [(Enrolment(r.child_id, r.activity_id, r.first, r.last), kids[r.child_id].family_id) for r in accepted]
    before = stored.enrolments_of(tenant, [(e.child_id, e.activity_id) for e, _ in published])
    closures.enrolments(tenant, run.identity, before, published)
    stored.save_enrolments(tenant, published)


def _more_places(old: Unit | None, new: Unit) -> bool:
    if old is None or old.capacity is None:
        return False
    return new.capacity is None or new.capacity > old.capacity


def _child(record: ChildIn) -> Child:
    return Child(
        child_id=record.child_id,
        family_id=record.family_id,
        first_name=record.first_name,
        last_name=record.last_name,
        birth_date=record.birth_date.isoformat(),
        school=record.school,
        class_name=record.class_name,
    )


FIRST_YEAR = 1900  # an activity's days from then on: their deadlines (up to weeks before) are days Python holds


def _activity_refusal(_: str, record: ActivityIn) -> tuple[str, str] | None:
    """An activity whose days or opening moment the portal cannot compute with is rejected alone: days before
    ``FIRST_YEAR`` (their deadlines would fall before year 1), an opening moment before the first one UTC holds."""
    if record.first.year < FIRST_YEAR:
        return "invalid_record", f"An activity's dates start in {FIRST_YEAR} at the earliest"
    window = record.enrolment_requests
    moments = [record.opens_at] + ([window.opens_at, window.closes_at] if window else [])
    if any(moment is not None and not clock.in_range(moment) for moment in moments):
        return "invalid_record", "A moment (opens_at, enrolment_requests) is before 0001-01-01T00:00:00Z"
    return None


def _activity(record: ActivityIn) -> Activity:
    return Activity(
        activity_id=record.activity_id,
        label=record.label,
        nature=record.nature,
        first=record.first,
        last=record.last,
        weekdays=frozenset(WEEKDAYS.index(day) for day in record.weekdays),
        closed=frozenset(record.closed),
        extra_days=frozenset(record.extra_days),
        units=tuple(Unit(u.unit_id, u.label, u.price, u.capacity) for u in record.units),
        booking_deadline=_deadline(record.booking_deadline),
        cancellation_deadline=_deadline(record.cancellation_deadline) if record.cancellation_deadline else None,
        opens_at=record.opens_at,
        waiting_list=record.waiting_list,
        enrolment_requests=_window(record.enrolment_requests),
        requires=frozenset(record.requires),
    )


def _window(window: EnrolmentWindowIn | None) -> EnrolmentWindow | None:
    if window is None:
        return None
    return EnrolmentWindow(window.opens_at, window.closes_at, window.min_birth_date, window.max_birth_date)


def _deadline(rule: DeadlineIn) -> Deadline:
    if rule.weekday_before is not None:
        return WeekdayBefore(WEEKDAYS.index(rule.weekday_before), rule.time)
    assert rule.days_before is not None and rule.working_days is not None
    return DaysBefore(rule.days_before, rule.time, rule.working_days)
