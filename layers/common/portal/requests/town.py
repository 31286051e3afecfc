"""The town's side of requests (admin key; agents later): its feed of requests as they are now, by last
change, and its decisions (once: the same decision twice changes nothing, any other change of a request no
longer pending is 409)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from portal.accounts import directory
from portal.accounts.model import Account
from portal.agents import audit
from portal.agents.model import Caller
from portal.kernel import clock, ids
from portal.kernel.ids import TenantSlug
from portal.platform.errors import RequestNotFound, RequestNotPending, ServiceUnavailable
from portal.platform.piles import Waiting
from portal.platform.table import Parts, joined
from portal.requests import mails, rules, store
from portal.requests.model import PENDING, DecidedBy, Decision, Request, RequestKind


def _file_change_accepted(tenant: TenantSlug, request: Request) -> Parts:
    from portal.requests import file_changes  # families, bookings, billing: this decision only, not at start-up

    return file_changes.accepted(tenant, request)


def _enrolment_accepted(tenant: TenantSlug, request: Request) -> Parts | None:
    from portal.requests import enrolments  # the bookings area's enrolments: this decision only

    return enrolments.accepted(tenant, request)


# What an accepted request of a kind does beside it (None: nothing), written in the decision's transaction.
EFFECTS: dict[RequestKind, Callable[[TenantSlug, Request], Parts | None]] = {
    "file_change": _file_change_accepted,
    "enrolment": _enrolment_accepted,
}
TRIES = 3


@dataclass(frozen=True)
class Asker:
    civility: str
    last_name: str
    first_name: str
    email: str


@dataclass(frozen=True)
class TownRequest(Request):
    """A request as the town reads it: with who asked (None once that account is deleted)."""

    account: Asker | None = None


@dataclass(frozen=True)
class TownFeed:
    items: tuple[TownRequest, ...]
    next_cursor: str | None


def decide(tenant: TenantSlug, request_id: str, decision: Decision, reason: str | None, caller: Caller) -> Request:
    """Decide a pending request (by the town's software, or an agent: then in the audit log, in the
    decision's transaction); the same decision again answers it as it is."""
    found = store.get(tenant, request_id) if ids.is_published_id(request_id) else None
    if found is None:
        raise RequestNotFound()
    by = DecidedBy("agent", caller.agent.name) if caller.agent else DecidedBy("software")
    try:
        decided = rules.decide(found, decision, reason, by, clock.now())
    except rules.NotPending:
        raise RequestNotPending() from None
    if decided is None:
        return found  # already so decided: nothing changes, nobody is mailed again
    mails.announce(tenant, request_id, decision)  # before the decision: none is written without its mail
    if _written(tenant, decided, caller):
        return decided
    rival = store.get(tenant, request_id)  # decided or cancelled meanwhile
    if rival is not None and rival.status == decision:
        return rival
    raise RequestNotPending()


def answers_certificate(tenant: TenantSlug, request_id: str, family_id: str) -> bool:
    """Whether a paper of the town may answer this request: a certificate request of that family, pending or
    already accepted (the same import sent again changes nothing)."""
    found = store.get(tenant, request_id, details=False) if ids.is_published_id(request_id) else None
    return (
        found is not None
        and found.kind == "certificate"
        and found.family_id == family_id
        and found.status in (PENDING, "accepted")
    )


def answered(tenant: TenantSlug, request_id: str, by: DecidedBy) -> None:
    """A certificate request answered by the town's paper: accepted, without a mail of its own (the paper's
    PDF brings one); already decided or cancelled meanwhile, it is left as it is."""
    found = store.get(tenant, request_id, details=False)
    if found is None or found.status != PENDING:
        return
    store.leave_pending(tenant, rules.decide(found, "accepted", None, by, clock.now()) or found)


def _written(tenant: TenantSlug, decided: Request, caller: Caller) -> bool:
    """Write the decision, its effect (computed again if what it was computed from changed meanwhile) and
    the agent's audit record: False when a rival decided or cancelled the request first."""
    effect = EFFECTS.get(decided.kind) if decided.status == "accepted" else None
    for _ in range(TRIES):
        parts = [effect(tenant, decided) if effect else None]
        if caller.agent_id:
            parts.append(audit.part(tenant, caller.agent_id, "decision", f"request:{decided.request_id}"))
        try:
            return store.leave_pending(tenant, decided, also=joined(parts))
        except store.ChangedMeanwhile:
            continue
    raise ServiceUnavailable("The request's effect could not be written: try again", retry_after=1)


def feed(tenant: TenantSlug, since: datetime, after: str | None, caller: Caller) -> TownFeed:
    """Requests changed from ``since`` on, as they are now, by last change, a page at a time; an agent's
    reading of health values (a file change's sealed details) is recorded first, a family at a time."""
    page, next_cursor = store.changed_since(tenant, since, after)
    _record_health_readings(tenant, caller, page)
    who = askers(tenant, {r.account_id for r in page if r.account_id})
    items = tuple(TownRequest(**vars(r), account=who.get(r.account_id or "")) for r in page)
    return TownFeed(items, next_cursor)


def one(tenant: TenantSlug, request_id: str, caller: Caller) -> TownRequest:
    """A request as the town reads it (the feed's item, at once): 404 ``request_not_found``; an agent's
    reading of health values is recorded first."""
    found = store.get(tenant, request_id) if ids.is_published_id(request_id) else None
    if found is None:
        raise RequestNotFound()
    _record_health_readings(tenant, caller, [found])
    asker = askers(tenant, {found.account_id} if found.account_id else set())
    return TownRequest(**vars(found), account=asker.get(found.account_id or ""))


def waiting(tenant: TenantSlug, limit: int) -> tuple[int, list[Waiting]]:
    """How many requests are pending, and the ``limit`` oldest (the agents' inbox)."""
    return store.PENDING_PILE.waiting(tenant, limit)


def _record_health_readings(tenant: TenantSlug, caller: Caller, read: list[Request]) -> None:
    """An agent handed a file change's health values read the family's file: in the audit log, before."""
    families = {r.family_id for r in read if r.sealed}
    if caller.agent_id and families:
        audit.record_each(tenant, caller.agent_id, "read_file", (f"family:{f}" for f in families))


def askers(tenant: TenantSlug, account_ids: set[str]) -> dict[str, Asker]:
    """Who wrote, by account (a deleted account is left out)."""
    found: dict[str, Asker] = {}
    for account_id in sorted(account_ids):
        account: Account | None = directory.get(tenant, account_id)
        if account is not None:
            found[account_id] = Asker(account.civility, account.last_name, account.first_name, account.email)
    return found
