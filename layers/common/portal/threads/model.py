"""A thread and its messages as values, and the services a thread is opened with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

type ThreadStatus = Literal["open", "closed"]
type Side = Literal["citizen", "town"]

OPEN: Final = "open"
CLOSED: Final = "closed"


@dataclass(frozen=True)
class Service:
    """A service of the town a parent writes to (``service`` records); its mailbox is told of new messages."""

    service_id: str
    label: str
    notify_email: str | None = None


@dataclass(frozen=True)
class Message:
    message_id: str
    side: Side  # "from" on the wire
    author: str
    text: str
    sent_at: datetime
    document_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Thread:
    """A thread as stored: who opened it, with which service, and where it stands."""

    thread_id: str
    account_id: str
    service_id: str
    subject: str
    family_id: str | None
    status: ThreadStatus
    created_at: datetime
    changed_at: datetime
    last_message_at: datetime
    unread: int = 0  # the town's messages the account has not read
    awaiting_since: datetime | None = None  # the town owes an answer since (its last message is a citizen's)
    notified: bool = False  # the service's mailbox was told since the town last answered
    answers: int = 0  # the town's messages: the service is told once between two of them
    version: int = 0  # every write of the thread is conditioned on the version it read


@dataclass(frozen=True)
class ThreadView(Thread):
    """A thread with its messages, in order."""

    messages: tuple[Message, ...] = ()
