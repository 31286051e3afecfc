"""What a cancellation and a decision do to a request, decided from the request as read. Pure."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from portal.requests.model import CANCELLED, PENDING, DecidedBy, Decision, Request


class NotPending(Exception):
    """The request is no longer pending (or was decided the other way): 409 ``request_not_pending``."""


def cancel(request: Request, now: datetime) -> Request:
    """A parent cancels a pending request."""
    if request.status != PENDING:
        raise NotPending()
    return replace(request, status=CANCELLED, changed_at=now)


def decide(request: Request, decision: Decision, reason: str | None, by: DecidedBy, now: datetime) -> Request | None:
    """The town's decision: the request decided, or None when it already carries that decision (the same
    decision again changes nothing and mails nobody); any other state refuses it."""
    if request.status == decision:
        return None
    if request.status != PENDING:
        raise NotPending()
    return replace(
        request,
        status=decision,
        changed_at=now,
        decided_at=now,
        reason=reason if decision == "refused" else None,
        decided_by=by,
    )
