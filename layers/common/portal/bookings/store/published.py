"""What the town publishes of the bookings area: children, activities and enrolments, read and stored.

Upserts: a record published again replaces the stored one. A child's enrolments are kept in its partition
and listed beside it under its family in FamilyIndex, so a family's children come with their enrolments in
one Query; a child that moves to another family takes its enrolments along.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from typing import Any, cast

from pynamodb.exceptions import DoesNotExist

from portal.bookings.model import (
    Activity,
    Child,
    DaysBefore,
    Deadline,
    Enrolment,
    EnrolmentWindow,
    Requirement,
    Unit,
    WeekdayBefore,
)
from portal.bookings.store.items import (
    ActivityRecord,
    ChildRecord,
    DeadlineAttribute,
    EnrolmentRecord,
    UnitAttribute,
    WindowAttribute,
)
from portal.bookings.store.keys import (
    ACTIVITY,
    CHILD,
    ENROLMENT_PREFIX,
    activity_key,
    child_key,
    children_partition,
    enrolable_partition,
)
from portal.kernel import clock
from portal.kernel.ids import TenantSlug
from portal.platform.aws import translate_aws_errors
from portal.platform.table import Item, Parts, get_items, query_items, save_all


def child(tenant: TenantSlug, child_id: str) -> Child | None:
    found = children(tenant, [child_id])
    return found.get(child_id)


def children(tenant: TenantSlug, child_ids: Iterable[str]) -> dict[str, Child]:
    found = get_items((child_key(tenant, c), CHILD) for c in child_ids)
    records = (ChildRecord.from_raw_data(raw) for raw in found.values())
    return {record.child_id: _child(record) for record in records}


def family_children(tenant: TenantSlug, family_id: str) -> tuple[list[Child], list[Enrolment]]:
    """A family's children and their enrolments: one Query on FamilyIndex."""
    items = query_items(
        (ChildRecord, EnrolmentRecord), hash_key=children_partition(tenant, family_id), index_name="FamilyIndex"
    )
    kids = [_child(i) for i in items if isinstance(i, ChildRecord)]
    enrolments = [_enrolment(i) for i in items if isinstance(i, EnrolmentRecord)]
    return kids, enrolments


def enrolments_of_children(tenant: TenantSlug, child_ids: Iterable[str]) -> list[Enrolment]:
    """The enrolments of children (one Query of each child's partition)."""
    found: list[Enrolment] = []
    for child_id in child_ids:
        items = query_items(
            (EnrolmentRecord,),
            hash_key=child_key(tenant, child_id),
            range_key_condition=EnrolmentRecord.sk.startswith(ENROLMENT_PREFIX),
        )
        found += [_enrolment(i) for i in items if isinstance(i, EnrolmentRecord)]
    return found


def enrolment(tenant: TenantSlug, child_id: str, activity_id: str) -> Enrolment | None:
    with translate_aws_errors():
        try:
            record = EnrolmentRecord.get(child_key(tenant, child_id), f"{ENROLMENT_PREFIX}{activity_id}")
        except DoesNotExist:
            return None
    return _enrolment(record)


def enrolments_of(tenant: TenantSlug, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Enrolment]:
    """Enrolments by (child, activity), in BatchGetItem calls."""
    found = get_items((child_key(tenant, c), f"{ENROLMENT_PREFIX}{a}") for c, a in pairs)
    records = [EnrolmentRecord.from_raw_data(raw) for raw in found.values()]
    return {(r.child_id, r.activity_id): _enrolment(r) for r in records}


def activity(tenant: TenantSlug, activity_id: str) -> Activity | None:
    return activities(tenant, [activity_id]).get(activity_id)


def activities(tenant: TenantSlug, activity_ids: Iterable[str]) -> dict[str, Activity]:
    found = get_items((activity_key(tenant, a), ACTIVITY) for a in activity_ids)
    records = (ActivityRecord.from_raw_data(raw) for raw in found.values())
    return {record.activity_id: _activity(record) for record in records}


def enrolable(tenant: TenantSlug) -> list[Activity]:
    """The activities published with a window for enrolment requests, open or not (one Query)."""
    items = query_items((ActivityRecord,), hash_key=enrolable_partition(tenant), index_name="FamilyIndex")
    return [_activity(i) for i in items if isinstance(i, ActivityRecord)]


def new_enrolment(tenant: TenantSlug, enrolment: Enrolment, family_id: str) -> Parts:
    """The enrolment put where the child has none in that activity (a transaction's part: an enrolment the
    town's software published meanwhile fails it)."""
    record = _enrolment_item(tenant, enrolment, family_id)
    return lambda t: t.save(record, condition=EnrolmentRecord.pk.does_not_exist())


def save_children(tenant: TenantSlug, published: Iterable[Child], moved: Iterable[Enrolment]) -> None:
    """Put children (upserts), and move the enrolments of those whose family changed beside them."""
    kids = {c.child_id: c for c in published}
    records: list[Item] = [_child_item(tenant, c) for c in kids.values()]
    records += [_enrolment_item(tenant, e, kids[e.child_id].family_id) for e in moved]
    save_all(records)


def save_activities(tenant: TenantSlug, published: Iterable[Activity], before: dict[str, Activity]) -> None:
    """Put activities (upserts); one published again unchanged keeps when it was stored (a closure waits for
    the index from when the activity last changed, however often the town sends it again)."""
    now = clock.now().timestamp()
    save_all([_activity_item(tenant, a, _stored_at(before.get(a.activity_id), a, now)) for a in published])


def _stored_at(old: Activity | None, new: Activity, now: float) -> float:
    return old.stored_at if old is not None and old == new and old.stored_at is not None else now


def save_enrolments(tenant: TenantSlug, published: Iterable[tuple[Enrolment, str]]) -> None:
    """Put enrolments (upserts), each with its child's family (where FamilyIndex lists it)."""
    save_all([_enrolment_item(tenant, e, family_id) for e, family_id in published])


def _child_item(tenant: TenantSlug, kid: Child) -> ChildRecord:
    return ChildRecord(
        child_key(tenant, kid.child_id),
        CHILD,
        gsi1pk=children_partition(tenant, kid.family_id),
        gsi1sk=f"{CHILD}#{kid.child_id}",
        child_id=kid.child_id,
        family_id=kid.family_id,
        first_name=kid.first_name,
        last_name=kid.last_name,
        birth_date=kid.birth_date,
        school=kid.school,
        class_name=kid.class_name,
    )


def _enrolment_item(tenant: TenantSlug, enrolment: Enrolment, family_id: str) -> EnrolmentRecord:
    return EnrolmentRecord(
        child_key(tenant, enrolment.child_id),
        f"{ENROLMENT_PREFIX}{enrolment.activity_id}",
        gsi1pk=children_partition(tenant, family_id),
        gsi1sk=f"{CHILD}#{enrolment.child_id}#{ENROLMENT_PREFIX}{enrolment.activity_id}",
        child_id=enrolment.child_id,
        activity_id=enrolment.activity_id,
        first=enrolment.first.isoformat(),
        last=enrolment.last.isoformat(),
    )


def _activity_item(tenant: TenantSlug, published: Activity, stored_at: float) -> ActivityRecord:
    enrolable = published.enrolment_requests is not None
    return ActivityRecord(
        activity_key(tenant, published.activity_id),
        ACTIVITY,
        activity_id=published.activity_id,
        label=published.label,
        nature=published.nature,
        first=published.first.isoformat(),
        last=published.last.isoformat(),
        weekdays=sorted(published.weekdays),
        closed=sorted(d.isoformat() for d in published.closed),
        extra_days=sorted(d.isoformat() for d in published.extra_days),
        units=[
            UnitAttribute(unit_id=u.unit_id, label=u.label, price_cents=u.price_cents, capacity=u.capacity)
            for u in published.units
        ],
        booking_deadline=_deadline_attribute(published.booking_deadline),
        cancellation_deadline=_deadline_attribute(published.cancellation_deadline),
        opens_at=published.opens_at,
        waiting_list=published.waiting_list,
        enrolment_requests=_window_attribute(published.enrolment_requests),
        requires=sorted(published.requires),
        stored_at=stored_at,
        gsi1pk=enrolable_partition(tenant) if enrolable else None,
        gsi1sk=published.activity_id if enrolable else None,
    )


def _window_attribute(window: EnrolmentWindow | None) -> WindowAttribute | None:
    if window is None:
        return None
    return WindowAttribute(
        opens_at=window.opens_at,
        closes_at=window.closes_at,
        min_birth_date=None if window.min_birth_date is None else window.min_birth_date.isoformat(),
        max_birth_date=None if window.max_birth_date is None else window.max_birth_date.isoformat(),
    )


def _window(attribute: Any) -> EnrolmentWindow | None:
    if attribute is None:
        return None
    low, high = attribute.min_birth_date, attribute.max_birth_date
    return EnrolmentWindow(
        attribute.opens_at,
        attribute.closes_at,
        None if low is None else date.fromisoformat(low),
        None if high is None else date.fromisoformat(high),
    )


def _deadline_attribute(rule: Deadline | None) -> DeadlineAttribute | None:
    if rule is None:
        return None
    at = rule.at.strftime("%H:%M")
    if isinstance(rule, WeekdayBefore):
        return DeadlineAttribute(weekday_before=rule.weekday, time=at)
    return DeadlineAttribute(days_before=rule.days, working_days=rule.working_days, time=at)


def _deadline(attribute: Any) -> Deadline | None:
    if attribute is None:
        return None
    at = time.fromisoformat(attribute.time)
    if attribute.weekday_before is not None:
        return WeekdayBefore(int(attribute.weekday_before), at)
    return DaysBefore(int(attribute.days_before), at, bool(attribute.working_days))


def _child(record: ChildRecord) -> Child:
    return Child(
        child_id=record.child_id,
        family_id=record.family_id,
        first_name=record.first_name,
        last_name=record.last_name,
        birth_date=record.birth_date,
        school=record.school,
        class_name=record.class_name,
    )


def _enrolment(record: EnrolmentRecord) -> Enrolment:
    return Enrolment(
        record.child_id, record.activity_id, date.fromisoformat(record.first), date.fromisoformat(record.last)
    )


def _activity(record: ActivityRecord) -> Activity:
    rule = _deadline(record.booking_deadline)
    assert rule is not None
    return Activity(
        activity_id=record.activity_id,
        label=record.label,
        nature=record.nature,
        first=date.fromisoformat(record.first),
        last=date.fromisoformat(record.last),
        weekdays=frozenset(int(d) for d in cast(list[Any], record.weekdays or [])),
        closed=frozenset(date.fromisoformat(d) for d in cast(list[str], record.closed or [])),
        extra_days=frozenset(date.fromisoformat(d) for d in cast(list[str], record.extra_days or [])),
        units=tuple(
            Unit(
                u.unit_id,
                u.label,
                None if u.price_cents is None else int(u.price_cents),
                None if u.capacity is None else int(u.capacity),
            )
            for u in record.units or []
        ),
        booking_deadline=rule,
        cancellation_deadline=_deadline(record.cancellation_deadline),
        opens_at=record.opens_at,
        waiting_list=bool(record.waiting_list),
        enrolment_requests=_window(record.enrolment_requests),
        requires=frozenset(cast(list[Requirement], record.requires or [])),
        stored_at=None if record.stored_at is None else float(record.stored_at),
    )
