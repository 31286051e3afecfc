"""The shared package keeps its shape.

The order of the rooms (http, the areas from the top down, platform, kernel) and the privacy of each
area's store are import-linter contracts (pyproject.toml, run by ``make lint``); what they cannot say
is checked here: no cycle even through imports inside functions, each of those with its reason, and
handlers that never reach the table.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "layers" / "common" / "portal"
HANDLERS = sorted((ROOT / "functions").glob("*/app.py"))
TABLE_OWNERS = ("portal.platform.table", "pynamodb", "boto3", "botocore")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function (absolute names: the package uses no
    relative import)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import"
            found.add(node.module or "")
            found |= {f"{node.module}.{alias.name}" for alias in node.names}  # "from x import store" names a module
    return found


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}
GRAPH = {name: {i for i in imports_of(path) if i in MODULES and i != name} for name, path in MODULES.items()}


def test_there_is_no_import_cycle_in_the_package_not_even_through_imports_inside_functions():
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in trail:
            pytest.fail("import cycle: " + " → ".join((*trail[trail.index(name) :], name)))
        if name in done:
            return
        for imported in GRAPH[name]:
            if not (name.startswith(imported + ".") or imported == "portal"):  # a package's own __init__
                visit(imported, (*trail, name))
        done.add(name)

    for name in MODULES:
        visit(name, ())


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: module_name(p))
def test_an_import_inside_a_function_says_why_it_waits(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    silent = []
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    statement = lines[inner.lineno - 1 : inner.end_lineno]
                    if not any("#" in line for line in statement) and not lines[inner.lineno - 2].strip().startswith(
                        "#"
                    ):
                        silent.append(f"line {inner.lineno}: {statement[0].strip()}")

    assert not silent, "imports inside functions without their reason: " + "; ".join(silent)


def is_store(module: str) -> bool:
    """An area's store: a module ``store``, or a module of a package ``store``."""
    return module.endswith(".store") or ".store." in module


def test_only_the_table_the_platform_s_counters_and_each_area_s_store_know_pynamodb():
    users = {n for n in MODULES if any(i.startswith("pynamodb") for i in imports_of(MODULES[n]))}
    private = {n for n, path in MODULES.items() if "._get_connection" in path.read_text(encoding="utf-8")}
    platform = {
        "portal.platform.aws",
        "portal.platform.table",
        "portal.platform.counters",
        "portal.platform.metering",
        "portal.platform.marks",
        "portal.platform.feeds",
        "portal.platform.piles",
    }

    assert users and all(is_store(n) or n in platform for n in users), sorted(users)
    assert private == {"portal.platform.table"}


@pytest.mark.parametrize("path", HANDLERS, ids=lambda p: p.parent.name)
def test_handlers_never_talk_to_the_table_or_a_store(path):
    # Creating the DynamoDB client during INIT (table.connect) is all a handler may take from the table.
    imported = imports_of(path) - {"portal.platform.table", "portal.platform.table.connect"}

    assert not [i for i in imported if i.startswith(TABLE_OWNERS) or is_store(i)]
