"""Records of an import, one JSON object per line, from the municipality's billing software."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from portal.kernel.money import IMPORTED_PATTERN, cents_from_import
from portal.platform.schemas import Cents, Code, Day, Identifier, Input, Label, Output, Visible

# Decimal strings with a dot on the wire ("6.40"), integer cents once validated.
ImportedAmount = Annotated[
    int, Cents(cents_from_import, {"type": "string", "pattern": IMPORTED_PATTERN, "examples": ["6.40"]})
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
    description: Annotated[str, Visible(500, min_length=0)] = ""
    # An online payment of the portal (its transaction_id in the reconciliation feed): this record replaces it.
    transaction_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")] | None = None


Record = Annotated[FamilyIn | InvoiceIn | PaymentIn, Field(discriminator="type")]


class ImportReport(Output):
    accepted: int
    rejected: list[dict[str, object]]


class UsageQuery(Output):
    """The usage report's query string; unknown parameters are ignored."""

    model_config = ConfigDict(extra="ignore", defer_build=True)

    month: Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]


class OnlinePaymentsUsed(Output):
    count: int
    amount_cents: int


class Usage(Output):
    tenant: str
    month: str
    requests: dict[str, int]
    emails_sent: int
    pdf_links: int
    online_payments: OnlinePaymentsUsed
    active_accounts: int
