"""The compiled bodies (portal/<area>/bodies.py) are their pydantic models, without pydantic at run time.

What the cold start relies on (issue 25): no module Lambda runs imports pydantic
or a ``schemas`` module, and each ``bodies.py`` is what its schemas compile to
today, so that a model changed without ``make bodies`` cannot ship. Each says
in its first line that it is generated, and git marks it so.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import shutil
import subprocess
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from infra import compile_schemas

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = sorted(
    [p for p in (ROOT / "layers" / "common" / "portal").rglob("*.py") if p.name != "schemas.py"]
    + list((ROOT / "functions").glob("*/app.py"))
)


@pytest.mark.parametrize("area", compile_schemas.AREAS)
def test_each_bodies_module_is_what_its_schemas_compile_to(area):
    written = (ROOT / "layers" / "common" / "portal" / area / "bodies.py").read_text()

    assert written == compile_schemas.compiled(area), f"portal/{area}/bodies.py is stale: run `make bodies`"


def test_each_compiled_bodies_module_says_it_is_generated_and_git_marks_it_so():
    portal = ROOT / "layers" / "common" / "portal"
    compiled = {portal / area / "bodies.py": area for area in compile_schemas.AREAS}

    marked = _linguist_generated(sorted(portal.glob("*/bodies.py")))

    assert {path for path, generated in marked.items() if generated} == set(compiled)
    for path, area in compiled.items():
        assert path.read_text().splitlines()[0] == compile_schemas.generated_marker(area)
    hand_written = set(marked) - set(compiled)
    assert hand_written == {portal / "platform" / "bodies.py"}
    assert not any("@generated" in path.read_text() for path in hand_written)


def _linguist_generated(paths):
    """Whether git's attributes (``.gitattributes``) mark each path ``linguist-generated``."""
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    names = [str(path.relative_to(ROOT)) for path in paths]
    done = subprocess.run(  # noqa: S603 - git with paths of this repository
        [git, "check-attr", "linguist-generated", "--", *names], cwd=ROOT, capture_output=True, text=True, check=True
    )
    values = dict(line.rsplit(": linguist-generated: ", 1) for line in done.stdout.splitlines())
    return {path: values[name] in {"set", "true"} for path, name in zip(paths, names, strict=True)}


@pytest.mark.parametrize("path", RUNTIME, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_lambda_runs_imports_pydantic_or_a_schemas_module(path):
    imported = _imported(path)

    assert not {name for name in imported if name.split(".")[0] == "pydantic" or name.endswith(".schemas")}


def _imported(path):
    """Every module a file names in an import, inside functions and ``TYPE_CHECKING`` too."""
    imported = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node, path)
            imported |= {module} | {f"{module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Call):
            imported |= _imported_by_call(node)
    return imported


def _imported_by_call(node: ast.Call) -> set[str]:
    """The module an ``import_module("…")`` or ``__import__("…")`` call names."""
    if not isinstance(node.func, ast.Attribute | ast.Name):
        return set()
    called = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
    if called in {"import_module", "__import__"} and node.args and isinstance(node.args[0], ast.Constant):
        return {str(node.args[0].value)}
    return set()


def _absolute(node: ast.ImportFrom, path: Path) -> str:
    """The module an import names, a relative one ("from . import schemas") resolved from the file's package."""
    if not node.level:
        return node.module or ""
    package = ["portal", *path.relative_to(ROOT / "layers" / "common" / "portal").parent.parts]
    return ".".join([*package[: len(package) - node.level + 1], *([node.module] if node.module else [])])


def test_every_route_reads_its_query_string_into_a_query_body():
    from infra import template
    from infra.lambdas import handler_for
    from portal.platform.bodies import Query

    params = {route.function: handler_for(route.function).spec.params for route in template.routes()}

    assert {name: kind for name, kind in params.items() if kind is not None and not issubclass(kind, Query)} == {}
    assert any(params.values())


def _models():
    for area in compile_schemas.AREAS:
        schemas = importlib.import_module(f"portal.{area}.schemas")
        bodies = importlib.import_module(f"portal.{area}.bodies")
        for name, model in vars(schemas).items():
            if isinstance(model, type) and issubclass(model, BaseModel) and model.__module__ == schemas.__name__:
                yield pytest.param(model, getattr(bodies, name), id=f"{area}.{name}")


# Documents every body must refuse or accept alike: not an object, empty, unknown and mistyped fields.
DOCUMENTS = [None, [], "x", {}, {"unknown": 1}, {"type": 3, "date": "2026-02-30", "amount": "1,234", "email": " "}]


@pytest.mark.parametrize(("model", "body"), list(_models()))
def test_a_compiled_body_refuses_what_its_model_refuses_with_the_same_errors(model, body):
    for document in DOCUMENTS:
        expected = _outcome(model, document)

        assert _outcome(body, document) == expected, document
    try:
        model.model_validate({})
    except ValidationError as exc:
        with pytest.raises(ValidationError) as caught:
            body.model_validate({})
        assert caught.value.title == exc.title  # the model's name, in logs


def _outcome(kind, document):
    try:
        return kind.model_validate(document).model_dump(mode="json")
    except ValidationError as exc:
        return exc.errors(include_url=False)


def test_a_compiled_body_validates_shapes_and_dumps_as_its_model():
    from portal.bookings import bodies, schemas

    document = {"activity_id": "CANT", "changes": [{"date": "2026-12-07", "unit_id": "midi", "booked": True}]}
    duplicate = {**document, "changes": document["changes"] * 2}
    event = {
        "event_id": "e1",
        "at": dt.datetime(2026, 12, 1, 7, 30, tzinfo=dt.UTC),
        "child_id": "c",
        "family_id": "f",
        "activity_id": "a",
        "unit_id": "u",
        "day": dt.date(2026, 12, 7),
        "status": "cancelled",
        "reason": "closed",
        "comment": None,
    }

    for sample, kind in ((document, "BookingRequest"), (duplicate, "BookingRequest"), (event, "BookingEventOut")):
        model, body = getattr(schemas, kind), getattr(bodies, kind)
        assert _outcome(body, sample) == _outcome(model, sample)
    assert bodies.BookingEventOut.model_validate(event).model_dump(mode="json")["at"] == "2026-12-01T07:30:00Z"
    parsed = bodies.BookingRequest.model_validate(document)
    assert type(parsed.changes[0]) is bodies.ChangeIn and parsed.changes[0].date == dt.date(2026, 12, 7)


def test_a_compiled_body_is_built_by_keyword_as_a_model_is_validated():
    from portal.bookings import bodies

    summary = bodies.SummaryOut(booked=1, waiting=0, cancelled=2, unchanged=0, refused=0)

    assert summary.model_dump() == {"booked": 1, "waiting": 0, "cancelled": 2, "unchanged": 0, "refused": 0}
    assert (
        summary
        == bodies.SummaryOut.model_validate(summary.model_dump())
        != bodies.SummaryOut.model_validate({**summary.model_dump(), "booked": 2})
    )
    with pytest.raises(ValidationError):
        bodies.SummaryOut(booked="many")  # type: ignore[arg-type]


def _compile_fake(*models):
    """Compile models as if they were an area's schemas.py; the compiled module's namespace."""
    import sys
    import types

    module = types.ModuleType("portal.fake.schemas")
    for model in models:
        model.__module__, model.__qualname__ = module.__name__, model.__name__
        setattr(module, model.__name__, model)
    sys.modules[module.__name__] = module
    try:
        namespace: dict = {}
        exec(compile_schemas.Area("fake", module).source(), namespace)  # noqa: S102 - our own generated source
        return namespace
    finally:
        del sys.modules[module.__name__]


def test_a_field_named_like_a_schema_key_is_compiled_as_a_field():
    from portal.platform.schemas import Input

    class Names(Input):
        ref: str
        metadata: str

    body = _compile_fake(Names)["Names"]

    assert body.model_validate({"ref": "r", "metadata": "m"}).model_dump() == {"ref": "r", "metadata": "m"}


def test_what_a_plain_class_cannot_carry_is_refused_not_compiled_wrong():
    from pydantic import PrivateAttr, computed_field

    from portal.platform.schemas import Output

    class Computed(Output):
        n: int

        @computed_field
        def double(self) -> int:
            return self.n * 2

    class Private(Output):
        n: int
        _cache: dict = PrivateAttr(default_factory=dict)

    class Tree(Output):
        children: list[Tree]

    for model in (Computed, Private, Tree):
        with pytest.raises(TypeError):
            _compile_fake(model)


def test_the_engine_is_pydantic_cores_own_extension_when_pydantic_came_first():
    import pydantic_core

    from portal.platform import engine

    assert engine.SchemaValidator is pydantic_core.SchemaValidator
    assert engine.ValidationError is pydantic_core.ValidationError
    assert engine.PydanticCustomError is pydantic_core.PydanticCustomError
