"""The family's file as values: guardians, and each child's file (health fields apart, sealed at rest)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

type Diet = Literal["standard", "sans_porc", "sans_viande", "vegetarien", "pai"]


@dataclass(frozen=True)
class Address:
    line1: str
    line2: str | None
    postcode: str
    city: str


@dataclass(frozen=True)
class Guardian:
    guardian_id: str
    family_id: str
    civility: str
    last_name: str
    first_name: str
    relationship: str
    email: str | None = None
    mobile_phone: str | None = None  # +33…
    home_phone: str | None = None
    work_phone: str | None = None
    address: Address | None = None
    payer: bool = False


@dataclass(frozen=True)
class Doctor:
    name: str
    phone: str | None = None


@dataclass(frozen=True)
class Pickup:
    name: str
    phone: str
    relationship: str


@dataclass(frozen=True)
class Health:
    """Health data (the contract's): sealed with the family's data key at rest, never logged nor mailed."""

    diet: Diet = "standard"
    allergies: tuple[str, ...] = ()
    pai: bool = False
    doctor: Doctor | None = None
    medical_notes: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class ChildFile:
    child_id: str
    family_id: str
    health: Health = field(repr=False)
    photos: bool = False
    leave_alone: bool = False
    pickups: tuple[Pickup, ...] = ()


@dataclass(frozen=True)
class FamilyFile:
    family_id: str
    guardians: tuple[Guardian, ...]
    children: dict[str, ChildFile]  # by child id
    certified_at: datetime | None = None
