"""A parent's changes to the family's file, as the requests area records and applies them: checked against
the file (each change names one of the family's guardians or children), given the value the parent saw,
then written on the file being as it was read (``store.changed``)."""

from __future__ import annotations

from dataclasses import dataclass

from portal.bookings import access
from portal.families import rules, store
from portal.kernel.ids import TenantSlug
from portal.platform.table import Parts


class UnknownTarget(Exception):
    """The change at ``position`` names no guardian or child of the family: 422 ``unknown_target``."""

    def __init__(self, position: int) -> None:
        super().__init__(position)
        self.position = position


@dataclass(frozen=True)
class Draft:
    """Changes checked against the file as read: each with its old value, and whom it concerns."""

    found: store.Held
    edits: tuple[rules.Edit, ...]
    names: dict[str, str]  # "{target}#{id}": the person's first and last name

    @property
    def health(self) -> bool:
        """Whether the changes touch health data (their request keeps its details sealed)."""
        return any(rules.is_health(edit.field) for edit in self.edits)


def draft(tenant: TenantSlug, family_id: str, changes: list[rules.Change]) -> Draft:
    """The changes against the family's file as it is (one Query, a KMS call when a child's file is read
    or a first one is sealed)."""
    found = store.held(tenant, family_id)
    names = {f"guardian#{g.guardian_id}": f"{g.first_name} {g.last_name}" for g in found.file.guardians}
    children = access.family_children(tenant, family_id) if any(c.target == "child" for c in changes) else []
    names |= {f"child#{kid.child_id}": f"{kid.first_name} {kid.last_name}" for kid in children}
    for position, change in enumerate(changes):
        if f"{change.target}#{change.id}" not in names:
            raise UnknownTarget(position)
    edits = rules.edits(found.file, changes)
    if any(edit.target == "child" or rules.is_health(edit.field) for edit in edits):
        found = store.with_key(tenant, found)  # to seal a child's file, and the request's health values
    return Draft(found, tuple(edits), names)


def writes(tenant: TenantSlug, found: store.Held, edits: list[rules.Edit]) -> Parts:
    """The file's writes for the changes (on the file being as ``found`` read it)."""
    guardians, files = rules.applied(found.file, edits)
    return store.changed(tenant, found, guardians, files)


def again(tenant: TenantSlug, family_id: str, edits: list[rules.Edit]) -> Parts:
    """The writes of changes decided later, on the file as it is now: each field takes its ``new`` value,
    whatever the file holds meanwhile (the town decided on what the parent asked)."""
    found = store.held(tenant, family_id)
    known = {g.guardian_id for g in found.file.guardians}
    kept = [edit for edit in edits if edit.target == "child" or edit.id in known]
    if any(edit.target == "child" for edit in kept):
        found = store.with_key(tenant, found)
    return writes(tenant, found, kept)
