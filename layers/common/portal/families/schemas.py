"""Bodies of the family's file: the records the town publishes (``guardian``, ``child_file``), the file
a follower reads and the changes a parent asks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, StrictBool, WithJsonSchema, field_serializer

from portal.accounts.schemas import Email
from portal.families import checks
from portal.platform import checks as platform_checks
from portal.platform.schemas import Identifier, Input, Label, Output, Typed, Visible

Phone = Annotated[
    str,
    BeforeValidator(checks.french_phone),
    WithJsonSchema({"type": "string", "pattern": checks.PHONE_PATTERN, "examples": ["06 12 34 56 78", "+33612345678"]}),
]
Postcode = Annotated[
    str, BeforeValidator(checks.postcode), WithJsonSchema({"type": "string", "pattern": checks.POSTCODE_PATTERN})
]
Diet = Literal["standard", "sans_porc", "sans_viande", "vegetarien", "pai"]
Relationship = Annotated[str, Visible(50)]
Allergy = Annotated[str, Visible(100)]
Notes = Annotated[str, Visible(2_000)]
Allergies = Annotated[list[Allergy], Field(max_length=20), AfterValidator(checks.distinct_allergies)]


# --- records published by the municipality's software --------------------------------------------------------


class AddressIn(Input):
    line1: Label
    line2: Label | None = None
    postcode: Postcode
    city: Label


class GuardianIn(Input):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    type: Literal["guardian"]
    guardian_id: Identifier
    family_id: Identifier
    civility: Literal["M", "MME"]
    last_name: Label
    first_name: Label
    relationship: Relationship
    email: Email | None = None
    mobile_phone: Phone | None = None
    home_phone: Phone | None = None
    work_phone: Phone | None = None
    address: AddressIn | None = None
    payer: StrictBool = False


class DoctorIn(Input):
    name: Label
    phone: Phone | None = None


class AuthorisationsIn(Input):
    photos: StrictBool = False
    leave_alone: StrictBool = False


class PickupIn(Input):
    name: Label
    phone: Phone
    relationship: Relationship


class ChildFileIn(Input):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    type: Literal["child_file"]
    child_id: Identifier
    diet: Diet = "standard"
    allergies: Allergies = Field(default_factory=list)
    pai: StrictBool = False
    doctor: DoctorIn | None = None
    medical_notes: Notes | None = None
    authorisations: AuthorisationsIn = Field(default_factory=AuthorisationsIn)
    pickups: Annotated[list[PickupIn], Field(max_length=10)] = Field(default_factory=list)


# --- the changes a parent asks (one class a field: its value's rule is the published record's) -------------


class AuthorisationsValue(Input):
    photos: StrictBool
    leave_alone: StrictBool


class EmailChange(Input):
    target: Literal["guardian"]
    id: Identifier
    field: Literal["email"]
    value: Annotated[Email, Field(json_schema_extra={"format": "email"})] | None


class PhoneChange(Input):
    target: Literal["guardian"]
    id: Identifier
    field: Literal["mobile_phone", "home_phone", "work_phone"]
    value: Phone | None


class AddressChange(Input):
    target: Literal["guardian"]
    id: Identifier
    field: Literal["address"]
    value: AddressIn | None


class RelationshipChange(Input):
    target: Literal["guardian"]
    id: Identifier
    field: Literal["relationship"]
    value: Relationship


class DietChange(Input):
    target: Literal["child"]
    id: Identifier
    field: Literal["diet"]
    value: Diet


class AllergiesChange(Input):
    target: Literal["child"]
    id: Identifier
    field: Literal["allergies"]
    value: Allergies


class DoctorChange(Input):
    target: Literal["child"]
    id: Identifier
    field: Literal["doctor"]
    value: DoctorIn | None


class MedicalNotesChange(Input):
    target: Literal["child"]
    id: Identifier
    field: Literal["medical_notes"]
    value: Notes | None


class AuthorisationsChange(Input):
    target: Literal["child"]
    id: Identifier
    field: Literal["authorisations"]
    value: AuthorisationsValue


class PickupsChange(Input):
    target: Literal["child"]
    id: Identifier
    field: Literal["pickups"]
    value: Annotated[list[PickupIn], Field(max_length=10)]


Change = Annotated[
    EmailChange
    | PhoneChange
    | AddressChange
    | RelationshipChange
    | DietChange
    | AllergiesChange
    | DoctorChange
    | MedicalNotesChange
    | AuthorisationsChange
    | PickupsChange,
    Field(discriminator="field"),
    BeforeValidator(checks.editable_field),
]


class FileChanges(Input):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    changes: Annotated[list[Change], Field(min_length=1, max_length=30), AfterValidator(checks.each_field_once)]
    comment: Annotated[str, Typed(500)] | None = None


# --- the file a follower reads ---------------------------------------------------------------------------------


class AddressOut(Output):
    line1: str
    line2: str | None
    postcode: str
    city: str


class GuardianOut(Output):
    guardian_id: str
    civility: str
    last_name: str
    first_name: str
    relationship: str
    email: str | None
    mobile_phone: str | None
    home_phone: str | None
    work_phone: str | None
    address: AddressOut | None
    payer: bool


class DoctorOut(Output):
    name: str
    phone: str | None


class AuthorisationsOut(Output):
    photos: bool
    leave_alone: bool


class PickupOut(Output):
    name: str
    phone: str
    relationship: str


class ChildFileOut(Output):
    """The ``child`` record's fields and its ``child_file``'s side by side (null when none was published)."""

    model_config = ConfigDict(defer_build=True, serialize_by_alias=True)

    child_id: str
    first_name: str
    last_name: str
    birth_date: date
    school: str | None
    class_name: str | None = Field(serialization_alias="class")
    diet: Diet | None
    allergies: list[str] | None
    pai: bool | None
    doctor: DoctorOut | None
    medical_notes: str | None
    authorisations: AuthorisationsOut | None
    pickups: list[PickupOut] | None


class FamilyFileOut(Output):
    family_id: str
    label: str
    guardians: list[GuardianOut]
    children: list[ChildFileOut]
    certified_at: datetime | None
    certification_due: bool
    pending_request_ids: list[str]

    _rfc3339 = field_serializer("certified_at")(platform_checks.moment_or_null)
