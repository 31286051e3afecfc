"""What every request body shares: unknown fields refused, text checked, identifiers and codes."""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints
from pydantic_core import PydanticCustomError


class Output(BaseModel):
    """A response body. Its validator is built on first use (``defer_build``): a
    function pays at cold start only for the models it actually uses."""

    model_config = ConfigDict(defer_build=True)


class Input(BaseModel):
    """A request body: unknown fields are refused (422)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


def _printable(value: str) -> str:
    if any(unicodedata.category(c).startswith("C") for c in value):
        raise PydanticCustomError("invalid_characters", "Control characters are not allowed")
    return value


Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
Label = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(_printable)
]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64), AfterValidator(_printable)]
