"""The body of the data export."""

from __future__ import annotations

from typing import Literal

from portal.accounts.schemas import NotificationsOut
from portal.appointments.schemas import AppointmentOut
from portal.documents.schemas import DocumentOut
from portal.payments.schemas import OnlinePayment
from portal.platform.schemas import Output
from portal.requests.schemas import RequestOut
from portal.threads.schemas import ThreadOut


class Names(Output):
    civility: Literal["M", "MME"]
    last_name: str
    first_name: str


class Terms(Output):
    version: str
    accepted_at: str


class FollowedFamily(Output):
    family_id: str
    label: str
    since: str


class Export(Output):
    """Everything the portal holds about the person (GDPR articles 15 and 20); no hash, token or code."""

    profile: Names
    email: str
    created_at: str
    activated_at: str | None
    terms: Terms
    notifications: NotificationsOut
    email_undeliverable: bool
    subscriptions: list[FollowedFamily]
    online_payments: list[OnlinePayment]
    requests: list[RequestOut]  # those the account made (the family's stay the family's when it is deleted)
    documents: list[DocumentOut]  # the papers it sent: names, types, statuses (never the files)
    threads: list[ThreadOut]  # its threads with their messages, both ways
    appointments: list[AppointmentOut]  # to come first, then the past
