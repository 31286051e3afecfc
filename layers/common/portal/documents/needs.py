"""What papers activities need, and what a family still has to send for some of its children's activities:
the questions of those who ask to enrol a child and of bookings of an activity that requires its papers."""

from __future__ import annotations

from datetime import date

from portal.documents import rules, store
from portal.documents.model import DocumentType
from portal.kernel.ids import TenantSlug


def types(tenant: TenantSlug) -> dict[str, DocumentType]:
    """The tenant's document types (one Query)."""
    return store.types(tenant)


def required(kinds: dict[str, DocumentType], activity_id: str) -> list[str]:
    """The ids of the types required for the activity, in order."""
    return sorted(type_id for type_id, kind in kinds.items() if kind.required_by(activity_id))


def missing(tenant: TenantSlug, family_id: str, activities_of: dict[str, set[str]], today: date) -> list[rules.Missing]:
    """What the family still has to send for these activities of its children (by child) on ``today``: the
    types (one Query), then the family's papers (one Query) when a type is required at all."""
    kinds = store.types(tenant)
    if not any(required(kinds, a) for activities in activities_of.values() for a in activities):
        return []
    uploaded, _ = store.family_papers(tenant, family_id)
    return rules.missing(kinds, activities_of, uploaded, today)
