"""An import's lines and its report: one JSON object per line, a record of one of the areas that publish."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from portal.appointments.schemas import AgendaIn
from portal.billing.schemas import FamilyIn, InvoiceIn, PaymentIn
from portal.bookings.schemas import ActivityIn, ChildIn, EnrolmentIn
from portal.documents.schemas import DocumentTypeIn, FamilyDocumentIn
from portal.families.schemas import ChildFileIn, GuardianIn
from portal.platform.schemas import Output
from portal.threads.schemas import ServiceIn

Record = Annotated[
    FamilyIn
    | InvoiceIn
    | PaymentIn
    | ChildIn
    | ActivityIn
    | EnrolmentIn
    | GuardianIn
    | ChildFileIn
    | DocumentTypeIn
    | FamilyDocumentIn
    | ServiceIn
    | AgendaIn,
    Field(discriminator="type"),
]


class ImportReport(Output):
    accepted: int
    rejected: list[dict[str, object]]
