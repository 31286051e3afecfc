"""The town's side of threads (admin key, or agents with ``messages``, who see only their services'
threads: another service's answers 404 ``thread_not_found`` like an unknown one): its feed of threads changed
since a moment with their new messages, one thread whole, its answers and closing a thread. An agent's
message and closure are in the audit log, written in their transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from portal.agents import audit
from portal.agents.model import Action, Caller
from portal.kernel import clock, ids
from portal.kernel.ids import TenantSlug
from portal.platform import parallel
from portal.platform.errors import ServiceUnavailable, ThreadClosed, ThreadNotFound
from portal.platform.feeds import readable
from portal.platform.piles import Waiting
from portal.platform.table import Parts
from portal.requests.town import Asker, askers
from portal.threads import mails, rules, store
from portal.threads.model import Message, ThreadView

PAGE_TEXT = 2_000_000  # characters of messages a feed page carries at most (JSON-escaped: under 6 MB)
TRIES = 10  # writes of one thread at the same moment: an account's and the town's, a few at most


@dataclass(frozen=True)
class TownThread(ThreadView):
    """A thread as the town reads it: with who wrote (None once that account is deleted)."""

    account: Asker | None = None

    @property
    def awaiting_answer(self) -> bool:
        """Whether the town owes an answer (the last message is a parent's)."""
        return self.awaiting_since is not None


@dataclass(frozen=True)
class TownFeed:
    items: tuple[TownThread, ...]
    next_cursor: str | None


def feed(tenant: TenantSlug, since: datetime, after: str | None, caller: Caller) -> TownFeed:
    """Threads changed from ``since`` on, as they are now, by last change, each with its messages sent from
    ``since`` on (one Query a thread, a few at a time), a page at a time; an agent's, of its services only."""
    records, next_cursor = store.FEED.page(tenant, since, after)
    since = readable(since)
    chosen = [r for r in records if _sees(caller, r.service_id)]
    read = parallel.each(lambda r: store.get(tenant, r.thread_id, since=since), chosen)
    # A page's answer stays well under Lambda's 6 MB: it stops at the thread that passes ``PAGE_TEXT``, and
    # the cursor resumes after the last thread given.
    kept: list[tuple[store.ThreadRecord, ThreadView]] = []
    size = 0
    for record, thread in zip(chosen, read, strict=True):
        if thread is None:
            continue
        size += len(thread.subject) + sum(len(m.text) for m in thread.messages)
        if kept and size > PAGE_TEXT:
            next_cursor = store.FEED.resume_after(tenant, since, kept[-1][0])
            break
        kept.append((record, thread))
    return TownFeed(_with_accounts(tenant, [thread for _, thread in kept]), next_cursor)


def one(tenant: TenantSlug, thread_id: str, caller: Caller) -> TownThread:
    """A thread whole, with who wrote."""
    return _with_accounts(tenant, [_visible(tenant, thread_id, caller)])[0]


def answer(tenant: TenantSlug, thread_id: str, text: str, author: str, caller: Caller) -> Message:
    """The town's message in an open thread (409 ``thread_closed`` once closed), signed by the agent who
    writes it, or by ``author`` for the town's software; the account is mailed once."""
    current = _visible(tenant, thread_id, caller)
    signed = caller.agent.name if caller.agent else author
    message = Message(ids.random_id(), "town", signed, text, clock.now())
    for _ in range(TRIES):
        after = rules.town_wrote(current, message)
        if after is None:
            raise ThreadClosed()
        mails.announce(tenant, after, message)  # before the message: none is written without its mail
        if store.write(tenant, current, after, message, also=_audited(tenant, caller, "message", thread_id)):
            return message
        current = _visible(tenant, thread_id, caller)  # changed meanwhile: compute again
    raise ServiceUnavailable("The thread is busy: try again", retry_after=1)


def close(tenant: TenantSlug, thread_id: str, caller: Caller) -> TownThread:
    """Close a thread: the parent can no longer write in it; closing it again changes nothing."""
    current = _visible(tenant, thread_id, caller)
    for _ in range(TRIES):
        after = rules.closed(current, clock.now())
        if after is None:
            return one(tenant, thread_id, caller)  # closed already
        if store.write(tenant, current, after, also=_audited(tenant, caller, "closure", thread_id)):
            return _with_accounts(tenant, [after])[0]
        current = _visible(tenant, thread_id, caller)
    raise ServiceUnavailable("The thread is busy: try again", retry_after=1)


def waiting(tenant: TenantSlug, service_ids: tuple[str, ...] | None, limit: int) -> tuple[int, list[Waiting]]:
    """How many threads await an answer in these services (None: every service), and the ``limit`` oldest."""
    chosen = sorted(store.services(tenant)) if service_ids is None else list(service_ids)
    counted = parallel.each(lambda service_id: store.pile(service_id).waiting(tenant, limit), chosen)
    oldest = sorted((w for _, found in counted for w in found), key=lambda w: (w.since, w.object_id))
    return sum(n for n, _ in counted), oldest[:limit]


def _sees(caller: Caller, service_id: str) -> bool:
    return caller.agent is None or service_id in caller.agent.service_ids


def _visible(tenant: TenantSlug, thread_id: str, caller: Caller) -> ThreadView:
    found = store.get(tenant, thread_id) if ids.is_published_id(thread_id) else None
    if found is None or not _sees(caller, found.service_id):
        raise ThreadNotFound()
    return found


def _audited(tenant: TenantSlug, caller: Caller, action: Action, thread_id: str) -> Parts | None:
    if caller.agent_id is None:
        return None
    return audit.part(tenant, caller.agent_id, action, f"thread:{thread_id}")


def _with_accounts(tenant: TenantSlug, threads: list[ThreadView]) -> tuple[TownThread, ...]:
    found = askers(tenant, {t.account_id for t in threads})
    return tuple(TownThread(**vars(t), account=found.get(t.account_id)) for t in threads)
