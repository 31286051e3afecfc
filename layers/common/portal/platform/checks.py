"""The checks every request body shares, free of pydantic: the schemas (``schemas.py``) name them, and the
bodies compiled from those schemas (``bodies.py``) call them in Lambda without loading pydantic."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from portal.kernel.clock import rfc3339
from portal.kernel.money import InvalidAmount, cents_from_import, cents_from_typed
from portal.platform.engine import PydanticCustomError

# What no visible text may hold: C0/C1 controls, surrogates and the Unicode 15.1
# format characters (soft hyphen, zero-width and bidi controls, tags…), which
# forge look-alike names and mail headers. One expression for the check and the schema.
HIDDEN_CHARACTERS = (  # those of the Basic Multilingual Plane: the documented pattern
    r"\u0000-\u001f\u007f-\u009f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e"
    r"\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
)
HIDDEN_BEYOND_BMP = (  # surrogates and the few astral format characters, checked too
    r"\ud800-\udfff\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    r"\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
VISIBLE_TEXT = f"^[^{HIDDEN_CHARACTERS}]*$"
_VISIBLE = re.compile(f"^[^{HIDDEN_CHARACTERS}{HIDDEN_BEYOND_BMP}]*$")


def printable(value: str) -> str:
    if not _VISIBLE.match(value):
        raise PydanticCustomError("invalid_characters", "Control or invisible characters are not allowed")
    return value


_TYPED = re.compile(f"^[^{HIDDEN_CHARACTERS.replace('-\\u001f', '-\\u0008\\u000b-\\u001f')}{HIDDEN_BEYOND_BMP}]*$")


def typed_text(value: str) -> str:
    """Text a person types (a comment, a reason, a message): NFC, and no control or invisible character but
    line breaks and tabs (422 ``invalid_text``)."""
    import unicodedata  # the few bodies with typed text: not at every function's start-up

    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n"))
    if not _TYPED.match(value):
        raise PydanticCustomError("invalid_text", "Control or invisible characters are not allowed")
    return value


def not_null(value: object) -> object:
    """A partial update's field: absent keeps the value, null is refused."""
    if value is None:
        raise PydanticCustomError("invalid_type", "Leave the field out to keep its value; null is not accepted")
    return value


def moment_or_null(self: object, value: datetime | None) -> str | None:
    """A moment of an answer in RFC 3339 (UTC, "Z"), or null; a field serializer (it gets the body as ``self``)."""
    return None if value is None else rfc3339(value)


def is_none(value: object) -> bool:
    """Leave the field out of the answer when it holds nothing."""
    return value is None


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_day(value: object) -> date:
    """A day as the contract writes it, YYYY-MM-DD, and nothing else ISO 8601 allows (a week date, 2026-W52-4,
    has the same length)."""
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        raise PydanticCustomError("invalid_date", "A date as YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("invalid_date", "Not a real calendar date") from None


def typed_cents(value: object) -> int:
    """What a person types ("6,40", 6.4…) in cents; a refusal is the field error ``invalid_amount``."""
    return _cents(cents_from_typed, value)


def imported_cents(value: object) -> int:
    """A decimal string from the town's software ("6.40") in cents."""
    return _cents(cents_from_import, value)


def _cents(convert: Callable[[object], int], value: object) -> int:
    try:
        return convert(value)
    except InvalidAmount as exc:
        raise PydanticCustomError("invalid_amount", str(exc)) from None
