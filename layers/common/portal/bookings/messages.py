"""The booking queues' messages, as the producers write them (JSON) and the consumer
(``send_booking_mails``) reads them. On the mails queue: a request's ``summary``, the end of an account's
summary window (``summary_due``), a family's places obtained (``promoted``). On the closures queue: a
closing's two steps, ``closing`` (what an import closed) then ``closed`` (one family's bookings on those
days). Each carries its tenant and an ``id``, the key of its mails' marks."""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict, TypeIs

from portal.kernel.ids import TenantSlug


class _Queued(TypedDict):
    id: str
    tenant: TenantSlug


class SummaryMessage(_Queued):
    kind: Literal["summary"]
    account: str
    lines: list[list[Any]]  # child's first name, activity label, day, unit label, outcome, code, waiting position
    more: NotRequired[int]  # changes beyond the lines a window holds, counted only


class SummaryDueMessage(_Queued):
    """An account's summary window ends at ``due`` (epoch seconds): the changes it summed up are mailed."""

    kind: Literal["summary_due"]
    account: str
    due: int


class PromotedMessage(_Queued):
    """Places a family's children obtained: the keys of their notices (``store.notices``)."""

    kind: Literal["promoted"]
    family: str
    notices: list[str]


class ClosedMessage(_Queued):
    kind: Literal["closed"]
    family: str
    bookings: list[list[str]]  # child id, activity id, day, unit id


class ClosedDaysMail(ClosedMessage):
    """A ``closed`` message once its bookings are cancelled, with the lines its mail shows."""

    lines: list[list[str]]  # child's first name, activity label, day, unit label


class DayClosing(TypedDict):
    """An activity's day an import closed, for the listed units (all when None)."""

    activity: str
    day: str
    units: list[str] | None


class EnrolmentClosing(TypedDict):
    """The days a shortened enrolment no longer covers: [first, last] ranges."""

    child: str
    activity: str
    ranges: list[list[str]]


def closes_a_day(closing: DayClosing | EnrolmentClosing) -> TypeIs[DayClosing]:
    return "day" in closing


class ClosingMessage(_Queued):
    kind: Literal["closing"]
    queued_at: float
    closings: list[DayClosing | EnrolmentClosing]


type BookingMessage = SummaryMessage | SummaryDueMessage | PromotedMessage | ClosedMessage | ClosingMessage
type Mail = SummaryMessage | PromotedMessage | ClosedDaysMail
