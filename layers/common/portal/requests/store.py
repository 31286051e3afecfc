"""Requests in the table: one item each, listed by family (newest first) and in the town's feed by last
change, sharded by day so that no partition holds a whole town.

| access pattern                              | key condition                                                    |
|---------------------------------------------|------------------------------------------------------------------|
| a request by id                             | GetItem pk=TENANT#{t}#REQUEST#{r}, sk=REQUEST (consistent)       |
| a family's requests, newest first           | Query FamilyIndex gsi1pk=TENANT#{t}#FAMILYREQUESTS#{f}, descending |
| the town's feed, by last change (``feeds``) | Query InvoiceRefIndex gsi2pk=TENANT#{t}#REQUESTFEED#{day}#{n}   |
| the one pending request of a kind (a guard) | pk=TENANT#{t}#PENDINGREQUEST#{f}#{guard}, sk=GUARD, put if absent |

A request is written with its guard (if its kind has one) in one transaction, and leaves ``pending`` in one
transaction conditioned on its being pending that deletes the guard: two decisions at once, or a decision
and a cancellation, change it once. What the request does to another area (a file change applied) is
written in the same transaction (``also``): the request and its effect are written together or not at all.

A request whose details hold health data (a file change's old and new diet, say) keeps them sealed with the
family's data key (``sealed_details``), opened when read, a family's key once a call.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, cast

from pynamodb.attributes import BinaryAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DoesNotExist
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from portal.families import keys
from portal.kernel import clock
from portal.kernel.ids import TenantSlug
from portal.platform import envelope, marks
from portal.platform.aws import translate_aws_errors
from portal.platform.errors import ServiceUnavailable
from portal.platform.feeds import Feed, FeedItem
from portal.platform.observability import logger
from portal.platform.piles import Pile
from portal.platform.table import Item, Parts, query_items, transact
from portal.requests.model import PENDING, DecidedBy, Request, RequestKind, RequestStatus

REQUEST, GUARD = "REQUEST", "GUARD"


PENDING_PILE = Pile("REQUESTS")  # the pending requests, oldest first: what awaits the town (the agents' inbox)


def request_key(tenant: TenantSlug, request_id: str) -> str:
    return f"TENANT#{tenant}#REQUEST#{request_id}"


def family_partition(tenant: TenantSlug, family_id: str) -> str:
    return f"TENANT#{tenant}#FAMILYREQUESTS#{family_id}"


def guard_key(tenant: TenantSlug, family_id: str, guard: str) -> str:
    return f"TENANT#{tenant}#PENDINGREQUEST#{family_id}#{guard}"


class RequestRecord(FeedItem):
    sort_key = REQUEST

    sk = UnicodeAttribute(range_key=True, default=REQUEST)
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    request_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    family_id = UnicodeAttribute()
    status = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    changed_at = UTCDateTimeAttribute()
    summary = UnicodeAttribute()
    details = UnicodeAttribute(default="{}")  # JSON: each kind's own
    child_id = UnicodeAttribute(null=True)
    account_id = UnicodeAttribute(null=True)
    document_ids = UnicodeAttribute(default="[]")  # JSON
    decided_at = UTCDateTimeAttribute(null=True)
    reason = UnicodeAttribute(null=True)
    decided_by = UnicodeAttribute(null=True)  # JSON
    guard = UnicodeAttribute(null=True)
    sealed_details = BinaryAttribute(null=True, legacy_encoding=False)  # details holding health data, sealed


FEED = Feed(
    "REQUESTFEED", "requests", RequestRecord, lambda tenant, request_id: (request_key(tenant, request_id), REQUEST)
)


class ChangedMeanwhile(Exception):
    """What the request's effect was computed from changed before it was written (nothing was): compute it
    again from what is there now."""


class GuardRecord(Item):
    sort_key = GUARD

    sk = UnicodeAttribute(range_key=True, default=GUARD)
    request_id = UnicodeAttribute()


def get(tenant: TenantSlug, request_id: str, *, details: bool = True) -> Request | None:
    """A request; ``details=False`` leaves sealed details unopened (empty): for who needs only its status."""
    with translate_aws_errors():
        try:
            record = RequestRecord.get(request_key(tenant, request_id), REQUEST, consistent_read=True)
        except DoesNotExist:
            return None
    return _request(record, keys.opener(tenant) if details else _unopened)


def of_families(tenant: TenantSlug, family_ids: Iterable[str]) -> list[Request]:
    """The families' requests, newest first (one Query a family)."""
    found: list[Request] = []
    opened = keys.opener(tenant)  # a family's key once, the first time one of its requests is sealed
    for family_id in family_ids:
        items = query_items(
            (RequestRecord,),
            hash_key=family_partition(tenant, family_id),
            index_name="FamilyIndex",
            scan_index_forward=False,
        )
        found += [_request(i, opened) for i in items if isinstance(i, RequestRecord)]
    return sorted(found, key=lambda r: (r.created_at, r.request_id), reverse=True)


def pending_ids(tenant: TenantSlug, family_id: str, kind: RequestKind) -> list[str]:
    """The ids of the family's pending requests of a kind, newest first (nothing opened)."""
    return [request.request_id for request in pending(tenant, family_id, kind, details=False)]


def pending(tenant: TenantSlug, family_id: str, kind: RequestKind, *, details: bool = True) -> list[Request]:
    """The family's pending requests of a kind, newest first (one Query, the others filtered out by
    DynamoDB); ``details=False`` leaves sealed details unopened."""
    items = query_items(
        (RequestRecord,),
        hash_key=family_partition(tenant, family_id),
        index_name="FamilyIndex",
        scan_index_forward=False,
        filter_condition=(RequestRecord.status == PENDING) & (RequestRecord.kind == kind),
    )
    opened = keys.opener(tenant) if details else _unopened
    return [_request(i, opened) for i in items if isinstance(i, RequestRecord)]


def create(
    tenant: TenantSlug, request: Request, *, key: envelope.DataKey | None = None, also: Parts | None = None
) -> bool:
    """Write a new request (and its guard, and ``also``: its effect), its details sealed with ``key`` (the
    family's) when the request is ``sealed``: False when the family already has a pending one of its guard;
    ``ChangedMeanwhile`` when a condition of ``also`` failed."""
    FEED.mark(tenant, request.changed_at)
    record = _record(tenant, request)
    if request.sealed:
        if key is None:
            raise ValueError("a sealed request is written with its family's data key")
        record.details = "{}"
        record.sealed_details = keys.seal(tenant, request.family_id, request.details, key)

    waits = request.status == PENDING

    def parts(t: TransactWrite) -> None:
        t.save(record, condition=RequestRecord.pk.does_not_exist())
        if request.guard:
            guard = GuardRecord(
                guard_key(tenant, request.family_id, request.guard), GUARD, request_id=request.request_id
            )
            t.save(guard, condition=GuardRecord.pk.does_not_exist())
        if waits:
            PENDING_PILE.put(t, tenant, request.request_id, request.created_at, request.summary)
        if also:
            also(t)

    own = 1 + bool(request.guard) + waits
    failed = _written(parts, own)
    if 0 in failed:
        raise ServiceUnavailable("The request could not be written")
    return not failed


def leave_pending(tenant: TenantSlug, request: Request, *, also: Parts | None = None) -> bool:
    """Write a request that leaves ``pending`` (cancelled, decided: its status and decision, its details as
    they are), on its being pending still, free its guard, and write ``also`` (its effect): False when a
    rival changed it first; ``ChangedMeanwhile`` when a condition of ``also`` failed."""
    FEED.mark(tenant, request.changed_at)
    record = _record(tenant, request)
    changes: list[Action] = [
        RequestRecord.status.set(request.status),
        RequestRecord.changed_at.set(request.changed_at),
        RequestRecord.gsi2pk.set(record.gsi2pk),
        RequestRecord.gsi2sk.set(record.gsi2sk),
        RequestRecord.decided_at.set(request.decided_at) if request.decided_at else RequestRecord.decided_at.remove(),
        RequestRecord.reason.set(request.reason) if request.reason else RequestRecord.reason.remove(),
        RequestRecord.decided_by.set(record.decided_by) if record.decided_by else RequestRecord.decided_by.remove(),
    ]

    def parts(t: TransactWrite) -> None:
        t.update(record, actions=changes, condition=RequestRecord.status == PENDING)
        if request.guard:
            t.delete(GuardRecord(guard_key(tenant, request.family_id, request.guard), GUARD))
        PENDING_PILE.drop(t, tenant, request.request_id, request.created_at)
        if also:
            also(t)

    return not _written(parts, 2 + bool(request.guard))


def _written(parts: Parts, own: int) -> frozenset[int]:
    """Run the transaction whose first ``own`` parts are the request's: the request's failed conditions
    (empty: written); ``ChangedMeanwhile`` when only the effect's failed."""
    failed = transact(parts)
    if failed and not any(position < own for position in failed):
        raise ChangedMeanwhile()
    return frozenset(position for position in failed if position < own)


def changed_since(tenant: TenantSlug, since: datetime, after: str | None) -> tuple[list[Request], str | None]:
    """The town's feed: requests changed from ``since`` on, as they are now, a page at a time (``feeds``)."""
    records, next_cursor = FEED.page(tenant, since, after)
    opened = keys.opener(tenant, {r.family_id for r in records if r.sealed_details})
    return [_request(r, opened) for r in records], next_cursor


def claim_mail(tenant: TenantSlug, mail_id: str, account_id: str) -> bool:
    """Mark a decision's mail to an account as sent; False if it was already (a redelivered message)."""
    return marks.claim_mail(_mail_key(tenant, mail_id, account_id), int(clock.now().timestamp()))


def release_mail(tenant: TenantSlug, mail_id: str, account_id: str) -> None:
    """The mail could not go: let the redelivered message send it."""
    marks.release_mail(_mail_key(tenant, mail_id, account_id))


def _mail_key(tenant: TenantSlug, mail_id: str, account_id: str) -> str:
    return f"TENANT#{tenant}#REQUESTMAIL#{mail_id}#{account_id}"


def _record(tenant: TenantSlug, request: Request) -> RequestRecord:
    gsi2pk, gsi2sk = FEED.index_keys(tenant, request.changed_at, request.request_id)
    by = request.decided_by
    return RequestRecord(
        request_key(tenant, request.request_id),
        REQUEST,
        gsi1pk=family_partition(tenant, request.family_id),
        gsi1sk=f"{clock.rfc3339(request.created_at, 'microseconds')}#{request.request_id}",
        gsi2pk=gsi2pk,
        gsi2sk=gsi2sk,
        request_id=request.request_id,
        kind=request.kind,
        family_id=request.family_id,
        status=request.status,
        created_at=request.created_at,
        changed_at=request.changed_at,
        summary=request.summary,
        details=json.dumps(request.details),
        child_id=request.child_id,
        account_id=request.account_id,
        document_ids=json.dumps(list(request.document_ids)),
        decided_at=request.decided_at,
        reason=request.reason,
        decided_by=json.dumps({"kind": by.kind, "name": by.name}) if by else None,
        guard=request.guard,
    )


def _request(record: RequestRecord, opened: Callable[[str, bytes], Any]) -> Request:
    by: dict[str, Any] | None = json.loads(record.decided_by) if record.decided_by else None
    return Request(
        request_id=record.request_id,
        kind=cast(RequestKind, record.kind),
        family_id=record.family_id,
        status=cast(RequestStatus, record.status),
        created_at=record.created_at,
        changed_at=record.changed_at,
        summary=record.summary,
        details=_details(record, opened),
        child_id=record.child_id,
        account_id=record.account_id,
        document_ids=tuple(json.loads(record.document_ids)),
        decided_at=record.decided_at,
        reason=record.reason,
        decided_by=DecidedBy(by["kind"], by.get("name")) if by else None,
        guard=record.guard,
        sealed=record.sealed_details is not None,
    )


def _unopened(family_id: str, sealed: bytes) -> Any:
    return {}


def _details(record: RequestRecord, opened: Callable[[str, bytes], Any]) -> dict[str, Any]:
    """The request's details, opened when sealed; sealed details that do not open (altered, or moved to
    another family) are shown as none, and said without their content."""
    if not record.sealed_details:
        return cast(dict[str, Any], json.loads(record.details))
    try:
        return cast(dict[str, Any], opened(record.family_id, record.sealed_details))
    except envelope.SealBroken:
        logger.error("a request's sealed details do not open", extra={"request": record.request_id})
        return {}
