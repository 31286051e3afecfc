"""What every request body shares: unknown fields refused, text checked, identifiers and codes.

The models of the areas' ``schemas.py`` are the contract; Lambda runs them compiled (``bodies.py``,
``make bodies``), so every validator they name is a function of a pydantic-free module (``checks``)."""

from __future__ import annotations

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

from portal.kernel.ids import PUBLISHED_ID
from portal.platform import checks
from portal.platform.checks import VISIBLE_TEXT


class Output(BaseModel):
    """A response body (built on first use: ``defer_build``, for the tools that import every model)."""

    model_config = ConfigDict(defer_build=True)


class Query(BaseModel):
    """A query string's parameters: text each field converts (``?limit=20``), unknown parameters ignored (a link
    may carry others)."""

    model_config = ConfigDict(extra="ignore", defer_build=True)


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

    _not_null = field_validator("*", mode="before")(checks.not_null)


@dataclass(frozen=True)
class Visible(GroupedMetadata):
    """Text a person reads: trimmed, bounded, no hidden characters (checked and documented).

    ``Annotated[str, Visible(100)]``: one marker that pydantic expands into its parts.
    """

    max_length: int
    min_length: int = 1

    def __iter__(self) -> Iterator[object]:
        yield StringConstraints(strip_whitespace=True, min_length=self.min_length, max_length=self.max_length)
        yield AfterValidator(checks.printable)
        yield Field(json_schema_extra={"pattern": VISIBLE_TEXT})


@dataclass(frozen=True)
class Typed(GroupedMetadata):
    """Text a person types (a comment, a reason): trimmed, NFC, bounded, line breaks and tabs allowed, no
    other control or invisible character (422 ``invalid_text``)."""

    max_length: int
    min_length: int = 1

    def __iter__(self) -> Iterator[object]:
        yield StringConstraints(strip_whitespace=True, min_length=self.min_length, max_length=self.max_length)
        yield AfterValidator(checks.typed_text)


@dataclass(frozen=True)
class Cents(GroupedMetadata):
    """Money as it arrives, turned into integer cents once by ``convert`` (``checks.typed_cents``,
    ``checks.imported_cents``), documented by ``schema``."""

    convert: Callable[[object], int]
    schema: dict[str, Any]

    def __iter__(self) -> Iterator[object]:
        yield BeforeValidator(self.convert)
        yield WithJsonSchema(self.schema)


Identifier = Annotated[str, StringConstraints(pattern=PUBLISHED_ID)]
Label = Annotated[str, Visible(200)]
Code = Annotated[str, Visible(64)]


Day = Annotated[date, BeforeValidator(checks.iso_day), WithJsonSchema({"type": "string", "format": "date"})]
