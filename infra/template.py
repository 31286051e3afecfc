"""Reads template.yaml so that the local stack and the tests cannot drift from it.

Routes, handlers, environment variables and the table's key schema all come
from the SAM template; nothing here repeats them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "template.yaml"


class _CfnLoader(yaml.SafeLoader):
    """YAML with CloudFormation short forms (!Ref, !Sub, !GetAtt…) as their long forms."""


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


_CfnLoader.add_multi_constructor("!", _intrinsic)


@cache
def load() -> dict[str, Any]:
    with TEMPLATE.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_CfnLoader)  # noqa: S506  # nosec B506 - a SafeLoader subclass


def resources(kind: str) -> dict[str, dict[str, Any]]:
    return {name: res for name, res in load()["Resources"].items() if res["Type"] == kind}


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # API Gateway template, e.g. /{tenant}/accounts or /{tenant}/{proxy+}
    function: str  # logical id
    code_uri: Path
    handler: str  # module.function
    pattern: re.Pattern[str]

    def match(self, path: str) -> dict[str, str] | None:
        found = self.pattern.fullmatch(path)
        return found.groupdict() if found else None


def _path_pattern(template: str) -> re.Pattern[str]:
    regex = ""
    for part in re.split(r"(\{[^}]+\})", template):
        if part.startswith("{") and part.endswith("+}"):
            regex += f"(?P<{part[1:-2]}>.+)"
        elif part.startswith("{"):
            regex += f"(?P<{part[1:-1]}>[^/]+)"
        else:
            regex += re.escape(part)
    return re.compile(regex)


def specificity(path: str) -> tuple[int, ...]:
    """How API Gateway ranks resources matching one request path, segment by segment (lower wins): a
    literal beats a ``{parameter}``, which beats a greedy ``{proxy+}``."""
    return tuple(2 if part.endswith("+}") else 1 if part.startswith("{") else 0 for part in path.strip("/").split("/"))


@cache
def routes() -> tuple[Route, ...]:
    found = []
    for name, res in resources("AWS::Serverless::Function").items():
        props = res["Properties"]
        for event in (props.get("Events") or {}).values():
            if event["Type"] != "Api":
                continue
            path = event["Properties"]["Path"]
            found.append(
                Route(
                    method=event["Properties"]["Method"].upper(),
                    path=path,
                    function=name,
                    code_uri=ROOT / props["CodeUri"],
                    handler=props["Handler"],
                    pattern=_path_pattern(path),
                )
            )
    # The most specific resource first, as API Gateway picks it: literal paths before parameterised ones,
    # greedy {proxy+} last.
    return tuple(sorted(found, key=lambda r: (specificity(r.path), r.path, r.method)))


def resolve(method: str, path: str) -> tuple[Route | None, tuple[str, ...]]:
    """The route API Gateway sends ``method path`` to, and the methods of the resource it picked.

    API Gateway picks the most specific resource matching the path, then the method on that resource
    alone: a method that resource lacks never falls back to a less specific one (``{proxy+}``).
    (None, ()) when no resource matches; (None, its methods) when the resource lacks the method.
    """
    resource = next((r.path for r in routes() if r.match(path) is not None), None)
    if resource is None:
        return None, ()
    on_resource = [r for r in routes() if r.path == resource]
    chosen = next((r for r in on_resource if r.method == method), None)
    return chosen, tuple(sorted({r.method for r in on_resource}))


def function_environment(function: str, physical_names: dict[str, str]) -> dict[str, str]:
    """The function's environment (Globals + its own), with !Ref resolved to ``physical_names``."""
    template = load()
    merged: dict[str, Any] = dict(
        template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})
    )
    own = template["Resources"][function]["Properties"].get("Environment", {}).get("Variables", {})
    merged.update(own)
    return {key: _resolve(value, physical_names) for key, value in merged.items()}


def function_timeout(function: str) -> int:
    """The function's Timeout in seconds (its own, else Globals', else Lambda's default of 3)."""
    template = load()
    own = template["Resources"][function]["Properties"].get("Timeout")
    return int(own or template.get("Globals", {}).get("Function", {}).get("Timeout", 3))


def mapped(value: Any) -> Any:
    """A ``!FindInMap`` resolved with the parameters' defaults (a deployment's own choice is not known
    locally); any other value as it is."""
    if isinstance(value, dict) and "Fn::FindInMap" in value:
        name, top, second = value["Fn::FindInMap"]
        if isinstance(top, dict):
            top = load()["Parameters"][top["Ref"]]["Default"]
        return load()["Mappings"][name][str(top)][second]
    return value


def _resolve(value: Any, physical_names: dict[str, str]) -> str:
    value = mapped(value)
    if isinstance(value, dict) and "Ref" in value:
        parameter = load().get("Parameters", {}).get(value["Ref"])
        if parameter is not None and value["Ref"] not in physical_names:
            return str(parameter.get("Default", ""))  # the local stack sets its own where it matters
        return physical_names[value["Ref"]]
    if isinstance(value, str | int | float):
        return str(value)
    raise ValueError(f"cannot resolve {value!r} locally")


def table_definition(logical_id: str = "DataTable") -> dict[str, Any]:
    """Arguments for DynamoDB CreateTable, from the template's table resource."""
    props = load()["Resources"][logical_id]["Properties"]
    definition: dict[str, Any] = {
        "AttributeDefinitions": props["AttributeDefinitions"],
        "KeySchema": props["KeySchema"],
        "BillingMode": props["BillingMode"],
    }
    if props.get("GlobalSecondaryIndexes"):
        definition["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
    return definition


def ttl_attribute(logical_id: str = "DataTable") -> str | None:
    spec = load()["Resources"][logical_id]["Properties"].get("TimeToLiveSpecification") or {}
    return spec.get("AttributeName") if spec.get("Enabled") else None
