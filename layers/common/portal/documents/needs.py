"""What papers activities need, and what a family still has to send for some of its children's activities:
the questions of those who ask to enrol a child and of bookings of an activity that requires its papers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from portal.documents import rules, store
from portal.documents.model import Document, DocumentType
from portal.kernel.ids import TenantSlug


def types(tenant: TenantSlug) -> dict[str, DocumentType]:
    """The tenant's document types (one Query)."""
    return store.types(tenant)


def required(kinds: dict[str, DocumentType], activity_id: str) -> list[str]:
    """The ids of the types required for the activity, in order."""
    return sorted(type_id for type_id, kind in kinds.items() if kind.required_by(activity_id))


def missing(
    tenant: TenantSlug,
    family_id: str,
    activities_of: dict[str, set[str]],
    today: date,
    uploaded: Sequence[Document] | None = None,
) -> list[rules.Missing]:
    """What the family still has to send for these activities of its children (by child) on ``today``: no
    read without an activity; the types (one Query), then the family's papers (one Query, unless the caller
    read them: ``uploaded``) when a type is required at all."""
    if not any(activities_of.values()):
        return []
    kinds = store.types(tenant)
    if not any(required(kinds, a) for activities in activities_of.values() for a in activities):
        return []
    held = uploaded if uploaded is not None else store.family_papers(tenant, family_id)[0]
    return rules.missing(kinds, activities_of, held, today)
