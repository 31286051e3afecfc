"""The shared package keeps its shape: the domain is pure, imports go one way, no cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "layers" / "common" / "portal"
AWS_LIBRARIES = ("boto3", "botocore", "pynamodb")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function, absolute names."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            prefix = f"{base}.{node.module}" if node.level and node.module else (node.module or base)
            found.add(prefix)
            found |= {f"{prefix}.{alias.name}" for alias in node.names}  # "from . import store" names a module
    return found


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}
GRAPH = {name: {i for i in imports_of(path) if i in MODULES and i != name} for name, path in MODULES.items()}


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("portal.domain.")))
def test_domain_modules_never_touch_aws_or_the_table(name):
    imported = imports_of(MODULES[name])

    assert not [i for i in imported if i.split(".")[0] in AWS_LIBRARIES]
    assert not [i for i in imported if i in ("portal.platform.aws", "portal.platform.table", "portal.store.keys")]
    assert "client(" not in MODULES[name].read_text(encoding="utf-8")


def test_there_is_no_import_cycle_in_the_package():
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


def test_only_the_store_knows_pynamodb_and_only_its_table_its_private_parts():
    users = {n for n in MODULES if any(i.startswith("pynamodb") for i in imports_of(MODULES[n]))}
    private = {n for n, path in MODULES.items() if "._get_connection" in path.read_text(encoding="utf-8")}

    platform = {"portal.platform.aws", "portal.platform.table", "portal.platform.counters", "portal.platform.metering"}
    assert users and all(n.startswith("portal.store.") or n.endswith(".store") or n in platform for n in users)
    assert private == {"portal.platform.table"}
