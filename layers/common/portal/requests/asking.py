"""What a parent does with requests: lists and reads those of the families the account follows (the other
parent's included), cancels one while it is pending, asks for a certificate. A request of a family the
account does not follow answers 404 ``request_not_found`` exactly like an unknown one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from portal.kernel import clock, ids
from portal.platform import cursor
from portal.platform.errors import ChildNotFound, FamilyNotFound, FieldRejected, RequestNotFound, RequestNotPending
from portal.platform.errors import RequestPending as AlreadyPending
from portal.requests import rules, store
from portal.requests.model import PENDING, Certificate, Request

if TYPE_CHECKING:
    from portal.accounts.sessions import Principal

FIRST_YEAR = 2000
CERTIFICATES: dict[Certificate, str] = {
    "tax": "Attestation fiscale (frais de garde)",
    "attendance": "Attestation de présence",
    "payments": "Attestation de paiement",
}


@dataclass(frozen=True)
class Filters:
    status: str | None = None
    kind: str | None = None
    family_id: str | None = None
    limit: int = 20
    cursor: str | None = None


@dataclass(frozen=True)
class RequestPage:
    items: tuple[Request, ...]
    next_cursor: str | None


def listed(principal: Principal, filters: Filters) -> RequestPage:
    """The followed families' requests, newest first, filtered and paged."""
    followed = principal.account.subscriptions
    if filters.family_id is not None and filters.family_id not in followed:
        raise FamilyNotFound()
    families = [filters.family_id] if filters.family_id else sorted(followed)
    found = [
        r
        for r in store.of_families(principal.tenant, families)
        if (filters.status is None or r.status == filters.status) and (filters.kind is None or r.kind == filters.kind)
    ]
    scope = f"{principal.tenant}#{principal.account_id}#requests#{filters.status}#{filters.kind}#{filters.family_id}"
    if filters.cursor:
        after = cursor.read(filters.cursor, scope, size=1)[0]
        found = [r for r in found if _order(r) < after]
    page = found[: filters.limit]
    more = len(found) > filters.limit
    return RequestPage(tuple(page), cursor.make((_order(page[-1]),), scope) if more and page else None)


def made_by(principal: Principal) -> tuple[Request, ...]:
    """The requests the account made, of the families it follows, newest first (its data export)."""
    found = store.of_families(principal.tenant, sorted(principal.account.subscriptions))
    return tuple(r for r in found if r.account_id == principal.account_id)


def one(principal: Principal, request_id: str) -> Request:
    found = store.get(principal.tenant, request_id) if ids.is_published_id(request_id) else None
    if found is None or found.family_id not in principal.account.subscriptions:
        raise RequestNotFound()
    return found


def cancel(principal: Principal, request_id: str) -> Request:
    """A follower cancels a pending request (the other parent's too)."""
    found = one(principal, request_id)
    try:
        cancelled = rules.cancel(found, clock.now())
    except rules.NotPending:
        raise RequestNotPending() from None
    if not store.leave_pending(principal.tenant, cancelled):
        raise RequestNotPending()  # decided or cancelled by a rival meanwhile
    return cancelled


def ask_certificate(
    principal: Principal, family_id: str, certificate: Certificate, year: int, child_id: str | None, comment: str | None
) -> Request:
    """A ``certificate`` request; the same certificate and year still pending for the family: 409."""
    if family_id not in principal.account.subscriptions:
        raise FamilyNotFound()
    if not FIRST_YEAR <= year <= clock.today().year:
        raise FieldRejected("year", "invalid_year", f"A year from {FIRST_YEAR} to this year")
    child_name = None
    if child_id is not None:
        from portal.bookings import access  # the children's area, for a certificate naming a child only

        kid = access.children(principal.tenant, [child_id]).get(child_id)
        if kid is None or kid.family_id != family_id:
            raise ChildNotFound()
        child_name = f"{kid.first_name} {kid.last_name}"
    now = clock.now()
    summary = f"{CERTIFICATES[certificate]} {year}" + (f" – {child_name}" if child_name else "")
    request = Request(
        request_id=ids.random_id(),
        kind="certificate",
        family_id=family_id,
        status=PENDING,
        created_at=now,
        changed_at=now,
        summary=summary,
        details={"certificate": certificate, "year": year, "comment": comment},
        child_id=child_id,
        account_id=principal.account_id,
        guard=f"certificate#{certificate}#{year}",
    )
    if not store.create(principal.tenant, request):
        raise AlreadyPending()
    return request


def _order(request: Request) -> str:
    return f"{clock.rfc3339(request.created_at, 'microseconds')}#{request.request_id}"
