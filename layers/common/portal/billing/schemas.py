"""Bodies of the citizen billing space: subscriptions, invoice list, detail, PDF link."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from portal.billing import checks
from portal.kernel.money import IMPORTED_PATTERN, MAX_EUROS, TYPED_PATTERN
from portal.platform import checks as platform_checks
from portal.platform.schemas import Cents, Code, Day, Identifier, Input, Label, Output, Query, Visible, without_nulls

# What a person types: "6,40", "6.40", "6.4", "6", 6.4 or 6 (all 640 cents).
TypedAmount = Annotated[
    int,
    Cents(
        platform_checks.typed_cents,
        {
            "oneOf": [
                {"type": "string", "pattern": TYPED_PATTERN, "examples": ["6,40"]},
                {"type": "number", "minimum": 0, "maximum": MAX_EUROS, "multipleOf": 0.01},
            ]
        },
    ),
]


class InvoiceData(Input):
    emission_code: Code
    reference: Code
    amount: TypedAmount
    personal_code: Code


def _one_of_two(schema: dict[str, Any]) -> None:
    """Document the rule: exactly one of the two, and neither may be null ({"invoice": null} is neither)."""
    without_nulls(schema)
    schema["oneOf"] = [{"required": ["subscriber_code"]}, {"required": ["invoice"]}]


class Subscribe(Input):
    """Either a subscriber code or an invoice's four values, never both."""

    model_config = ConfigDict(extra="forbid", defer_build=True, json_schema_extra=_one_of_two)

    subscriber_code: Code | None = None
    invoice: InvoiceData | None = None

    _exactly_one = model_validator(mode="after")(checks.exactly_one)


class SubscriptionOut(Output):
    family_id: str
    label: str
    subscribed_at: str


class SubscriptionList(Output):
    items: list[SubscriptionOut]


class InvoiceQuery(Query):
    """The query string of the invoice list; unknown parameters are ignored."""

    nature: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    year: Annotated[int, Field(ge=1900, le=2999)] | None = None
    status: Literal["to_pay", "paid"] | None = None
    family_id: Identifier | None = None
    limit: Annotated[int, Field(ge=1, le=100)] = 20
    cursor: Annotated[str, StringConstraints(min_length=1, max_length=2048)] | None = None


class Payment(Output):
    number: str
    type: str
    date: str
    amount_cents: int
    description: str


class Invoice(Output):
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


class InvoiceLineOut(Output):
    label: str
    quantity: int | float
    unit_price_cents: int
    amount_cents: int


class InvoiceDetail(Invoice):
    family_label: str
    lines: list[InvoiceLineOut]


class Facets(Output):
    natures: list[str]
    years: list[int]


class ToPay(Output):
    count: int
    balance_cents: int


class InvoicePage(Output):
    items: list[Invoice]
    next_cursor: str | None
    total: int
    facets: Facets
    to_pay: ToPay


class PdfLink(Output):
    url: str
    expires_in: int


# --- records published by the billing software (imports) ----------------------------------

# Decimal strings with a dot on the wire ("6.40"), integer cents once validated.
ImportedAmount = Annotated[
    int, Cents(platform_checks.imported_cents, {"type": "string", "pattern": IMPORTED_PATTERN, "examples": ["6.40"]})
]


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
    lines: Annotated[list[InvoiceLineIn], Field(max_length=200, default_factory=list)]

    _lines_add_up = model_validator(mode="after")(checks.lines_add_up)


class PaymentIn(Input):
    type: Literal["payment"]
    invoice_id: Identifier
    number: Code
    payment_type: Label
    date: Day
    amount: ImportedAmount
    description: Annotated[str, Visible(500, min_length=0)] = ""
    # An online payment of the portal (its transaction_id in the reconciliation feed): this record replaces it.
    transaction_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")] | None = None
