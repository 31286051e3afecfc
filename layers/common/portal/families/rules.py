"""What a parent may change in the family's file and what a change does to it, and when the file is due
for certification. Pure: values in, values out.

A change names a field of a guardian or of a child's file and its new value as the API writes it (JSON:
phones already as ``+33…``, an address or a doctor as an object, the pickups as a list). Each field belongs
to a group (``contact``, ``health``, ``authorisations``, ``pickups``): the tenant says per group whether a
change applies at once or waits for the town. ``relationship`` is a guardian's contact detail (the contract
lists it among the fields a parent changes without naming its group).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from typing import Any, Final, Literal

from portal.families.model import Address, ChildFile, Doctor, FamilyFile, Guardian, Health, Pickup
from portal.kernel import clock
from portal.tenancy.model import FieldGroup

type Target = Literal["guardian", "child"]

GUARDIAN_FIELDS: Final[dict[str, FieldGroup]] = {
    "email": "contact",
    "mobile_phone": "contact",
    "home_phone": "contact",
    "work_phone": "contact",
    "address": "contact",
    "relationship": "contact",
}
CHILD_FIELDS: Final[dict[str, FieldGroup]] = {
    "diet": "health",
    "allergies": "health",
    "doctor": "health",
    "medical_notes": "health",
    "authorisations": "authorisations",
    "pickups": "pickups",
}
GROUPS: Final[dict[str, FieldGroup]] = GUARDIAN_FIELDS | CHILD_FIELDS
LABELS: Final = {
    "email": "Adresse e-mail",
    "mobile_phone": "Téléphone portable",
    "home_phone": "Téléphone du domicile",
    "work_phone": "Téléphone professionnel",
    "address": "Adresse",
    "relationship": "Lien de parenté",
    "diet": "Régime alimentaire",
    "allergies": "Allergies",
    "doctor": "Médecin traitant",
    "medical_notes": "Informations médicales",
    "authorisations": "Autorisations",
    "pickups": "Personnes autorisées à récupérer l'enfant",
}


@dataclass(frozen=True)
class Change:
    """A change as asked: the target, its id, the field and its new value (JSON, as stored)."""

    target: Target
    id: str
    field: str
    value: Any


@dataclass(frozen=True)
class Edit:
    """A change with the value the parent saw: ``{"target", "id", "field", "old", "new"}`` in a request."""

    target: Target
    id: str
    field: str
    old: Any
    new: Any


def group(field: str) -> FieldGroup:
    return GROUPS[field]


def is_health(field: str) -> bool:
    return GROUPS[field] == "health"


def edits(file: FamilyFile, changes: list[Change]) -> list[Edit]:
    """Each change with the file's value before it (null for a child whose file was never published)."""
    guardians = {g.guardian_id: g for g in file.guardians}
    found: list[Edit] = []
    for change in changes:
        if change.target == "guardian":
            old = _guardian_value(guardians[change.id], change.field)
        else:
            child = file.children.get(change.id)
            old = _child_value(child, change.field) if child else None
        found.append(Edit(change.target, change.id, change.field, old, change.value))
    return found


def applied(file: FamilyFile, edits: list[Edit]) -> tuple[list[Guardian], list[ChildFile]]:
    """The guardians and children's files the edits change, as they become (a child with no file yet gets
    one, the town's defaults for the rest); the file's other records are left as they are."""
    guardians = {g.guardian_id: g for g in file.guardians}
    children = dict(file.children)
    touched_guardians: list[str] = []
    touched_children: list[str] = []
    for edit in edits:
        if edit.target == "guardian":
            guardians[edit.id] = _set_guardian(guardians[edit.id], edit.field, edit.new)
            touched_guardians += [edit.id] if edit.id not in touched_guardians else []
        else:
            child = children.get(edit.id) or ChildFile(edit.id, file.family_id, Health())
            children[edit.id] = _set_child(child, edit.field, edit.new)
            touched_children += [edit.id] if edit.id not in touched_children else []
    return [guardians[g] for g in touched_guardians], [children[c] for c in touched_children]


def certification_due(every_months: int | None, certified_at: datetime | None, today: date) -> bool:
    """Whether a follower should certify the file: the tenant asks every ``every_months`` months (None:
    never) and it was never certified, or last certified that long ago (counted in Paris days)."""
    if every_months is None:
        return False
    if certified_at is None:
        return True
    return today >= clock.add_months(certified_at.astimezone(clock.PARIS).date(), every_months)


def _guardian_value(guardian: Guardian, field: str) -> Any:
    value = getattr(guardian, field)
    return asdict(value) if isinstance(value, Address) else value


def _child_value(child: ChildFile, field: str) -> Any:
    health = child.health
    match field:
        case "authorisations":
            return {"photos": child.photos, "leave_alone": child.leave_alone}
        case "pickups":
            return [asdict(p) for p in child.pickups]
        case "allergies":
            return list(health.allergies)
        case "doctor":
            return asdict(health.doctor) if health.doctor else None
        case _:
            return getattr(health, field)


def _set_guardian(guardian: Guardian, field: str, value: Any) -> Guardian:
    if field == "address":
        return replace(guardian, address=Address(**value) if value else None)
    return replace(guardian, **{field: value})


def _set_child(child: ChildFile, field: str, value: Any) -> ChildFile:
    health = child.health
    match field:
        case "authorisations":
            return replace(child, photos=value["photos"], leave_alone=value["leave_alone"])
        case "pickups":
            return replace(child, pickups=tuple(Pickup(**p) for p in value))
        case "allergies":
            return replace(child, health=replace(health, allergies=tuple(value)))
        case "doctor":
            return replace(child, health=replace(health, doctor=Doctor(**value) if value else None))
        case _:
            return replace(child, health=replace(health, **{field: value}))
