"""Threads in the table: a thread and its messages share a partition (one Query reads a thread whole), the
account's threads are listed by latest activity, the town's feed by last change, and the threads awaiting an
answer pile up per service (what an agent of that service sees in its inbox).

| access pattern                               | key condition                                                  |
|----------------------------------------------|----------------------------------------------------------------|
| the services a parent writes to             | Query pk=TENANT#{t}#SERVICES                                      |
| a thread and its messages, in order         | Query pk=TENANT#{t}#THREAD#{id}: MESSAGE#{sent_at}#{id}…, THREAD  |
| a thread's messages since a moment          | the same, sk between MESSAGE#{since} and THREAD                   |
| an account's threads, latest activity first | Query FamilyIndex gsi1pk=TENANT#{t}#ACCOUNTTHREADS#{a}, descending |
| the town's feed, by last change (``feeds``) | Query InvoiceRefIndex gsi2pk=TENANT#{t}#THREADFEED#{day}#{n}      |
| a service's threads awaiting an answer      | Query pk=TENANT#{t}#PILE#THREADS#{service} (``piles``)            |

Every write of a thread is conditioned on the version it was computed from (``version``) and written with
what it changes beside it (a message, its pile marker, an agent's audit record) in one transaction: two
messages at the same moment never lose an unread count, a pile marker or the service's one mail.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import partial
from typing import cast

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.transactions import TransactWrite

from portal.kernel import clock
from portal.kernel.ids import TenantSlug
from portal.platform import marks
from portal.platform.errors import ServiceUnavailable
from portal.platform.feeds import Feed, FeedItem
from portal.platform.piles import Pile
from portal.platform.table import Item, Parts, attributes_of, query_items, save_all, transact, value_of
from portal.threads.model import Message, Service, Thread, ThreadView

THREAD, MESSAGE, SERVICE = "THREAD", "MESSAGE#", "SERVICE#"
TRANSACTION_ITEMS = 100  # DynamoDB's TransactWriteItems limit


def services_key(tenant: TenantSlug) -> str:
    return f"TENANT#{tenant}#SERVICES"


def thread_key(tenant: TenantSlug, thread_id: str) -> str:
    return f"TENANT#{tenant}#THREAD#{thread_id}"


def account_partition(tenant: TenantSlug, account_id: str) -> str:
    return f"TENANT#{tenant}#ACCOUNTTHREADS#{account_id}"


def pile(service_id: str) -> Pile:
    """The service's threads awaiting an answer, oldest first."""
    return Pile(f"THREADS#{service_id}")


class ServiceRecord(Item):
    sort_prefix = SERVICE

    label = UnicodeAttribute()
    notify_email = UnicodeAttribute(null=True)


class ThreadRecord(FeedItem):
    sort_key = THREAD

    sk = UnicodeAttribute(range_key=True, default=THREAD)
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    thread_id = UnicodeAttribute()
    account_id = UnicodeAttribute()
    service_id = UnicodeAttribute()
    subject = UnicodeAttribute()
    family_id = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    changed_at = UTCDateTimeAttribute()
    last_message_at = UTCDateTimeAttribute()
    unread = NumberAttribute(default=0)
    awaiting_since = UTCDateTimeAttribute(null=True)
    notified = BooleanAttribute(default=False)
    answers = NumberAttribute(default=0)
    version = NumberAttribute(default=0)


class MessageRecord(Item):
    sort_prefix = MESSAGE

    message_id = UnicodeAttribute()
    side = UnicodeAttribute()
    author = UnicodeAttribute()
    text = UnicodeAttribute()
    sent_at = UTCDateTimeAttribute()
    document_ids = ListAttribute(of=UnicodeAttribute, default=list)


FEED = Feed("THREADFEED", "threads", ThreadRecord, lambda tenant, t: (thread_key(tenant, t), THREAD))


def services(tenant: TenantSlug) -> dict[str, Service]:
    """The tenant's services (one Query: a town has a few dozen at most)."""
    items = query_items((ServiceRecord,), hash_key=services_key(tenant))
    return {
        s.service_id: s
        for s in (
            Service(r.sk.removeprefix(SERVICE), r.label, r.notify_email) for r in items if isinstance(r, ServiceRecord)
        )
    }


def save_services(tenant: TenantSlug, published: Iterable[Service]) -> None:
    save_all(
        ServiceRecord(services_key(tenant), f"{SERVICE}{s.service_id}", label=s.label, notify_email=s.notify_email)
        for s in published
    )


def get(tenant: TenantSlug, thread_id: str, *, since: datetime | None = None) -> ThreadView | None:
    """A thread with its messages in order (those sent from ``since`` on, if given): one Query."""
    start = MESSAGE + (clock.rfc3339(since, "microseconds") if since else "")
    items = query_items(
        (ThreadRecord, MessageRecord),
        hash_key=thread_key(tenant, thread_id),
        range_key_condition=ThreadRecord.sk.between(start, THREAD),
        consistent_read=True,
    )
    found = next((i for i in items if isinstance(i, ThreadRecord)), None)
    if found is None:
        return None
    messages = tuple(_message(i) for i in items if isinstance(i, MessageRecord))
    return ThreadView(**vars(_thread(found)), messages=messages)


def of_account(tenant: TenantSlug, account_id: str, limit: int, before: str | None) -> tuple[list[Thread], bool]:
    """The account's threads by latest activity, newest first, after the position ``before`` (exclusive):
    ``limit`` of them, and whether there are more (one Query of ``limit + 1`` at most)."""
    items = query_items(
        (ThreadRecord,),
        pages=1,
        hash_key=account_partition(tenant, account_id),
        range_key_condition=ThreadRecord.gsi1sk < before if before else None,
        index_name="FamilyIndex",
        scan_index_forward=False,
        limit=limit + 1,
    )
    threads = [_thread(i) for i in items if isinstance(i, ThreadRecord)]
    return threads[:limit], len(threads) > limit


def all_of_account(tenant: TenantSlug, account_id: str) -> list[ThreadView]:
    """Every thread of the account with its messages, latest activity first (its data export: every page
    of its list, then one Query a thread)."""
    items = query_items(
        (ThreadRecord,),
        hash_key=account_partition(tenant, account_id),
        index_name="FamilyIndex",
        scan_index_forward=False,
    )
    found = (get(tenant, i.thread_id) for i in items if isinstance(i, ThreadRecord))
    return [view for view in found if view is not None]


def position(thread: Thread) -> str:
    """A thread's place in its account's list (its sort key there)."""
    return f"{clock.rfc3339(thread.last_message_at, 'microseconds')}#{thread.thread_id}"


def write(
    tenant: TenantSlug, before: Thread | None, after: Thread, message: Message | None = None, also: Parts | None = None
) -> bool:
    """Write a thread as it is ``after`` (new when ``before`` is None, else on its still being ``before``'s
    version) with its new message, its pile marker moved and ``also``: False when it changed meanwhile. The
    marker's summary says who wrote, never what (a parent's words stay in the thread)."""
    FEED.mark(tenant, after.changed_at)
    record = _record(tenant, after)
    was = before.awaiting_since if before else None
    waiting = pile(after.service_id)

    def parts(t: TransactWrite) -> None:
        if before is None:
            t.save(record, condition=ThreadRecord.pk.does_not_exist())
        else:
            t.save(record, condition=ThreadRecord.version == before.version)
        if message is not None:
            t.save(_message_record(tenant, after.thread_id, message), condition=MessageRecord.pk.does_not_exist())
        if was != after.awaiting_since:
            if was is not None:
                waiting.drop(t, tenant, after.thread_id, was)
            if after.awaiting_since is not None:
                summary = f"Message de {message.author}" if message else "Message"
                waiting.put(t, tenant, after.thread_id, after.awaiting_since, summary)
        if also:
            also(t)

    failed = transact(parts)
    if failed and 0 not in failed:
        raise ServiceUnavailable("The message could not be written")  # only a message id drawn twice
    return not failed


def mark_read(tenant: TenantSlug, thread: Thread) -> None:
    """The account read the town's messages: unread back to 0, unless the thread changed meanwhile (then the
    next reading does it)."""
    from portal.platform.table import write_if  # a reading with something unread only

    record = _record(tenant, thread)
    write_if(
        lambda: record.update(
            actions=[ThreadRecord.unread.set(0), ThreadRecord.version.add(1)],
            condition=ThreadRecord.version == thread.version,
        )
    )


def forget(tenant: TenantSlug, thread: ThreadView) -> None:
    """Delete a thread whole. The thread item goes first, with its pile marker, on its version as read (a
    message written meanwhile: read again); then whatever its partition still holds (a message that
    committed meanwhile included), 100 to a transaction. Once the thread item is gone, no message can be
    added: every write of a thread is conditioned on its version."""
    current: ThreadView | None = thread
    while current is not None:
        if not transact(partial(_delete_thread, tenant=tenant, thread=current)):
            break
        current = get(tenant, thread.thread_id)  # changed meanwhile
    left = query_items((MessageRecord,), hash_key=thread_key(tenant, thread.thread_id), consistent_read=True)
    sorts, key = [m.sk for m in left if isinstance(m, MessageRecord)], thread_key(tenant, thread.thread_id)
    for start in range(0, len(sorts), TRANSACTION_ITEMS):
        transact(partial(_delete_messages, key=key, sorts=sorts[start : start + TRANSACTION_ITEMS]))


def _delete_messages(t: TransactWrite, *, key: str, sorts: list[str]) -> None:
    for sort in sorts:
        t.delete(MessageRecord(key, sort))


def _delete_thread(t: TransactWrite, *, tenant: TenantSlug, thread: Thread) -> None:
    t.delete(
        ThreadRecord(thread_key(tenant, thread.thread_id), THREAD), condition=ThreadRecord.version == thread.version
    )
    if thread.awaiting_since is not None:
        pile(thread.service_id).drop(t, tenant, thread.thread_id, thread.awaiting_since)


def claim_mail(tenant: TenantSlug, mail_id: str) -> bool:
    """Mark a mail as sent; False if it was already (a redelivered queue message, or a rival's)."""
    return marks.claim_mail(_mail_key(tenant, mail_id), int(clock.now().timestamp()))


def release_mail(tenant: TenantSlug, mail_id: str) -> None:
    marks.release_mail(_mail_key(tenant, mail_id))


def message_sort(message: Message) -> tuple[str, str]:
    return clock.rfc3339(message.sent_at, "microseconds"), message.message_id


def _mail_key(tenant: TenantSlug, mail_id: str) -> str:
    return f"TENANT#{tenant}#THREADMAIL#{mail_id}"


def _sort(message: Message) -> str:
    sent_at, message_id = message_sort(message)
    return f"{MESSAGE}{sent_at}#{message_id}"


def _record(tenant: TenantSlug, thread: Thread) -> ThreadRecord:
    gsi2pk, gsi2sk = FEED.index_keys(tenant, thread.changed_at, thread.thread_id)
    return ThreadRecord(
        thread_key(tenant, thread.thread_id),
        THREAD,
        gsi1pk=account_partition(tenant, thread.account_id),
        gsi1sk=position(thread),
        gsi2pk=gsi2pk,
        gsi2sk=gsi2sk,
        **attributes_of(thread, "messages"),  # a thread read with its messages: they are items of their own
    )


def _thread(record: ThreadRecord) -> Thread:
    numbers = {name: int(getattr(record, name)) for name in ("unread", "answers", "version")}
    return value_of(Thread, record, notified=bool(record.notified), **numbers)


def _message_record(tenant: TenantSlug, thread_id: str, message: Message) -> MessageRecord:
    document_ids = list(message.document_ids)
    return MessageRecord(
        thread_key(tenant, thread_id),
        _sort(message),
        document_ids=document_ids,
        **attributes_of(message, "document_ids"),
    )


def _message(record: MessageRecord) -> Message:
    return value_of(Message, record, document_ids=tuple(cast(list[str], record.document_ids or [])))
