"""Bodies of the town's desk: an agent's inbox, a family's file as the town reads it."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import field_serializer

from portal.documents.schemas import DocumentOut
from portal.families.schemas import FamilyFileOut
from portal.platform import checks as platform_checks
from portal.platform.schemas import Output


class InboxItemOut(Output):
    kind: Literal["request", "document", "thread", "appointment"]
    id: str
    summary: str
    since: datetime

    _rfc3339 = field_serializer("since")(platform_checks.moment_or_null)


class InboxOut(Output):
    requests: int
    documents: int
    threads: int
    appointments_today: int
    items: list[InboxItemOut]


class TownFileOut(FamilyFileOut):
    documents: list[DocumentOut]
