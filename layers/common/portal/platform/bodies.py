"""The request and response bodies as Lambda runs them: pydantic's models compiled, without pydantic.

Each area's ``schemas.py`` holds its pydantic models, the one source of the
contract (the OpenAPI document is generated from them). ``infra/compile_schemas.py``
turns each model into a plain class of this module's kinds, in the area's
``bodies.py``: the fields as annotations (what the type checker proves the
handlers against) and the model's core schema, which pydantic-core's
``SchemaValidator`` and ``SchemaSerializer`` run exactly as pydantic would.
Importing ``pydantic`` and building its models would cost each cold start far
more than pydantic-core's extension alone (``portal.platform.engine``), and a
body's validator is built on its first use (docs/benchmarks.md, "What the
start-up choices save").

The classes keep the names of the pydantic API that ``portal.http`` uses
(``model_validate``, ``model_dump``), so either kind can be handed to it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Self, cast, dataclass_transform

from portal.platform.engine import SchemaSerializer, SchemaValidator

if TYPE_CHECKING:
    from pydantic_core import CoreConfig, CoreSchema


def field(*, default_factory: Callable[[], object]) -> Any:
    """A default made on each validation (pydantic-core makes it: the class attribute is never read)."""
    return None


@dataclass_transform(kw_only_default=True, field_specifiers=(field,))
class Body:
    """A body: its fields in ``__dict__`` as pydantic-core sets them, as in a pydantic model."""

    __slots__ = ("__dict__", "__pydantic_extra__", "__pydantic_fields_set__", "__pydantic_private__")
    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset()  # the fields as a document spells them (aliases)

    @staticmethod
    def __core_schema__() -> dict[str, Any]:
        raise NotImplementedError("a compiled body defines its core schema")

    def __init__(self, **data: Any) -> None:
        _validator(type(self)).validate_python(data, self_instance=self)

    @classmethod
    def model_validate(cls, document: object, *, from_attributes: bool | None = None) -> Self:
        """The body from a JSON document, or (``from_attributes``) from a domain value with its fields."""
        found: Self = _validator(cls).validate_python(document, from_attributes=from_attributes)
        return found

    def model_dump(self, *, mode: Literal["json", "python"] = "python") -> dict[str, Any]:
        dumped: dict[str, Any] = _serializer(type(self)).to_python(self, mode=mode)
        return dumped

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(other) == vars(self)

    __hash__ = None  # type: ignore[assignment]  # as a pydantic model: equal by value, so not hashable


class Input(Body):
    """A request body (unknown fields refused: in its schema)."""

    __slots__ = ()


class Output(Body):
    """A response body."""

    __slots__ = ()


class Query(Body):
    """A query string's parameters (unknown ones ignored: in its schema)."""

    __slots__ = ()


class Patch(Input):
    """A partial update: the fields the request carried are those it changes."""

    __slots__ = ()

    def given(self) -> dict[str, Any]:
        """The fields the request carried."""
        carried: set[str] = getattr(self, "__pydantic_fields_set__")  # noqa: B009 - a slot pydantic-core fills
        return {name: getattr(self, name) for name in carried}


class OneOf[T]:
    """A value of one of several bodies (a ``TypeAdapter`` of a union, compiled)."""

    def __init__(self, core_schema: Callable[[], dict[str, Any]]) -> None:
        self.__core_schema__ = core_schema

    def validate_python(self, document: object) -> T:
        found: T = _validator(self).validate_python(document)
        return found


_validators: dict[object, SchemaValidator] = {}
_serializers: dict[object, SchemaSerializer] = {}


def _validator(compiled: type[Body] | OneOf[Any]) -> SchemaValidator:
    """Built on a body's first use, from its core schema."""
    found = _validators.get(compiled)
    if found is None:
        schema = cast("CoreSchema", compiled.__core_schema__())
        found = _validators[compiled] = SchemaValidator(schema, _config(schema))
    return found


def _serializer(compiled: type[Body]) -> SchemaSerializer:
    found = _serializers.get(compiled)
    if found is None:
        schema = cast("CoreSchema", compiled.__core_schema__())
        found = _serializers[compiled] = SchemaSerializer(schema, _config(schema))
    return found


def _config(schema: CoreSchema) -> CoreConfig | None:
    """The model's configuration, as pydantic hands it to its validator (its title names the errors), also
    when a model validator wraps the model's schema."""
    node: Any = schema
    while "config" not in node and isinstance(node.get("schema"), dict):
        node = node["schema"]
    config: CoreConfig | None = node.get("config")
    return config
