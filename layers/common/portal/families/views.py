"""Reading the family's file: for a follower of the family, its guardians and each child's file, the child
as published beside its file (the file's fields null when none was published); and certifying it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from portal.billing import ledger
from portal.bookings import access
from portal.bookings.model import Child
from portal.families import rules, store
from portal.families.model import ChildFile, Doctor, Guardian, Pickup
from portal.kernel import clock, ids
from portal.kernel.ids import TenantSlug
from portal.platform.errors import FamilyNotFound
from portal.tenancy.tenants import get_tenant

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
    return _file(principal.tenant, family_id, _followed(principal, family_id))


def town_file(tenant: TenantSlug, family_id: str) -> FileView:
    """A family's file as a follower sees it, for the town (an unknown family is 404 ``family_not_found``)."""
    family = ledger.families(tenant, [family_id]).get(family_id) if ids.is_published_id(family_id) else None
    if family is None:
        raise FamilyNotFound()
    return _file(tenant, family_id, family.label)


def _file(tenant: TenantSlug, family_id: str, label: str) -> FileView:
    stored = store.read(tenant, family_id)
    children = tuple(
        _child(kid, stored.children.get(kid.child_id)) for kid in access.family_children(tenant, family_id)
    )
    guardians = tuple(sorted(stored.guardians, key=lambda g: (not g.payer, g.last_name, g.first_name, g.guardian_id)))
    every = get_tenant(tenant).certify_every_months
    due = rules.certification_due(every, stored.certified_at, clock.today())
    return FileView(family_id, label, guardians, children, stored.certified_at, due, ())


def certify(principal: Principal, family_id: str) -> None:
    """A follower certifies the family's file is up to date (now)."""
    _followed(principal, family_id)
    store.certify(principal.tenant, family_id, clock.now())


def _followed(principal: Principal, family_id: str) -> str:
    """The label of a family the account follows; another one (or an unknown one) is 404."""
    family = (
        ledger.families(principal.tenant, [family_id]).get(family_id)
        if family_id in principal.account.subscriptions
        else None
    )
    if family is None:
        raise FamilyNotFound()
    return family.label


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
