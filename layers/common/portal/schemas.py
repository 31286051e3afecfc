"""Request and response bodies (pydantic v2). Inputs forbid unknown fields."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


def _printable(value: str) -> str:
    if any(unicodedata.category(c).startswith("C") for c in value):
        raise PydanticCustomError("invalid_characters", "Control characters are not allowed")
    return value


def normalize_email(value: object) -> object:
    """Emails compare case-insensitively after trimming surrounding spaces."""
    return value.strip().lower() if isinstance(value, str) else value


def _valid_email(value: str) -> str:
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        raise PydanticCustomError("invalid_email", "This is not a valid email address") from None
    return value


Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), AfterValidator(_printable)
]
# For lookups (login, resend): any string, normalised; a malformed one simply matches nothing.
EmailKey = Annotated[str, BeforeValidator(normalize_email), StringConstraints(min_length=1, max_length=254)]
Email = Annotated[EmailKey, AfterValidator(_valid_email)]
# Passwords are taken exactly as typed: no trimming, no truncation. The
# policy (length, classes, common passwords) is checked in the domain.
Password = Annotated[str, StringConstraints(min_length=1, max_length=1024)]
Token = Annotated[str, StringConstraints(min_length=1, max_length=512)]


class CreateAccount(Input):
    civility: Literal["M", "MME"]
    last_name: Name
    first_name: Name
    email: Email
    password: Password
    password_confirmation: Password
    subscriber_code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] | None = None
    terms_accepted: StrictBool | None = None
    captcha_token: Annotated[str, StringConstraints(max_length=4096)] | None = None


class Activation(Input):
    token: Token


class ResendActivation(Input):
    email: EmailKey


class Credentials(Input):
    email: EmailKey
    password: Password


class Status(BaseModel):
    status: Literal["pending_activation", "active"]


class AccessToken(BaseModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - a scheme name, not a secret
    expires_in: int = Field(ge=1, le=3600)


class Profile(BaseModel):
    civility: Literal["M", "MME"]
    last_name: str
    first_name: str
    email: str
    created_at: str


# --- Publishing records (one JSON object per line of an import) -------------

Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
Label = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(_printable)
]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64), AfterValidator(_printable)]


def _imported_cents(value: object) -> int:
    from .domain.money import InvalidAmount, cents_from_import

    try:
        return cents_from_import(value)  # type: ignore[arg-type]
    except InvalidAmount as exc:
        raise PydanticCustomError("invalid_amount", str(exc)) from None


# Decimal strings with a dot on the wire ("6.40"), integer cents once validated.
ImportedAmount = Annotated[
    int,
    BeforeValidator(_imported_cents),
    WithJsonSchema({"type": "string", "pattern": r"^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$", "examples": ["6.40"]}),
]


def _iso_day(value: object) -> date:
    if not isinstance(value, str) or len(value) != 10:
        raise PydanticCustomError("invalid_date", "A date as YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("invalid_date", "Not a real calendar date") from None


Day = Annotated[date, BeforeValidator(_iso_day), WithJsonSchema({"type": "string", "format": "date"})]


class FamilyIn(Input):
    type: Literal["family"]
    family_id: Identifier
    label: Label
    subscriber_code: Code | None = None


class InvoiceLineIn(Input):
    label: Label
    quantity: Annotated[Decimal, Field(ge=0, le=100000, decimal_places=3)]
    unit_price: ImportedAmount
    amount: ImportedAmount


class InvoiceIn(Input):
    type: Literal["invoice"]
    invoice_id: Identifier
    family_id: Identifier
    number: Code
    reference: Code
    emission_code: Code
    personal_code: Code
    date: Day
    due_date: Day
    issuer: Label
    nature: Label
    amount: ImportedAmount
    lines: Annotated[list[InvoiceLineIn], Field(max_length=200)] = []

    @model_validator(mode="after")
    def _lines_add_up(self) -> InvoiceIn:
        if self.lines and sum(line.amount for line in self.lines) != self.amount:
            raise PydanticCustomError("inconsistent_amount", "The lines do not add up to the invoice amount")
        return self


class PaymentIn(Input):
    type: Literal["payment"]
    invoice_id: Identifier
    number: Code
    payment_type: Label
    date: Day
    amount: ImportedAmount
    description: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=500), AfterValidator(_printable)
    ] = ""


Record = Annotated[FamilyIn | InvoiceIn | PaymentIn, Field(discriminator="type")]


class ImportReport(BaseModel):
    accepted: int
    rejected: list[dict[str, object]]


# --- Citizen billing space ------------------------------------------------------


def _typed_cents(value: object) -> int:
    from .domain.money import InvalidAmount, cents_from_typed

    try:
        return cents_from_typed(value)
    except InvalidAmount as exc:
        raise PydanticCustomError("invalid_amount", str(exc)) from None


# What a person types: "6,40", "6.40", "6.4", "6", 6.4 or 6 (all 640 cents).
TypedAmount = Annotated[
    int,
    BeforeValidator(_typed_cents),
    WithJsonSchema({"oneOf": [{"type": "string", "examples": ["6,40"]}, {"type": "number", "minimum": 0}]}),
]


class InvoiceData(Input):
    emission_code: Code
    reference: Code
    amount: TypedAmount
    personal_code: Code


class Subscribe(Input):
    subscriber_code: Code | None = None
    invoice: InvoiceData | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Subscribe:
        if (self.subscriber_code is None) == (self.invoice is None):
            raise PydanticCustomError("one_of_required", "Give either subscriber_code or invoice, not both")
        return self


class SubscriptionOut(BaseModel):
    family_id: str
    label: str
    subscribed_at: str


class SubscriptionList(BaseModel):
    items: list[SubscriptionOut]


class InvoiceQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    nature: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    year: Annotated[int, Field(ge=1900, le=2999)] | None = None
    status: Literal["to_pay", "paid"] | None = None
    family_id: Identifier | None = None
    limit: Annotated[int, Field(ge=1, le=100)] = 20
    cursor: Annotated[str, StringConstraints(min_length=1, max_length=2048)] | None = None


class Payment(BaseModel):
    number: str
    type: str
    date: str
    amount_cents: int
    description: str


class Invoice(BaseModel):
    invoice_id: str
    family_id: str
    number: str
    date: str
    due_date: str
    issuer: str
    nature: str
    amount_cents: int
    paid_cents: int
    balance_cents: int
    status: Literal["to_pay", "paid"]
    has_pdf: bool
    payments: list[Payment]


class InvoiceLineOut(BaseModel):
    label: str
    quantity: int | float
    unit_price_cents: int
    amount_cents: int


class InvoiceDetail(Invoice):
    family_label: str
    lines: list[InvoiceLineOut]


class Facets(BaseModel):
    natures: list[str]
    years: list[int]


class ToPay(BaseModel):
    count: int
    balance_cents: int


class InvoicePage(BaseModel):
    items: list[Invoice]
    next_cursor: str | None
    total: int
    facets: Facets
    to_pay: ToPay


class PdfLink(BaseModel):
    url: str
    expires_in: int
