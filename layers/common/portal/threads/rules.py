"""How a thread changes, as values: opened, a parent's message, the town's, closed. Nothing here reads or
writes; ``None`` answers a change a closed thread refuses; a thread read with its messages keeps them."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from portal.kernel import clock
from portal.threads.model import CLOSED, OPEN, Message, Thread


def opened(
    thread_id: str, account_id: str, service_id: str, subject: str, family_id: str | None, first: Message
) -> Thread:
    """A new thread, awaiting the town's answer from its first message; its service is told."""
    at = first.sent_at
    return Thread(
        thread_id=thread_id,
        account_id=account_id,
        service_id=service_id,
        subject=subject,
        family_id=family_id,
        status=OPEN,
        created_at=at,
        changed_at=at,
        last_message_at=at,
        awaiting_since=at,
        notified=True,
    )


def citizen_wrote[T: Thread](thread: T, message: Message) -> T | None:
    """A parent's message: the thread awaits an answer (from its first unanswered message on), and the
    service is told unless it was since the town last answered."""
    if thread.status != OPEN:
        return None
    return replace(
        _moved(thread, message.sent_at),
        awaiting_since=thread.awaiting_since or message.sent_at,
        notified=True,
    )


def town_wrote[T: Thread](thread: T, message: Message) -> T | None:
    """The town's message: one more unread for the account, nothing awaits the town, and the service will
    be told of the parent's next message."""
    if thread.status != OPEN:
        return None
    return replace(
        _moved(thread, message.sent_at),
        unread=thread.unread + 1,
        awaiting_since=None,
        notified=False,
        answers=thread.answers + 1,
    )


def closed[T: Thread](thread: T, now: datetime) -> T | None:
    """The town closes the thread (None: closed already); nothing awaits it any more."""
    if thread.status != OPEN:
        return None
    return replace(thread, status=CLOSED, changed_at=now, awaiting_since=None, version=thread.version + 1)


def _moved[T: Thread](thread: T, at: datetime) -> T:
    return replace(
        thread,
        changed_at=max(thread.changed_at, at, clock.now()),
        last_message_at=max(thread.last_message_at, at),
        version=thread.version + 1,
    )
