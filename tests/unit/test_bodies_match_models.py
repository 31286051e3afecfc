"""Each compiled body accepts and refuses exactly what its pydantic model does, and parses to the same values.

Every model of every area's ``schemas.py`` (and every union of them) is fed the
same documents as its compiled class in ``bodies.py``: documents drawn from the
model's own JSON schema (those a client reading the OpenAPI document would
send), the same with one part broken (a field dropped, nulled, retyped, padded
or added, deep inside too), and any JSON value at all. A query string's model is
fed text, as API Gateway hands it over; a response body is also validated from
attributes, as ``portal.http`` shapes a handler's answer. Both sides must refuse
with the same errors, or accept with the same fields, field types, nested
classes, fields set and dumps. The examples come from a fixed seed
(``derandomize``): every run draws the same ones, and a failure repeats.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import json
import types
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError

from infra import compile_schemas
from portal.platform import schemas as base
from portal.platform.bodies import Body, OneOf

SETTINGS = settings(
    max_examples=60,  # per model: the whole file stays well under a minute
    deadline=None,
    derandomize=True,  # the examples follow from the test, so a failure repeats and CI does not flake
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
MOMENTS = st.datetimes(
    min_value=dt.datetime(1900, 1, 1),
    max_value=dt.datetime(2999, 12, 31),
    timezones=st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=2))]),
)
# Days of one autumn, so that a period's days fall inside it, or of any year.
DAYS = st.dates(min_value=dt.date(2026, 9, 1), max_value=dt.date(2026, 10, 31)) | st.dates(
    min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)
)


def _pairs():
    """Every model the compiler compiles and its compiled class: (model, body), a union as its adapter."""
    for area in compile_schemas.AREAS:
        compiled = compile_schemas.Area(area)
        bodies = importlib.import_module(f"portal.{area}.bodies")
        for model in compiled.models:
            yield pytest.param(model, getattr(bodies, model.__name__), id=f"{area}.{model.__name__}")
        for name, union in compiled.unions.items():
            yield pytest.param(TypeAdapter(union), getattr(bodies, name), id=f"{area}.{name}")


PAIRS = list(_pairs())


def test_every_compiled_class_is_compared_with_its_model():
    compared = {param.values[1] for param in PAIRS}
    compiled = {
        value
        for area in compile_schemas.AREAS
        for value in vars(importlib.import_module(f"portal.{area}.bodies")).values()
        if (isinstance(value, type) and issubclass(value, Body) and value.__module__.endswith(f"{area}.bodies"))
        or isinstance(value, OneOf)
    }

    assert compared == compiled
    assert len(compared) > 70


@pytest.mark.parametrize(("model", "body"), PAIRS)
def test_a_compiled_body_accepts_refuses_and_parses_as_its_model(model, body):
    by_model, by_body = (
        (model.validate_python, body.validate_python)
        if _is_union(model)
        else (model.model_validate, body.model_validate)
    )
    answers: Counter[str] = Counter()

    @SETTINGS
    @given(document=_documents(model))
    def compare(document: object) -> None:
        expected = _outcome(by_model, document)

        assert _outcome(by_body, document) == expected
        answers[expected[0]] += 1
        if _is_response(model):  # as portal.http shapes a handler's answer
            attributes = _as_attributes(document)
            assert _outcome(by_body, attributes, from_attributes=True) == _outcome(
                by_model, attributes, from_attributes=True
            )

    compare()
    assert answers["accepted"] and answers["refused"], answers  # both answers compared, not one alone


# --- comparing -----------------------------------------------------------------------------------------------


def _outcome(validate: Callable[..., Any], document: object, **options: Any) -> tuple[Any, ...]:
    """What validation answered: the refusal with its errors, or the parsed value, its shape and its dumps."""
    try:
        parsed = validate(document, **options)
    except ValidationError as exc:
        return ("refused", exc.title, json.loads(exc.json(include_url=False)))
    except Exception as exc:  # a crash must be the same crash on both sides
        return ("raised", type(exc).__name__, str(exc))
    return ("accepted", _shape(parsed), parsed.model_dump(), parsed.model_dump(mode="json"))


def _shape(value: object) -> object:
    """A parsed value as plain data, with the class of each part: a body and its model read the same."""
    if isinstance(value, BaseModel):
        fields = {name: getattr(value, name) for name in type(value).model_fields}
        return _instance(value, fields, value.model_fields_set, value.model_extra)
    if isinstance(value, Body):
        return _instance(value, vars(value), getattr(value, "__pydantic_fields_set__"), value.__pydantic_extra__)  # noqa: B009
    if isinstance(value, list | tuple):
        return (type(value).__name__, [_shape(item) for item in value])
    if isinstance(value, dict):
        return ("dict", {key: _shape(item) for key, item in value.items()})
    return (type(value).__name__, value)


def _instance(value: object, fields: dict[str, Any], given: set[str], extra: dict[str, Any] | None) -> object:
    return (type(value).__name__, {name: _shape(item) for name, item in fields.items()}, sorted(given), extra)


def _is_union(model: object) -> bool:
    return isinstance(model, TypeAdapter)


def _is_query(model: object) -> bool:
    return isinstance(model, type) and issubclass(model, base.Query)


def _is_response(model: object) -> bool:
    return isinstance(model, type) and issubclass(model, base.Output)


def _as_attributes(document: object) -> object:
    """A document as the domain hands a response over: objects with attributes (dataclasses, records)."""
    if isinstance(document, dict):
        return types.SimpleNamespace(**{key: _as_attributes(item) for key, item in document.items()})
    if isinstance(document, list):
        return [_as_attributes(item) for item in document]
    return document


# --- drawing documents ---------------------------------------------------------------------------------------


def _json_schema(model: type[BaseModel] | TypeAdapter[Any]) -> dict[str, Any]:
    if isinstance(model, TypeAdapter):
        return model.json_schema(mode="validation")
    return model.model_json_schema(mode="validation")


@functools.cache
def _valid(model: Any, edges: bool) -> st.SearchStrategy[Any]:
    """Documents as the model's JSON schema describes them (``edges``: at and past its limits too); text values
    for a query string."""
    schema = _json_schema(model)
    drawn = _Drawing(schema.get("$defs", {}), edges).value(schema)
    return drawn.map(_as_query) if _is_query(model) else drawn


@st.composite
def _documents(draw: st.DrawFn, model: Any) -> object:
    """A valid document, one at the schema's edges, one with a part broken, or any JSON value."""
    kind = draw(st.integers(min_value=0, max_value=9))
    if kind < 3:
        return draw(_valid(model, edges=False))
    if kind < 5:
        return draw(_valid(model, edges=True))
    if kind < 9:
        broken = draw(_broken(draw(_valid(model, edges=False)), _names(model)))
        return _as_query(broken) if _is_query(model) else broken
    return draw(JSON_VALUES)


def _names(model: Any) -> list[str]:
    """The names a document may use for the model's fields: names and aliases, which a mutation may swap in."""
    if not isinstance(model, type):
        return []
    return sorted({name for field, info in model.model_fields.items() for name in (field, info.alias) if name})


@st.composite
def _broken(draw: st.DrawFn, value: object, names: list[str]) -> object:
    """The value with one part changed: in a dict a key dropped, nulled, retyped, renamed or added; in a list an
    item changed, dropped or repeated; a scalar turned into another type, text or padded text."""
    if isinstance(value, dict) and value:
        key = draw(st.sampled_from(sorted(value)))
        how = draw(st.sampled_from(["drop", "null", "deeper", "deeper", "any", "rename", "add"]))
        changed = dict(value)
        if how == "drop":
            del changed[key]
        elif how == "null":
            changed[key] = None
        elif how == "deeper":
            changed[key] = draw(_broken(value[key], []))
        elif how == "any":
            changed[key] = draw(JSON_VALUES)
        else:
            new = draw(st.sampled_from([*names, "unknown"]) if names else st.just("unknown"))
            changed[new] = changed.pop(key) if how == "rename" else draw(JSON_VALUES)
        return changed
    if isinstance(value, list) and value:
        index = draw(st.integers(min_value=0, max_value=len(value) - 1))
        how = draw(st.sampled_from(["deeper", "drop", "repeat"]))
        if how == "drop":
            return value[:index] + value[index + 1 :]
        if how == "repeat":
            return [*value, value[index]]
        return [*value[:index], draw(_broken(value[index], [])), *value[index + 1 :]]
    return draw(_changed_scalar(value))


def _changed_scalar(value: object) -> st.SearchStrategy[object]:
    as_text = json.dumps(value) if not isinstance(value, str) else value
    return st.one_of(
        JSON_VALUES,
        st.just(as_text),
        st.sampled_from([" ", "\t", "\u200b", "\n"]).map(lambda pad: f"{pad}{as_text}{pad}"),
        st.just([value]),
        st.just({"value": value}),
    )


def _as_query(document: object) -> object:
    """A document as a query string arrives: each present parameter as text."""
    if not isinstance(document, dict):
        return document
    return {key: _text(value) for key, value in document.items() if value is not None}


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value)


@dataclass(frozen=True)
class _Drawing:
    """Values a JSON schema describes (the keywords pydantic writes for these models). With ``edges``, one time
    in five a value is drawn at or past a limit (a bound, a length, blanks around text, null where allowed),
    where most documents are refused."""

    defs: dict[str, Any]
    edges: bool

    def value(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        if "$ref" in schema:
            return st.deferred(lambda: self.value(self.defs[schema["$ref"].rpartition("/")[2]]))
        if "const" in schema:
            return st.just(schema["const"])
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        if "properties" in schema or schema.get("type") == "object":
            return self._object(schema)
        if "anyOf" in schema or "oneOf" in schema:
            return self._either(schema.get("anyOf") or schema["oneOf"])
        scalar = {"string": self._string, "integer": self._integer, "number": self._number, "array": self._array}
        if schema.get("type") in scalar:
            return scalar[schema["type"]](schema)
        return {"boolean": st.booleans(), "null": st.none()}.get(schema.get("type"), JSON_VALUES)

    def _rarely(self, usual: st.SearchStrategy[Any], rare: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return _mostly(usual, rare) if self.edges else usual

    def _either(self, branches: list[dict[str, Any]]) -> st.SearchStrategy[Any]:
        """One of the branches; null (an optional field's) rarely, at the edges."""
        values = [self.value(branch) for branch in branches if branch.get("type") != "null"]
        drawn = st.one_of(values)
        return self._rarely(drawn, st.none()) if len(values) < len(branches) else drawn

    def _object(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        """An object: its required properties, some optional ones, and what ``additionalProperties`` allows. A
        ``oneOf`` of required lists (one shape or another, the ``not`` of the others) picks one of them."""
        properties = {key: self._property(key, value) for key, value in schema.get("properties", {}).items()}
        shapes = []
        for shape in schema.get("oneOf", []) or [{}]:
            required = set(schema.get("required", [])) | set(shape.get("required", []))
            excluded = _named(shape.get("not", {}))
            fixed = {key: value for key, value in properties.items() if key in required}
            optional = {key: value for key, value in properties.items() if key not in required | excluded}
            shapes.append(st.fixed_dictionaries(fixed, optional=optional))
        drawn = st.one_of(shapes)
        extra = schema.get("additionalProperties")
        if not isinstance(extra, dict):
            return drawn
        more = st.dictionaries(st.text(min_size=1, max_size=8), self.value(extra), max_size=3)
        return st.tuples(more, drawn).map(lambda pair: {**pair[0], **pair[1]})

    def _property(self, name: str, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        """A property's values; an address is checked by a validator its schema does not describe, so it is
        drawn as addresses too."""
        drawn = self.value(schema)
        if "email" in name and schema.get("type") == "string":
            return st.emails() | drawn
        return drawn

    def _string(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        """Text of the schema's pattern and lengths; at the edges, padded with blanks or stretched to each side
        of its length limits."""
        low, high = schema.get("minLength", 0), schema.get("maxLength")
        if schema.get("format") == "date":
            return DAYS.map(dt.date.isoformat)
        if schema.get("format") == "date-time":
            return MOMENTS.map(dt.datetime.isoformat)
        if schema.get("format") == "email":  # checked by a validator the pattern does not describe
            return st.emails() | st.text(max_size=high or 40)
        if "pattern" in schema:
            text = st.from_regex(schema["pattern"], fullmatch=True)
            drawn = text.filter(lambda value: low <= len(value) <= (high if high is not None else len(value)))
        else:
            text = drawn = st.text(min_size=low, max_size=min(high, 40) if high is not None else 40)
        padded = st.tuples(st.sampled_from([" ", "\t", "\n "]), drawn).map(lambda pair: pair[0] + pair[1] + pair[0])
        if high is None:
            return self._rarely(drawn, padded)
        sizes = st.sampled_from(sorted({size for size in (low - 1, low, high, high + 1) if size >= 0}))
        stretched = st.tuples(text.filter(bool), sizes).map(lambda pair: (pair[0] * pair[1])[: pair[1]])
        return self._rarely(drawn, padded | stretched)

    def _integer(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        """Integers within the bounds; at the edges, each bound with its neighbours."""
        low, high = schema.get("minimum"), schema.get("maximum")
        edges = [edge for bound in (low, high) if bound is not None for edge in (bound - 1, bound, bound + 1)]
        return self._rarely(st.integers(min_value=low, max_value=high), st.sampled_from(edges or [0]))

    def _number(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        """Numbers within the bounds, in cents or whole (as amounts and quantities are typed); at the edges, any
        float, a bound, just past it, a fraction of a cent."""
        low, high = schema.get("minimum", -(10**6)), schema.get("maximum", 10**6)
        cents = st.integers(min_value=round(low * 100), max_value=round(high * 100))
        typed = cents.map(lambda value: value / 100) | cents.map(lambda value: value // 100)
        edges = st.sampled_from([low - 0.01, low, 0.001, 0.5, high, high + 0.01])
        return self._rarely(typed, edges | st.floats(min_value=low, max_value=high))

    def _array(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        """A list of distinct items (the rules refuse a day or a unit given twice); at the edges, any items, and
        one more than ``maxItems`` allows (when that is few)."""
        low, high = schema.get("minItems", 0), schema.get("maxItems")
        size = min(high if high is not None else 4, 5)
        items = self.value(schema.get("items", {}))
        drawn = st.lists(items, min_size=min(low, size), max_size=size, unique_by=_identity)
        edges = st.lists(items, min_size=min(low, size), max_size=size)
        if high is not None and high <= 5:
            edges |= st.lists(items, min_size=high + 1, max_size=high + 1)
        return self._rarely(drawn, edges)


def _identity(item: object) -> str:
    """What tells a list's items apart: an object's identifiers (``unit_id``), a value itself."""
    if isinstance(item, dict):
        identifiers = [value for key, value in sorted(item.items()) if key.endswith("_id")]
        return json.dumps(identifiers or item, sort_keys=True, default=str)
    return json.dumps(item, sort_keys=True, default=str)


def _mostly[T](usual: st.SearchStrategy[T], rare: st.SearchStrategy[T]) -> st.SearchStrategy[T]:
    """Values of ``usual``, and one time in five of ``rare`` (the edges, where many are refused)."""
    return st.integers(min_value=0, max_value=4).flatmap(lambda pick: rare if pick == 4 else usual)


def _named(schema: dict[str, Any]) -> set[str]:
    """The properties a ``not`` names (``required`` lists, in an ``anyOf`` too): a shape that excludes them."""
    named = set(schema.get("required", []))
    for branch in schema.get("anyOf", []):
        named |= _named(branch)
    return named
