"""The OpenAPI 3.1 document of the API, generated from the code so that it cannot drift.

Routes come from template.yaml; what each route accepts and answers from its
handler's ``@endpoint`` spec (bodies, query, auth, success models, problem
codes); schemas from the pydantic models themselves (a handler names the compiled body, whose
model keeps its name in the area's ``schemas.py``: ``compile_schemas.source_model``). Served by the local stack
at /openapi.json; `python -m infra.openapi` prints it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from . import template
from .compile_schemas import source_model
from .lambdas import handler_for

if TYPE_CHECKING:
    from pydantic.json_schema import JsonSchemaMode

PROBLEM_STATUS = {
    400: "Malformed request",
    401: "Missing or invalid credentials",
    404: "Not found",
    413: "Body too large",
    415: "Wrong content type",
    422: "Validation failed",
    429: "Too many attempts",
    503: "A dependency is unavailable",
}
COMMON_CODES = ("tenant_not_found", "service_unavailable")
BODY_CODES = ("malformed_body", "payload_too_large", "unsupported_media_type", "validation_failed")
# Codes of errors[] entries for pydantic validation (portal.http.PYDANTIC_CODES and pydantic's own types).
FIELD_CODES = (
    "required",
    "unknown_field",
    "too_short",
    "too_long",
    "invalid_type",
    "invalid_choice",
    "invalid_email",
    "invalid_characters",
    "invalid_name",
    "invalid_time",
    "invalid_datetime",
    "invalid_deadline",
    "invalid_phone",
    "invalid_postcode",
    "string_pattern_mismatch",
    "greater_than_equal",
    "less_than_equal",
    "int_parsing",
    "decimal_parsing",
)
# Codes of rejected lines in an import report.
IMPORT_LINE_CODES = (
    "invalid_json",
    "unknown_type",
    "invalid_record",
    "invalid_amount",
    "inconsistent_amount",
    "invalid_date",
    "unknown_family",
    "unknown_child",
    "unknown_activity",
    "unknown_invoice",
    "subscriber_code_taken",
    "too_many_guardians",
    "unknown_request",
)


# Who may call a route, by its ``auth``: a town route takes the admin key or an agent's token.
SECURITY: dict[str, list[dict[str, list[str]]]] = {
    "citizen": [{"citizen": []}],
    "admin": [{"admin": []}],
    "agent": [{"agent": []}],
    "town": [{"admin": []}, {"agent": []}],
}


# Path parameters whose format the API fixes (others are the municipality's identifiers).
PATH_PATTERNS = {"token": r"^[0-9a-f]{32}\.[0-9]\.[A-Za-z0-9_-]{24}$"}  # an unsubscribe link's token


def _status_of(code: str) -> int:
    from portal.platform.errors import error_classes

    for cls in error_classes():
        if cls.code == code:
            return cls.status
    return 422  # field-level codes (FieldRejected), which are always 422


def all_codes() -> list[str]:
    """Every stable problem code: of the typed errors, of the routes, of fields and of import lines."""
    from portal.platform.errors import error_classes

    found: set[str] = set(COMMON_CODES + BODY_CODES + FIELD_CODES + IMPORT_LINE_CODES)
    found |= {cls.code for cls in error_classes()}
    for route in template.routes():
        found |= set(handler_for(route.function).spec.errors)
    return sorted(found)


def _preflight_spec() -> Any:
    """What any OPTIONS request is answered with: the spec of the catch-all's preflight endpoint."""
    from portal.http import PREFLIGHT

    specs = (handler_for(route.function).spec for route in template.routes() if route.method == "OPTIONS")
    return next(spec for spec in specs if spec.operation == PREFLIGHT)


def openapi_path(path: str) -> str:
    """API Gateway's greedy {proxy+} is a plain {proxy} in OpenAPI (it matches one or more segments)."""
    return re.sub(r"\{(\w+)\+\}", r"{\1}", path)


def document(server: str | None = None) -> dict[str, Any]:
    components: dict[str, Any] = {
        "schemas": {},
        "securitySchemes": {
            "citizen": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
            "admin": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
            "agent": {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "JWT",
                "description": "A town agent's token (POST /{tenant}/agent/sessions), never a citizen's",
            },
        },
    }
    components["schemas"]["Problem"] = _problem_schema()
    paths: dict[str, Any] = {}
    methods = Counter(route.function for route in template.routes() if route.method != "OPTIONS")
    preflight = _preflight_spec()
    for route in template.routes():
        spec = handler_for(route.function).spec
        if route.method == "OPTIONS" and spec is not preflight:
            # A browser route's resource: one of its functions answers the preflight as the catch-all does.
            operation = _operation(route, preflight, components["schemas"])
            operation["operationId"] = f"{spec.operation}_preflight"
        else:
            operation = _operation(route, spec, components["schemas"])
        if methods[route.function] > 1 and route.method not in ("GET", "OPTIONS"):  # GET|POST: ids stay unique
            operation["operationId"] = f"{spec.operation}_{route.method.lower()}"
        paths.setdefault(openapi_path(route.path), {})[route.method.lower()] = operation
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "Espace Famille / Espace Facturation: portal API",
            "version": "1.0.0",
            "description": "The HTTP contract of the municipal family and billing portal (shared/API.md).",
        },
        "paths": paths,
        "components": components,
    }
    if server:
        doc["servers"] = [{"url": server}]
    return doc


def _problem_schema() -> dict[str, Any]:
    from portal.platform.errors import PROBLEM_REQUIRED

    return {
        "type": "object",
        "description": "RFC 9457 problem details",
        "required": list(PROBLEM_REQUIRED),
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "code": {"type": "string", "enum": all_codes()},
            "detail": {"type": "string"},
            "errors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["field", "code", "message"],
                    "properties": {
                        "field": {"type": "string"},
                        "code": {"type": "string"},
                        "message": {"type": "string"},
                    },
                },
            },
        },
    }


def _schema(body: type, schemas: dict[str, Any], mode: JsonSchemaMode) -> dict[str, Any]:
    model = source_model(body)
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}", mode=mode)
    for name, definition in schema.pop("$defs", {}).items():
        schemas[name] = definition
    schemas[model.__name__] = schema
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _operation(route: template.Route, spec: Any, schemas: dict[str, Any]) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": spec.operation,
        "summary": spec.summary,
        "parameters": _parameters(route, spec, schemas),
        "responses": {},
    }
    if spec.auth:
        operation["security"] = SECURITY[spec.auth]
    if spec.permissions:
        operation["description"] = "An agent needs one of these permissions: " + ", ".join(spec.permissions) + "."
    if spec.body is not None:
        operation["requestBody"] = {
            "required": not spec.empty_body,
            "content": {"application/json": {"schema": _schema(spec.body, schemas, "validation")}},
        }
    elif spec.raw is not None:
        media, limit = spec.raw
        if media.endswith("ndjson"):
            body: dict[str, Any] = {"type": "string", "maxLength": limit}
        elif media == "application/x-www-form-urlencoded":
            body = {"type": "object", "properties": {"idop": {"type": "string"}}}  # any value: 200, no change
        else:
            body = {"type": "string", "format": "binary"}
        operation["requestBody"] = {"required": True, "content": {media: {"schema": body}}}
    for status, model in sorted(spec.responses.items()):
        answer: dict[str, Any] = {"description": "Success"}
        if model is not None:
            answer["content"] = {"application/json": {"schema": _schema(model, schemas, "serialization")}}
        operation["responses"][str(status)] = answer
    codes = set(COMMON_CODES) | set(spec.errors)
    if spec.body is not None or spec.raw is not None:
        codes |= set(BODY_CODES)
    if spec.params is not None:
        codes.add("validation_failed")
    if spec.auth:
        codes.add("unauthorized")
    by_status: dict[int, list[str]] = {}
    for code in sorted(codes):
        by_status.setdefault(_status_of(code), []).append(code)
    for status, listed in sorted(by_status.items()):
        operation["responses"][str(status)] = {
            "description": f"{PROBLEM_STATUS.get(status, 'Problem')}: {', '.join(listed)}",
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
    return operation


def _parameters(route: template.Route, spec: Any, schemas: dict[str, Any]) -> list[dict[str, Any]]:
    from portal.tenancy.tenants import SLUG_PATTERN

    parameters = []
    for name in re.findall(r"\{(\w+)\+?\}", route.path):
        if name == "tenant":
            schema: dict[str, Any] = {"type": "string", "pattern": SLUG_PATTERN.pattern}
        elif name in PATH_PATTERNS:
            schema = {"type": "string", "pattern": PATH_PATTERNS[name]}
        else:
            schema = {"type": "string", "minLength": 1}
        parameters.append({"name": name, "in": "path", "required": True, "schema": schema})
    for header in spec.reads_headers:
        parameters.append(
            {"name": header, "in": "header", "required": False, "schema": {"type": "string", "maxLength": 255}}
        )
    if spec.params is not None:
        query = source_model(spec.params).model_json_schema(mode="validation")
        for name, schema in query["properties"].items():
            parameters.append(
                {"name": name, "in": "query", "required": name in query.get("required", []), "schema": schema}
            )
    return parameters


if __name__ == "__main__":
    import os

    from .lambdas import use_layer
    from .provision import local_environment

    os.environ.update({"AWS_REGION": "eu-west-3", **local_environment()})
    use_layer()
    print(json.dumps(document(), indent=2, ensure_ascii=False))
