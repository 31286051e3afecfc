"""The bookings area's key formats: every key starts with its tenant, and a format changes here only.

A slot (an activity's unit on a day) has its own partition for its counter and one for its waiting list,
so a rush on one slot is one hot item, never one per activity or tenant; the feed is sharded by day and
by a hash of the child (``FEED_SHARDS`` partitions a day).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from portal.kernel import clock
from portal.kernel.ids import TenantSlug

CHILD, ACTIVITY, SLOT = "CHILD", "ACTIVITY", "SLOT"
ENROLMENT_PREFIX, BOOKING_PREFIX = "ENROLMENT#", "BOOKING#"
FEED_SHARDS = 8
WAIT_DAYS = 90  # a waiting list's entries are swept this long after their day
WAITLISTS = "BOOKINGS#WAITLISTS"  # every tenant's slots that gave waiting tickets, by day (the sweep's)
NOTICES = "BOOKINGS#NOTICES"  # every tenant's places obtained not mailed yet, by when (the sweep's)
SUMMARIES = "BOOKINGS#SUMMARIES"  # every tenant's summary windows with lines waiting (the sweep's)


def child_key(tenant: TenantSlug, child_id: str) -> str:
    return f"TENANT#{tenant}#CHILD#{child_id}"


def enrolable_partition(tenant: TenantSlug) -> str:
    """Where FamilyIndex lists the tenant's activities open to enrolment requests (whatever their window)."""
    return f"TENANT#{tenant}#ENROLABLE"


def children_partition(tenant: TenantSlug, family_id: str) -> str:
    return f"TENANT#{tenant}#CHILDREN#{family_id}"


def activity_key(tenant: TenantSlug, activity_id: str) -> str:
    return f"TENANT#{tenant}#ACTIVITY#{activity_id}"


def bookings_key(tenant: TenantSlug, child_id: str, activity_id: str) -> str:
    return f"TENANT#{tenant}#CHILD#{child_id}#ACTIVITY#{activity_id}"


def booking_sort(day: date, unit_id: str) -> str:
    return f"{BOOKING_PREFIX}{day.isoformat()}#{unit_id}"


def attendance_partition(tenant: TenantSlug, activity_id: str, day: date) -> str:
    return f"TENANT#{tenant}#ATTEND#{activity_id}#{day.isoformat()}"


def slot_key(tenant: TenantSlug, activity_id: str, day: date, unit_id: str) -> str:
    return f"TENANT#{tenant}#SLOT#{activity_id}#{day.isoformat()}#{unit_id}"


def wait_key(tenant: TenantSlug, activity_id: str, day: date, unit_id: str) -> str:
    return f"TENANT#{tenant}#WAIT#{activity_id}#{day.isoformat()}#{unit_id}"


def waiting_partition(tenant: TenantSlug, activity_id: str) -> str:
    return f"TENANT#{tenant}#WAITING#{activity_id}"


def waitlists_sort(tenant: TenantSlug, activity_id: str, day: date, unit_id: str) -> str:
    return f"{day.isoformat()}#{tenant}#{activity_id}#{unit_id}"


def summary_key(tenant: TenantSlug, account_id: str) -> str:
    return f"TENANT#{tenant}#BOOKINGSUMMARY#{account_id}"


def notices_key(tenant: TenantSlug, family_id: str) -> str:
    return f"TENANT#{tenant}#PLACENOTICE#{family_id}"


def notice_sort(child_id: str, activity_id: str, unit_id: str, day: date, ticket: int) -> str:
    """A place obtained: the slot, the child and the waiting ticket it held (a child promoted twice on a day,
    having waited again, has two)."""
    return f"{day.isoformat()}#{unit_id}#{activity_id}#{child_id}#{ticket:010d}"


def feed_days_key(tenant: TenantSlug) -> str:
    return f"TENANT#{tenant}#FEEDDAYS"


def mail_mark_key(tenant: TenantSlug, mail_id: str, account_id: str) -> str:
    return f"TENANT#{tenant}#BOOKINGMAIL#{mail_id}#{account_id}"


def feed_key(tenant: TenantSlug, day: date, shard: int) -> str:
    return f"TENANT#{tenant}#FEED#{day.isoformat()}#{shard}"


def feed_sort(at: datetime, event_id: str) -> str:
    """An event's place in its shard: when it happened (to the microsecond), then its id."""
    return f"{clock.rfc3339(at, 'microseconds')}#{event_id}"


def shard(child_id: str) -> int:
    """The feed partition of a child's events on a day."""
    return hashlib.sha256(child_id.encode()).digest()[0] % FEED_SHARDS


def wait_sort(ticket: int) -> str:
    """A waiting ticket's sort key: zero-padded, so the list reads oldest first."""
    return f"{ticket:010d}"


GONE = "G"  # after every ticket's digits: the gone markers sort after the list's entries


def gone_sort(ticket: int) -> str:
    """The sort key of a ticket's gone marker, beside the list's entries."""
    return GONE + wait_sort(ticket)
