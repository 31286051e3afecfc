"""Checks of the family file's bodies, free of pydantic (see ``portal.platform.checks``)."""

from __future__ import annotations

import re
from typing import Any

from portal.platform.engine import PydanticCustomError

# A French number as people write it: 0 or +33, then 9 digits, a space, dot or dash allowed between them.
PHONE_PATTERN = r"^(?:0|\+33[ .\-]?)[1-9](?:[ .\-]?[0-9]){8}$"
_PHONE = re.compile(PHONE_PATTERN)
_SEPARATORS = re.compile(r"[ .\-]")
POSTCODE_PATTERN = r"^[0-9]{5}$"
_POSTCODE = re.compile(POSTCODE_PATTERN)


def french_phone(value: object) -> str:
    """A French number as people write it (``06 12 34 56 78``, ``06.12.34.56.78``, ``+33 6 12 34 56 78``),
    stored as ``+33`` and its 9 digits."""
    if not isinstance(value, str) or not _PHONE.fullmatch(value):
        raise PydanticCustomError("invalid_phone", "A French phone number: 10 digits starting with 0, or +33")
    digits = _SEPARATORS.sub("", value)
    return "+33" + digits[1:] if digits.startswith("0") else digits


def postcode(value: object) -> str:
    if not isinstance(value, str) or not _POSTCODE.fullmatch(value):
        raise PydanticCustomError("invalid_postcode", "A postcode of 5 digits")
    return value


def distinct_allergies(allergies: list[str]) -> list[str]:
    if len({a.casefold() for a in allergies}) != len(allergies):
        raise PydanticCustomError("invalid_record", "An allergy is given twice")
    return allergies


# What only the town changes in the file: names, birth dates, the payer, the PAI, the school (the contract's).
NOT_EDITABLE = frozenset(
    {"civility", "last_name", "first_name", "payer", "birth_date", "pai", "school", "class", "class_name"}
)


def editable_field(change: object) -> object:
    """A change naming a field only the town changes: 422 ``field_not_editable`` (rather than an unknown
    field's error)."""
    field = change.get("field") if isinstance(change, dict) else None
    if isinstance(field, str) and field in NOT_EDITABLE:
        raise PydanticCustomError("field_not_editable", "Only the town changes this field")
    return change


def each_field_once(changes: list[Any]) -> list[Any]:
    """One change a field of a guardian or child: a field given twice is refused."""
    fields = [(c.target, c.id, c.field) for c in changes]
    if len(set(fields)) != len(fields):
        raise PydanticCustomError("duplicate_change", "A field is changed twice")
    return changes
