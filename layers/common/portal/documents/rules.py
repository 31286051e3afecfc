"""What a family still has to send, and until when an accepted paper is valid. Pure: values in, values out.

A type is missing for a child when one of the child's enrolments still running (or, later, its pending
enrolment requests) is for an activity the type is required for, and no paper of that type for the child
(``child`` scope) or for the family (``family`` scope, once whatever the child) is ``received`` or
``accepted`` and valid on ``today``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from portal.documents.model import AWAITING_FILE, RECEIVED, Document, DocumentType
from portal.kernel import clock


@dataclass(frozen=True)
class Missing:
    document_type_id: str
    label: str
    child_id: str | None  # None: once for the family
    activity_ids: tuple[str, ...]


def missing(
    types: dict[str, DocumentType], activities_of: dict[str, set[str]], held: Iterable[Document], today: date
) -> list[Missing]:
    """What is missing, by type then child (the family's first); ``activities_of``: each child's activities
    (enrolled, or asked)."""
    valid = {(d.document_type_id, d.child_id) for d in held if holds(d, today)}
    found: dict[tuple[str, str | None], set[str]] = {}
    for child_id, activities in sorted(activities_of.items()):
        for type_id, kind in sorted(types.items()):
            needed = {a for a in activities if kind.required_by(a)}
            owner = child_id if kind.scope == "child" else None
            if needed and (type_id, owner) not in valid:
                found.setdefault((type_id, owner), set()).update(needed)
    return [
        Missing(type_id, types[type_id].label, owner, tuple(sorted(needed)))
        for (type_id, owner), needed in sorted(found.items(), key=lambda item: (item[0][0], item[0][1] or ""))
    ]


def holds(document: Document, today: date) -> bool:
    """A paper that counts: received (waiting for the town), or accepted and valid on ``today``."""
    if document.status == RECEIVED:
        return True
    return document.status == "accepted" and (document.valid_until is None or document.valid_until >= today)


def valid_until(kind: DocumentType, decided: date, given: date | None) -> date | None:
    """An accepted paper's end: the town's date, else the decision's day plus the type's validity (the same
    day of the month, or the month's last day), else none."""
    if given is not None:
        return given
    return clock.add_months(decided, kind.validity_months) if kind.validity_months else None


AWAITING = timedelta(hours=1)  # a paper whose file has not come by then is dropped
KEPT = timedelta(days=90)  # a refused, rejected or expired paper is deleted this long after


def due(paper: Document) -> datetime | None:
    """When the paper, as it is, is due for cleaning; None: never as it is (received, or accepted for good)."""
    if paper.status == AWAITING_FILE:
        return paper.uploaded_at + AWAITING
    if paper.status in ("refused", "rejected_file"):
        return paper.changed_at + KEPT
    if paper.status == "accepted" and paper.valid_until is not None:
        return datetime.combine(paper.valid_until + timedelta(days=1), time(0), clock.PARIS) + KEPT
    return None


def cleanable(paper: Document, now: datetime) -> bool:
    """Whether the paper is due for cleaning at ``now`` (a paper changed since its due item was written
    is due at its new moment, if any)."""
    moment = due(paper)
    return moment is not None and moment <= now
