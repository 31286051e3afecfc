"""Compile each area's pydantic models (``schemas.py``) into the bodies Lambda runs (``bodies.py``).

    python -m infra.compile_schemas          # write every portal/<area>/bodies.py (make bodies)
    python -m infra.compile_schemas --check  # exit 1 if one is not what its schemas compile to

A model becomes a plain class of ``portal.platform.bodies`` with the same name
and fields (as annotations, for the type checker) and the core schema pydantic
built for it, in which every validator is a function of a pydantic-free module
(``checks.py``): pydantic-core runs it as pydantic would, and nothing in Lambda
imports pydantic. A union of bodies defined in a schemas module (the import's
``Record``) becomes a ``OneOf``. A model with a method of its own, or a
validator pydantic-core could not find by name (a lambda, a bound method), is
refused: the schema would not survive compilation. ``tests/unit/test_bodies.py``
fails when a ``bodies.py`` is stale.

Each compiled module opens with a ``# @generated`` line naming the command and
its source, and ``.gitattributes`` marks them ``linguist-generated`` (folded in
reviews). ruff lints and formats them like any module (the compiler formats
them with ruff, and lint finds an import it forgot or left unused) and mypy
reads them: their annotations are what the handlers are checked against.
"""

from __future__ import annotations

import argparse
import datetime
import decimal
import importlib
import inspect
import math
import subprocess
import sys
import types
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter
from pydantic.fields import FieldInfo

from portal.platform import schemas as base

ROOT = Path(__file__).resolve().parent.parent
PORTAL = ROOT / "layers" / "common" / "portal"
AREAS = tuple(sorted(p.parent.name for p in PORTAL.glob("*/schemas.py") if p.parent.name != "platform"))
BASES = (base.Patch, base.Input, base.Query, base.Output)  # most specific first: the compiled kind of each
DROPPED_KEYS = {"metadata", "ref"}  # pydantic's own notes, and references (nested bodies are their classes)
NAMED = {"fields", "choices"}  # a schema's keys whose value maps names (or tags) to schemas


class Area:
    """One area's compiled module, built as its models are rendered (imports are collected on the way)."""

    def __init__(self, area: str, module: types.ModuleType | None = None) -> None:
        self.area = area
        self.module = module or importlib.import_module(f"portal.{area}.schemas")
        self.models = [
            obj
            for obj in vars(self.module).values()
            if isinstance(obj, type) and issubclass(obj, BaseModel) and obj.__module__ == self.module.__name__
        ]
        self.unions = {
            name: obj
            for name, obj in vars(self.module).items()
            if get_origin(obj) is Annotated and _is_union_of_models(get_args(obj)[0])
        }
        self.names: dict[str, set[str]] = {"portal.platform.bodies": set()}  # from module import names
        self.modules: set[str] = set()  # the modules of validators, each imported under an alias
        self.typing: set[str] = set()
        self.dates = False  # datetime's classes, as dt.date…: a field may be named "date"
        self.compiling: type[BaseModel] | None = None  # the model whose class is being written

    def source(self) -> str:
        classes = [self._class(model) for model in self.models]
        unions = [self._union(name, union) for name, union in self.unions.items()]
        header = [
            generated_marker(self.area),
            f'"""The bodies of ``portal/{self.area}/schemas.py`` as Lambda runs them: change the models, then run',
            "``make bodies``. Their validators and serializers are pydantic-core's, from the models' core schemas;",
            'the classes are plain (``portal.platform.bodies``), so no handler imports pydantic."""',
            "",
            "from __future__ import annotations",
            "",
        ]
        if self.dates:
            header.append("import datetime as dt")
        if self.typing:
            header.append(f"from typing import {', '.join(sorted(self.typing))}")
        for module, names in sorted(self.names.items()):
            header.append(f"from {module} import {', '.join(sorted(names))}")
        for module in sorted(self.modules):
            package, _, name = module.rpartition(".")
            header.append(f"from {package} import {name} as {_alias(module)}")
        return "\n".join([*header, "", *classes, *unions]) + "\n"

    def _class(self, model: type[BaseModel]) -> str:
        _refuse_methods(model)
        kind = next(b for b in BASES if issubclass(model, b)).__name__
        self.names["portal.platform.bodies"].add(kind)
        lines = [f"class {model.__name__}({kind}):"]
        doc = vars(model).get("__doc__")
        if doc:
            lines += [f"    {_docstring(doc)}", ""]
        lines += [f"    {name}: {self._field(info)}" for name, info in model.model_fields.items()]
        if issubclass(model, base.Input):
            wire = sorted(info.alias or name for name, info in model.model_fields.items())
            self.typing.add("ClassVar")
            lines.append(f"    WIRE_FIELDS: ClassVar[frozenset[str]] = frozenset({wire!r})")
        lines += ["", *self._core_schema(model), "", ""]
        return "\n".join(lines)

    def _field(self, info: FieldInfo) -> str:
        """A field's annotation and default, as a dataclass-like class declares them."""
        annotation = self._annotation(info.annotation)
        if info.default_factory is not None:
            self.names["portal.platform.bodies"].add("field")
            return f"{annotation} = field(default_factory={self._value(info.default_factory)})"
        if not info.is_required():
            return f"{annotation} = {info.default!r}"
        return annotation

    def _core_schema(self, model: type[BaseModel]) -> list[str]:
        """The static method that hands pydantic-core the model's core schema."""
        model.model_rebuild()
        self.compiling = model
        self.typing.add("Any")
        return [
            "    @staticmethod",
            "    def __core_schema__() -> dict[str, Any]:",
            f"        return {self._value(model.__pydantic_core_schema__, top=True)}",
        ]

    def _union(self, name: str, union: object) -> str:
        self.names["portal.platform.bodies"].add("OneOf")
        members = " | ".join(self._annotation(member) for member in get_args(get_args(union)[0]))
        schema = self._value(TypeAdapter(union).core_schema)
        return f"{name}: OneOf[{members}] = OneOf(lambda: {schema})\n"

    def _annotation(self, tp: Any) -> str:
        origin, args = get_origin(tp), get_args(tp)
        if tp is None or tp is type(None):
            return "None"
        if origin is Annotated:
            return self._annotation(args[0])
        if origin in (Union, types.UnionType):
            return " | ".join(self._annotation(arg) for arg in args)
        if origin is Literal:
            self.typing.add("Literal")
            return f"Literal[{', '.join(repr(arg) for arg in args)}]"
        if origin in (list, dict, tuple, frozenset, set):
            return f"{origin.__name__}[{', '.join(self._annotation(arg) for arg in args)}]"
        if tp is Any:
            self.typing.add("Any")
            return "Any"
        if isinstance(tp, type):
            return self._class_name(tp)
        raise TypeError(f"no compiled form for the annotation {tp!r}")

    def _class_name(self, cls: type) -> str:
        if issubclass(cls, BaseModel):
            area = cls.__module__.split(".")[1]
            if area != self.area:
                self.names.setdefault(f"portal.{area}.bodies", set()).add(cls.__name__)
            return cls.__name__
        if cls.__module__ == "builtins":
            return cls.__name__
        if cls in (datetime.date, datetime.datetime, datetime.time):
            self.dates = True
            return f"dt.{cls.__name__}"
        if cls is decimal.Decimal:
            self.names.setdefault("decimal", set()).add("Decimal")
            return "Decimal"
        raise TypeError(f"no compiled form for the class {cls!r}")

    def _names(self, mapping: Any, definitions: dict[str, Any] | None) -> str:
        """Fields by name, or a tagged union's choices by tag: the keys are data (a field may be named "ref")."""
        if not isinstance(mapping, dict):
            return self._value(mapping, definitions)
        return "{" + ", ".join(f"{key!r}: {self._value(item, definitions)}" for key, item in mapping.items()) + "}"

    def _value(self, value: Any, definitions: dict[str, Any] | None = None, top: bool = False) -> str:
        """A value of a core schema as Python source: a schema node, a sequence, a class, a validator, a literal."""
        if isinstance(value, dict):
            return self._node(value, definitions, top)
        if isinstance(value, list | tuple):
            return self._sequence(value, definitions)
        if isinstance(value, type):
            return self._class_name(value)
        if inspect.isfunction(value):
            return self._function(value)
        return _literal(value)

    def _node(self, node: dict[str, Any], definitions: dict[str, Any] | None, top: bool) -> str:
        """A schema node; ``top`` is the compiled model's own, whose reference is not followed."""
        if node.get("type") == "definitions":  # a body used twice in one: each use becomes its class's
            found = {d["ref"]: d for d in node["definitions"]}
            return self._value(node["schema"], found, top)
        if node.get("type") == "definition-ref":
            return self._value((definitions or {})[node["schema_ref"]], definitions)
        if "ref" in node and not top:  # a nested body: its own class's schema
            return self._nested(node["ref"])
        _refuse_what_a_plain_class_lacks(node)
        items = (
            f"{key!r}: {self._names(item, definitions) if key in NAMED else self._value(item, definitions)}"
            for key, item in node.items()
            if key not in DROPPED_KEYS
        )
        return "{" + ", ".join(items) + "}"

    def _nested(self, ref: str) -> str:
        nested = _model_of(ref)
        if nested is self.compiling:
            raise TypeError(f"{nested.__name__} contains itself: a recursive body is not compiled")
        return f"{self._class_name(nested)}.__core_schema__()"

    def _sequence(self, value: list[Any] | tuple[Any, ...], definitions: dict[str, Any] | None) -> str:
        inner = ", ".join(self._value(item, definitions) for item in value)
        if isinstance(value, list):
            return f"[{inner}]"
        return f"({inner}{',' if len(value) == 1 else ''})"

    def _function(self, function: types.FunctionType) -> str:
        """A validator or serializer, named from the pydantic-free module that defines it."""
        module, name = function.__module__, function.__qualname__
        if "<" in name or "." in name or module.endswith(".schemas"):
            raise TypeError(f"{module}.{name} cannot be compiled: make it a function of a pydantic-free module")
        self.modules.add(module)
        return f"{_alias(module)}.{name}"


def _literal(value: object) -> str:
    """A constant of a core schema (None, a bool, a number, a string): its repr is its source."""
    if value is None or isinstance(value, bool | int | str):
        return repr(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    raise TypeError(f"no compiled form for {value!r}")


def _refuse_methods(model: type[BaseModel]) -> None:
    """A compiled body is a plain class: a method of the model's own would be lost."""
    own = [
        name
        for name, value in vars(model).items()
        if inspect.isfunction(value) and value.__module__ == model.__module__ and not name.startswith("__")
    ]
    if own:
        raise TypeError(f"{model.__name__} has methods of its own ({', '.join(own)}): move them out of the model")


def generated_marker(area: str) -> str:
    """The first line of a compiled ``bodies.py``: generated, by which command, from what (``.gitattributes``
    marks the same files ``linguist-generated``)."""
    return f"# @generated by make bodies (infra/compile_schemas.py) from portal/{area}/schemas.py: do not edit"


def _is_union_of_models(tp: object) -> bool:
    args = get_args(tp)
    return get_origin(tp) in (Union, types.UnionType) and all(
        isinstance(a, type) and issubclass(a, BaseModel) for a in args
    )


def source_model(body: type) -> type[BaseModel]:
    """The pydantic model a compiled body was compiled from (the same name in its area's ``schemas.py``);
    a pydantic model is its own."""
    if issubclass(body, BaseModel):
        return body
    module = importlib.import_module(body.__module__.removesuffix(".bodies") + ".schemas")
    model: type[BaseModel] = getattr(module, body.__name__)
    return model


def _model_of(ref: str) -> type[BaseModel]:
    """The model a core schema's reference names ("portal.area.schemas.Name:<id>")."""
    module, _, name = ref.partition(":")[0].rpartition(".")
    model = getattr(importlib.import_module(module), name, None)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise TypeError(f"{ref} is not a model: only models nest in a compiled body")
    return model


def _refuse_what_a_plain_class_lacks(node: dict[str, Any]) -> None:
    """A compiled body is a plain class: no computed field, private attribute or custom __init__ to call."""
    if node.get("type") == "model" and (node.get("post_init") or node.get("custom_init")):
        raise TypeError(f"{node['cls'].__name__}: private attributes and a custom __init__ are not compiled")
    if node.get("type") == "model-fields" and node.get("computed_fields"):
        raise TypeError(f"{node.get('model_name')}: computed fields are not compiled")


def _alias(module: str) -> str:
    return module.removeprefix("portal.").replace(".", "_")


def _docstring(doc: str) -> str:
    text = inspect.cleandoc(doc).replace('"""', "'''")
    return '"""' + text.replace("\n", "\n    ") + '"""'


def compiled(area: str) -> str:
    """The source of ``portal/<area>/bodies.py``, its imports sorted and formatted by ruff as ``make lint`` wants."""
    source = Area(area).source()
    for command in (["check", "--select", "I", "--fix", "--quiet"], ["format"]):
        source = _ruff(*command, "--stdin-filename", f"layers/common/portal/{area}/bodies.py", "-", text=source)
    return source


def _ruff(*args: str, text: str) -> str:
    ruff = Path(sys.executable).parent / "ruff"
    done = subprocess.run([ruff, *args], input=text, capture_output=True, text=True, check=True, cwd=ROOT)  # noqa: S603
    return done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a bodies.py is stale, write nothing")
    args = parser.parse_args()
    stale = []
    for area in AREAS:
        path = PORTAL / area / "bodies.py"
        source = compiled(area)
        if path.exists() and path.read_text() == source:
            continue
        stale.append(str(path))
        if not args.check:
            path.write_text(source)
    if stale:
        print(("stale (make bodies): " if args.check else "written: ") + ", ".join(stale))
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
