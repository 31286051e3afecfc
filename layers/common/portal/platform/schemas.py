"""What every request body shares: unknown fields refused, text checked, identifiers and codes."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from annotated_types import GroupedMetadata
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from portal.kernel.ids import PUBLISHED_ID
from portal.kernel.money import InvalidAmount


class Output(BaseModel):
    """A response body. Its validator is built on first use (``defer_build``): a
    function pays at cold start only for the models it actually uses."""

    model_config = ConfigDict(defer_build=True)


class Input(BaseModel):
    """A request body: unknown fields are refused (422)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


def without_nulls(schema: dict[str, Any]) -> None:
    """Publish optional fields as they are accepted: absent, or of their type, never null."""
    for prop in schema.get("properties", {}).values():
        variants = prop.pop("anyOf", None)
        if variants:
            prop.update(next(v for v in variants if v.get("type") != "null"))
        prop.pop("default", None)


class Patch(Input):
    """A partial update: every field may be absent (kept as it is), none may be null."""

    model_config = ConfigDict(extra="forbid", defer_build=True, json_schema_extra=without_nulls)

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise PydanticCustomError("invalid_type", "Leave the field out to keep its value; null is not accepted")
        return value

    def given(self) -> dict[str, Any]:
        """The fields the request carried."""
        return {name: getattr(self, name) for name in self.model_fields_set}


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


def _printable(value: str) -> str:
    if not _VISIBLE.match(value):
        raise PydanticCustomError("invalid_characters", "Control or invisible characters are not allowed")
    return value


@dataclass(frozen=True)
class Visible(GroupedMetadata):
    """Text a person reads: trimmed, bounded, no hidden characters (checked and documented).

    ``Annotated[str, Visible(100)]``: one marker that pydantic expands into its parts.
    """

    max_length: int
    min_length: int = 1

    def __iter__(self) -> Iterator[object]:
        yield StringConstraints(strip_whitespace=True, min_length=self.min_length, max_length=self.max_length)
        yield AfterValidator(_printable)
        yield Field(json_schema_extra={"pattern": VISIBLE_TEXT})


@dataclass(frozen=True)
class Cents(GroupedMetadata):
    """Money as it arrives, turned into integer cents once by ``convert`` (``domain.money``),
    documented by ``schema``; a refusal is the field error ``invalid_amount``."""

    convert: Callable[[object], int]
    schema: dict[str, Any]

    def __iter__(self) -> Iterator[object]:
        yield BeforeValidator(self._cents)
        yield WithJsonSchema(self.schema)

    def _cents(self, value: object) -> int:
        try:
            return self.convert(value)
        except InvalidAmount as exc:
            raise PydanticCustomError("invalid_amount", str(exc)) from None


Identifier = Annotated[str, StringConstraints(pattern=PUBLISHED_ID)]
Label = Annotated[str, Visible(200)]
Code = Annotated[str, Visible(64)]


def _iso_day(value: object) -> date:
    if not isinstance(value, str) or len(value) != 10:
        raise PydanticCustomError("invalid_date", "A date as YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("invalid_date", "Not a real calendar date") from None


Day = Annotated[date, BeforeValidator(_iso_day), WithJsonSchema({"type": "string", "format": "date"})]
