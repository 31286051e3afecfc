"""Reading the family's file: for a follower of the family, its guardians and each child's file, the child
as published beside its file (the file's fields null when none was published)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from portal.billing import ledger
from portal.bookings import access
from portal.bookings.model import Child
from portal.families import store
from portal.families.model import ChildFile, Doctor, Guardian, Pickup
from portal.platform.errors import FamilyNotFound

if TYPE_CHECKING:
    from portal.accounts.sessions import Principal


@dataclass(frozen=True)
class Authorisations:
    photos: bool
    leave_alone: bool


@dataclass(frozen=True)
class ChildFileView:
    child_id: str
    first_name: str
    last_name: str
    birth_date: date
    school: str | None
    class_name: str | None
    diet: str | None = None
    allergies: tuple[str, ...] | None = None
    pai: bool | None = None
    doctor: Doctor | None = None
    medical_notes: str | None = None
    authorisations: Authorisations | None = None
    pickups: tuple[Pickup, ...] | None = None


@dataclass(frozen=True)
class FileView:
    family_id: str
    label: str
    guardians: tuple[Guardian, ...]
    children: tuple[ChildFileView, ...]
    certified_at: datetime | None
    certification_due: bool
    pending_request_ids: tuple[str, ...]


def family_file(principal: Principal, family_id: str) -> FileView:
    """A followed family's file; another family (or an unknown one) is 404 ``family_not_found``."""
    tenant = principal.tenant
    if family_id not in principal.account.subscriptions:
        raise FamilyNotFound()
    family = ledger.families(tenant, [family_id]).get(family_id)
    if family is None:
        raise FamilyNotFound()
    stored = store.read(tenant, family_id)
    children = tuple(
        _child(kid, stored.children.get(kid.child_id)) for kid in access.family_children(tenant, family_id)
    )
    guardians = tuple(sorted(stored.guardians, key=lambda g: (not g.payer, g.last_name, g.first_name, g.guardian_id)))
    return FileView(family_id, family.label, guardians, children, stored.certified_at, False, ())


def _child(kid: Child, file: ChildFile | None) -> ChildFileView:
    seen = ChildFileView(
        kid.child_id, kid.first_name, kid.last_name, date.fromisoformat(kid.birth_date), kid.school, kid.class_name
    )
    if file is None:
        return seen
    health = file.health
    return replace(
        seen,
        diet=health.diet,
        allergies=health.allergies,
        pai=health.pai,
        doctor=health.doctor,
        medical_notes=health.medical_notes,
        authorisations=Authorisations(file.photos, file.leave_alone),
        pickups=file.pickups,
    )
