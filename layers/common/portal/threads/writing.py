"""What a parent does ("Nous contacter"): lists the town's services, opens a thread with one, writes in it,
lists and reads its threads. A thread belongs to the account that opened it: another's answers 404
``thread_not_found`` exactly like an unknown one.

Each account may open ``THREADS`` threads and write ``MESSAGES`` messages (a thread's first included) a day:
both are taken before anything is written, with one conditional write each, so that no number of parallel
requests passes them (429 ``too_many_messages`` with ``Retry-After``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from portal.documents.attaching import attachable
from portal.kernel import clock, ids
from portal.platform import cursor
from portal.platform.errors import (
    FamilyNotFound,
    FieldRejected,
    ServiceUnavailable,
    ThreadClosed,
    ThreadNotFound,
    TooManyMessages,
)
from portal.platform.throttle import Throttle
from portal.threads import mails, rules, store
from portal.threads.model import OPEN, Message, Service, Thread, ThreadView

if TYPE_CHECKING:
    from portal.accounts.sessions import Principal

DAY = 86_400
THREADS = Throttle("threads", limit=5, window_seconds=DAY, refusal=TooManyMessages)
MESSAGES = Throttle("messages", limit=30, window_seconds=DAY, refusal=TooManyMessages)
TRIES = 10  # writes of one thread at the same moment: an account's and the town's, a few at most


@dataclass(frozen=True)
class ThreadPage:
    items: tuple[Thread, ...]
    next_cursor: str | None


@dataclass(frozen=True)
class Services:
    items: tuple[Service, ...]


def services(principal: Principal) -> Services:
    """The services a parent may write to, by label as a French reader orders them (É with E)."""
    found = store.services(principal.tenant).values()
    return Services(tuple(sorted(found, key=lambda s: (_unaccented(s.label), s.service_id))))


def _unaccented(label: str) -> str:
    import unicodedata  # listing the services only

    return "".join(c for c in unicodedata.normalize("NFD", label) if not unicodedata.combining(c)).casefold()


def open_thread(
    principal: Principal,
    service_id: str,
    subject: str,
    text: str,
    family_id: str | None,
    document_ids: Sequence[str],
) -> ThreadView:
    """A new thread with its first message; the service's mailbox is told (once until the town answers)."""
    tenant = principal.tenant
    service = store.services(tenant).get(service_id)
    if service is None:
        raise FieldRejected("service_id", "unknown_service", "No such service")
    if family_id is not None and family_id not in principal.account.subscriptions:
        raise FamilyNotFound()
    attached = attachable(principal, family_id, document_ids)
    THREADS.take(tenant, principal.account_id)
    try:
        MESSAGES.take(tenant, principal.account_id)
    except TooManyMessages:
        THREADS.give_back(tenant, principal.account_id)
        raise
    message = _message(principal, text, attached)
    thread = rules.opened(ids.random_id(), principal.account_id, service_id, subject, family_id, message)
    if service.notify_email:
        mails.announce(tenant, thread, message)  # before the message: none is written without its mail
    if not store.write(tenant, None, thread, message):
        raise ServiceUnavailable("The thread could not be written")  # only a thread id drawn twice
    return ThreadView(**vars(thread), messages=(message,))


def reply(principal: Principal, thread_id: str, text: str, document_ids: Sequence[str]) -> Message:
    """A parent's message in its open thread (409 ``thread_closed`` once the town closed it)."""
    tenant = principal.tenant
    found = own(principal, thread_id)
    if found.status != OPEN:
        raise ThreadClosed()
    attached = attachable(principal, found.family_id, document_ids)
    MESSAGES.take(tenant, principal.account_id)
    message = _message(principal, text, attached)
    current: Thread = found
    for _ in range(TRIES):
        after = rules.citizen_wrote(current, message)
        if after is None:
            raise ThreadClosed()
        if not current.notified:  # the first since the town answered: the service is told (marked once)
            service = store.services(tenant).get(current.service_id)
            if service is not None and service.notify_email:
                mails.announce(tenant, after, message)
        if store.write(tenant, current, after, message):
            return message
        rival = store.get(tenant, thread_id, since=clock.now())  # changed meanwhile: compute again
        if rival is None:
            raise ThreadNotFound()
        current = rival
    raise ServiceUnavailable("The thread is busy: try again", retry_after=1)


def listed(principal: Principal, limit: int, after: str | None) -> ThreadPage:
    """The account's threads, latest activity first, a page at a time."""
    scope = f"{principal.tenant}#{principal.account_id}#threads"
    before = cursor.read(after, scope, size=1)[0] if after else None
    page, more = store.of_account(principal.tenant, principal.account_id, limit, before)
    next_cursor = cursor.make((store.position(page[-1]),), scope) if more and page else None
    return ThreadPage(tuple(page), next_cursor)


def read(principal: Principal, thread_id: str) -> ThreadView:
    """The thread with its messages; reading it sets its unread count to 0."""
    found = own(principal, thread_id)
    if found.unread:
        store.mark_read(principal.tenant, found)
        found = replace(found, unread=0)
    return found


def written_by(principal: Principal) -> tuple[ThreadView, ...]:
    """Every thread of the account with its messages, latest activity first (its data export)."""
    return tuple(store.all_of_account(principal.tenant, principal.account_id))


def forget(principal: Principal) -> None:
    """Delete every thread of the account, with its messages (the account is being deleted)."""
    for thread in written_by(principal):
        store.forget(principal.tenant, thread)


def own(principal: Principal, thread_id: str) -> ThreadView:
    found = store.get(principal.tenant, thread_id) if ids.is_published_id(thread_id) else None
    if found is None or found.account_id != principal.account_id:
        raise ThreadNotFound()
    return found


def _message(principal: Principal, text: str, attached: tuple[str, ...]) -> Message:
    account = principal.account
    author = f"{account.first_name} {account.last_name}"
    return Message(ids.random_id(), "citizen", author, text, clock.now(), attached)
