"""Rules of the billing bodies across their fields, free of pydantic (see ``portal.platform.checks``).

The bodies they check are typed where they are used; these take the body as pydantic-core hands it over."""

from __future__ import annotations

from typing import Any

from portal.platform.engine import PydanticCustomError


def exactly_one(body: Any) -> Any:
    """A rule of Subscribe across its fields (pydantic-core calls it with the validated body)."""
    if (body.subscriber_code is None) == (body.invoice is None):
        raise PydanticCustomError("one_of_required", "Give either subscriber_code or invoice, not both")
    return body


def lines_add_up(record: Any) -> Any:
    """A rule of InvoiceIn across its fields (pydantic-core calls it with the validated body)."""
    if record.lines and sum(line.amount for line in record.lines) != record.amount:
        raise PydanticCustomError("inconsistent_amount", "The lines do not add up to the invoice amount")
    return record
