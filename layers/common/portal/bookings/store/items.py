"""The bookings area's items (pynamodb models), and the access patterns they serve.

| access pattern                                | key condition                                                  |
|-----------------------------------------------|----------------------------------------------------------------|
| child by id                                   | GetItem pk=TENANT#{t}#CHILD#{c}, sk=CHILD                      |
| a child's enrolment in an activity            | GetItem pk=TENANT#{t}#CHILD#{c}, sk=ENROLMENT#{a}              |
| children of a family, with their enrolments   | Query FamilyIndex gsi1pk=TENANT#{t}#CHILDREN#{f}              |
| activity by id                                | GetItem pk=TENANT#{t}#ACTIVITY#{a}, sk=ACTIVITY               |
| activities open to enrolment requests         | Query FamilyIndex gsi1pk=TENANT#{t}#ENROLABLE                 |
| a child's bookings of an activity, by day     | Query pk=TENANT#{t}#CHILD#{c}#ACTIVITY#{a}, sk BOOKING#{day}#{unit} |
| a day's list of an activity (attendance)      | Query FamilyIndex gsi1pk=TENANT#{t}#ATTEND#{a}#{day}           |
| places taken and tickets given of a slot      | GetItem pk=TENANT#{t}#SLOT#{a}#{day}#{unit}, sk=SLOT            |
| a slot's waiting list, oldest first           | Query pk=TENANT#{t}#WAIT#{a}#{day}#{unit} (sk = ticket, zero-padded) |
| the tickets gone before a position            | Query pk=TENANT#{t}#WAIT#…, sk between G{1} and G{ticket - 1}  |
| the slots of an activity that had waiters     | Query FamilyIndex gsi1pk=TENANT#{t}#WAITING#{a}, gsi1sk >= {day} |
| every tenant's slots that had waiters (sweep) | Query InvoiceRefIndex gsi2pk=BOOKINGS#WAITLISTS, gsi2sk >= {day} |
| the days that have events (platform.marks)    | Query pk=TENANT#{t}#FEEDDAYS, sk between {from} and {to}       |
| the feed, in order (each shard, merged)       | Query pk=TENANT#{t}#FEED#{day}#{shard}, sk > {at}#{event}      |
| a booking mail sent (platform.marks)          | PutItem pk=TENANT#{t}#BOOKINGMAIL#{mail}#{a}, sk=MAIL, if absent |
| a family's places obtained not mailed yet     | BatchGetItem pk=TENANT#{t}#PLACENOTICE#{f}, sk={day}#{u}#{a}#{c}#{n} |
| every tenant's notices left behind (sweep)    | Query InvoiceRefIndex gsi2pk=BOOKINGS#NOTICES, gsi2sk < {at}   |
| an account's summary window                   | UpdateItem pk=TENANT#{t}#BOOKINGSUMMARY#{a}, sk=WINDOW, if …   |
| every tenant's windows with lines waiting     | Query InvoiceRefIndex gsi2pk=BOOKINGS#SUMMARIES                |

The key formats are in ``keys``; the modules beside this one read and write these items for the rest of
the area: ``published`` (children, activities, enrolments), ``places`` (bookings, slots and the writes
the rules decide), ``waiting`` (the waiting lists), ``feed`` (the town's feed), ``notices`` (places
obtained not mailed yet), ``summaries`` (the accounts' summary windows), ``mail_marks``.
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)

from portal.bookings.store.keys import ACTIVITY, BOOKING_PREFIX, CHILD, ENROLMENT_PREFIX, GONE, SLOT
from portal.platform.table import FamilyIndex, Item


class ChildRecord(Item):
    """A child, listed in FamilyIndex under its family's children."""

    sort_key = CHILD

    sk = UnicodeAttribute(range_key=True, default=CHILD)
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    child_id = UnicodeAttribute()
    family_id = UnicodeAttribute()
    first_name = UnicodeAttribute()
    last_name = UnicodeAttribute()
    birth_date = UnicodeAttribute()
    school = UnicodeAttribute(null=True)
    class_name = UnicodeAttribute(null=True)
    family_index: FamilyIndex[ChildRecord] = FamilyIndex()


class EnrolmentRecord(Item):
    """A child's enrolment in an activity (in the child's partition, and beside it in FamilyIndex)."""

    sort_prefix = ENROLMENT_PREFIX

    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    child_id = UnicodeAttribute()
    activity_id = UnicodeAttribute()
    first = UnicodeAttribute()
    last = UnicodeAttribute()


class UnitAttribute(MapAttribute[str, Any]):
    unit_id = UnicodeAttribute()
    label = UnicodeAttribute()
    price_cents = NumberAttribute(null=True)
    capacity = NumberAttribute(null=True)


class DeadlineAttribute(MapAttribute[str, Any]):
    """``days_before`` (with ``working_days``) or ``weekday_before`` (0 = Monday), at ``time`` (HH:MM)."""

    days_before = NumberAttribute(null=True)
    working_days = BooleanAttribute(null=True)
    weekday_before = NumberAttribute(null=True)
    time = UnicodeAttribute()


class WindowAttribute(MapAttribute[str, Any]):
    """An activity's window for enrolment requests."""

    opens_at = UTCDateTimeAttribute()
    closes_at = UTCDateTimeAttribute()
    min_birth_date = UnicodeAttribute(null=True)
    max_birth_date = UnicodeAttribute(null=True)


class ActivityRecord(Item):
    """An activity as published; one open to enrolment requests is also listed in FamilyIndex under its
    tenant's ``ENROLABLE`` partition (sparse: the others are not)."""

    sort_key = ACTIVITY

    sk = UnicodeAttribute(range_key=True, default=ACTIVITY)
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    activity_id = UnicodeAttribute()
    label = UnicodeAttribute()
    nature = UnicodeAttribute()
    first = UnicodeAttribute()
    last = UnicodeAttribute()
    weekdays = ListAttribute(of=NumberAttribute, default=list)
    closed = ListAttribute(of=UnicodeAttribute, default=list)
    extra_days = ListAttribute(of=UnicodeAttribute, default=list)
    units = ListAttribute(of=UnitAttribute, default=list)
    booking_deadline = DeadlineAttribute()
    cancellation_deadline = DeadlineAttribute(null=True)
    opens_at = UTCDateTimeAttribute(null=True)
    waiting_list = BooleanAttribute(default=False)
    enrolment_requests = WindowAttribute(null=True)
    requires = ListAttribute(of=UnicodeAttribute, default=list)
    stored_at = NumberAttribute(null=True)


class BookingRecord(Item):
    """A child's booking of a unit on a day (booked, waiting or absent); listed for the day's attendance.
    A cancelled booking is deleted: the feed keeps its history."""

    sort_prefix = BOOKING_PREFIX

    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    child_id = UnicodeAttribute()
    activity_id = UnicodeAttribute()
    unit_id = UnicodeAttribute()
    day = UnicodeAttribute()
    status = UnicodeAttribute()
    counted = BooleanAttribute(default=False)
    ticket = NumberAttribute(null=True)
    reason = UnicodeAttribute(null=True)
    comment = UnicodeAttribute(null=True)


class SlotRecord(Item):
    """Places taken (booked and absent), waiting tickets given and children still waiting for an (activity,
    unit, day); once it gave a ticket, listed under its activity's slots with waiters (FamilyIndex) and under
    every tenant's waiting lists by day (InvoiceRefIndex), for the sweep."""

    sort_key = SLOT

    sk = UnicodeAttribute(range_key=True, default=SLOT)
    taken = NumberAttribute(default=0)
    tickets = NumberAttribute(default=0)
    waiting = NumberAttribute(default=0)
    ticketed_at = NumberAttribute(null=True)  # when its last ticket was taken (epoch s): the sweep's mending
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)


class WaitRecord(Item):
    """A ticket of a slot's waiting list: ``waiting`` for a child, or ``gone`` (promoted, cancelled, lost)."""

    child_id = UnicodeAttribute(null=True)
    state = UnicodeAttribute()
    expires_at = NumberAttribute()

    @classmethod
    def holds(cls, sort: str) -> bool:
        return sort.isdigit()


class GoneRecord(Item):
    """A ticket gone from a slot's waiting list (promoted, cancelled, lost), written with its entry's change:
    a position counts the markers before its ticket, not every entry (a list of thousands in a rush)."""

    expires_at = NumberAttribute()

    @classmethod
    def holds(cls, sort: str) -> bool:
        return sort.startswith(GONE)


class NoticeRecord(Item):
    """A place obtained whose "place obtenue" mail has not gone yet: written in the promotion's transaction,
    deleted once its family's followers are mailed; listed in InvoiceRefIndex for the sweep."""

    @classmethod
    def holds(cls, sort: str) -> bool:
        return sort[:4].isdigit() and sort.count("#") == 4

    child_id = UnicodeAttribute()
    activity_id = UnicodeAttribute()
    unit_id = UnicodeAttribute()
    day = UnicodeAttribute()
    gsi2pk = UnicodeAttribute()
    gsi2sk = UnicodeAttribute()
    expires_at = NumberAttribute()


class SummaryWindowRecord(Item):
    """An account's summary window: until ``due`` (epoch seconds), its requests' changes are summed up in
    ``lines`` (JSON, one a change; ``more`` counted beyond), mailed at ``due`` (``sent``: lines mailed);
    listed in InvoiceRefIndex while lines wait."""

    sort_key = "WINDOW"

    sk = UnicodeAttribute(range_key=True, default="WINDOW")
    due = NumberAttribute()
    lines = ListAttribute(of=UnicodeAttribute, null=True)
    more = NumberAttribute(null=True)
    sent = NumberAttribute(null=True)
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    expires_at = NumberAttribute()


class EventRecord(Item):
    """A booking change in the municipality's feed."""

    @classmethod
    def holds(cls, sort: str) -> bool:
        return sort[:4].isdigit()

    event_id = UnicodeAttribute()
    at = UTCDateTimeAttribute()
    child_id = UnicodeAttribute()
    family_id = UnicodeAttribute()
    activity_id = UnicodeAttribute()
    unit_id = UnicodeAttribute()
    day = UnicodeAttribute()
    status = UnicodeAttribute()
    reason = UnicodeAttribute(null=True)
    comment = UnicodeAttribute(null=True)
