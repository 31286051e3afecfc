"""API Gateway (REST, proxy) events in; JSON or RFC 9457 problem+json out.

``@endpoint`` is the one place where requests are parsed, authenticated and
validated, where errors become problems, and where CORS, logging and metrics
happen, so that handlers stay a few lines of domain calls.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit

from .domain.tenants import Tenant, get_tenant
from .errors import (
    ApiError,
    MalformedBody,
    PayloadTooLarge,
    Unauthorized,
    UnsupportedMediaType,
    ValidationFailed,
)
from .observability import logger, metrics
from .store.models import connect

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

    from .domain.accounts import Principal

JSON_BODY_LIMIT = 16 * 1024
CORS_ALLOWED_HEADERS = "Authorization, Content-Type, X-Api-Key"
CORS_ALLOWED_METHODS = "GET, POST, PUT, DELETE, OPTIONS"
BASE_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}

# pydantic error types → the API's stable codes; others keep pydantic's own snake_case type.
PYDANTIC_CODES = {
    "missing": "required",
    "extra_forbidden": "unknown_field",
    "string_too_short": "too_short",
    "string_too_long": "too_long",
    "string_type": "invalid_type",
    "bool_type": "invalid_type",
    "int_type": "invalid_type",
    "model_type": "invalid_type",
    "dict_type": "invalid_type",
    "literal_error": "invalid_choice",
}


@dataclass
class Request[B: BaseModel]:
    """What a handler gets: the resolved tenant, the validated body, the caller."""

    tenant: Tenant
    headers: dict[str, str]
    path: dict[str, str]
    query: dict[str, str]
    body: B
    principal: Principal | None = None
    raw_body: bytes = b""
    params: Any = None


@dataclass
class Response:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Request[Any]], Response]


@dataclass(frozen=True)
class EndpointSpec:
    """What a route accepts and answers; read by the OpenAPI generator (infra/openapi.py)."""

    operation: str
    body: type[BaseModel] | None
    raw: tuple[str, int] | None
    params: type[BaseModel] | None
    auth: str | None
    responses: dict[int, type[BaseModel] | None]
    errors: tuple[str, ...]


def endpoint(
    operation: str,
    *,
    body: type[BaseModel] | None = None,
    raw: tuple[str, int] | None = None,
    params: type[BaseModel] | None = None,
    auth: Literal["citizen", "admin"] | None = None,
    responses: dict[int, type[BaseModel] | None],
    errors: tuple[str, ...] = (),
) -> Callable[[Handler], Callable[[dict[str, Any], Any], dict[str, Any]]]:
    """Turn ``handler(request) -> Response`` into a Lambda handler for an API Gateway route.

    ``body``: a JSON body validated by this model. ``raw``: a body of this media
    type, at most this many bytes, handed over as bytes. ``params``: the query
    string, validated by this model (``request.params``). ``auth``: a citizen's
    bearer token or the tenant's admin key, checked before the body is read.
    ``responses``: each success status and its body model (None: no body);
    ``errors``: the problem codes particular to this route. Both document the
    route (OpenAPI), and a success outside ``responses`` is a bug, not an answer.
    """
    spec = EndpointSpec(operation, body, raw, params, auth, responses, errors)

    def decorate(handler: Handler) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
        connect()  # every route reads DynamoDB (the tenant, at least)

        @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
        @functools.wraps(handler)
        def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
            headers = _lower_headers(event)
            tenant: Tenant | None = None
            logger.append_keys(operation=operation)
            try:
                tenant = get_tenant((event.get("pathParameters") or {}).get("tenant") or "")
                logger.append_keys(tenant=tenant.slug)
                request: Request[Any] = Request(
                    tenant=tenant,
                    headers=headers,
                    path=dict(event.get("pathParameters") or {}),
                    query=dict(event.get("queryStringParameters") or {}),
                    body=None,
                )
                if auth == "citizen":
                    request.principal = _citizen(tenant, headers)
                elif auth == "admin":
                    _admin(tenant, headers)
                if body is not None:
                    request.raw_body = _raw_body(event, JSON_BODY_LIMIT)
                    request.body = _json_body(body, headers, request.raw_body)
                elif raw is not None:
                    request.raw_body = _raw_body(event, raw[1])
                    _require_media_type(headers, raw[0])
                if params is not None:
                    request.params = _validated(params, request.query)
                response = handler(request)
                declared = responses.get(response.status, ...)
                if declared is ... or (declared is None) != (response.body is None):
                    raise TypeError(f"{operation} answered {response.status}, which its spec does not declare")
            except ApiError as exc:
                response = problem_response(exc)
            except Exception:  # a bug: log it, answer a generic problem, leak nothing
                logger.exception("unhandled error")
                response = problem_response(ApiError())
            _record(operation, tenant, response.status)
            logger.info("request handled", extra={"status": response.status})
            return render(response, cors_headers(tenant, headers))

        lambda_handler.spec = spec  # type: ignore[attr-defined]
        return lambda_handler

    return decorate


def _lower_headers(event: dict[str, Any]) -> dict[str, str]:
    return {k.lower(): v for k, v in (event.get("headers") or {}).items() if isinstance(v, str)}


def _citizen(tenant: Tenant, headers: dict[str, str]) -> Principal:
    from .domain.accounts import authenticate

    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(headers={"WWW-Authenticate": "Bearer"})
    try:
        return authenticate(tenant, token.strip())
    except Unauthorized as exc:
        exc.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        raise


def _admin(tenant: Tenant, headers: dict[str, str]) -> None:
    from .domain.tenants import admin_key_matches

    if not admin_key_matches(tenant, headers.get("x-api-key", "")):
        raise Unauthorized("A valid X-Api-Key of this municipality is required")


def _require_media_type(headers: dict[str, str], expected: str) -> None:
    if media_type(headers)[0] != expected:
        raise UnsupportedMediaType(f"Send the body as {expected}")


def _raw_body(event: dict[str, Any], limit: int) -> bytes:
    raw = event.get("body") or ""
    if event.get("isBase64Encoded"):
        if len(raw) > (limit * 4) // 3 + 4:
            raise PayloadTooLarge()
        try:
            data = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            raise MalformedBody() from None
    else:
        data = raw.encode("utf-8", "surrogatepass")
    if len(data) > limit:
        raise PayloadTooLarge(f"The request body must not exceed {limit} bytes")
    return data


def media_type(headers: dict[str, str]) -> tuple[str, dict[str, str]]:
    value = headers.get("content-type", "")
    kind, *params = value.split(";")
    parsed = {}
    for param in params:
        name, _, val = param.partition("=")
        parsed[name.strip().lower()] = val.strip().strip('"').lower()
    return kind.strip().lower(), parsed


def _json_body[B: BaseModel](model: type[B], headers: dict[str, str], data: bytes) -> B:
    kind, params = media_type(headers)
    if kind != "application/json" or params.get("charset", "utf-8") != "utf-8":
        raise UnsupportedMediaType("Send the body as application/json (UTF-8)")
    try:
        document = json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError):
        raise MalformedBody() from None
    return _validated(model, document)


def _validated[M: BaseModel](model: type[M], document: object) -> M:
    from pydantic import ValidationError  # only routes with a body or query model import pydantic

    try:
        return model.model_validate(document)
    except ValidationError as exc:
        raise validation_problem(exc) from None


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def validation_problem(exc: ValidationError) -> ValidationFailed:
    errors = []
    for error in exc.errors(include_url=False, include_input=False):
        loc = ".".join(str(part) for part in error["loc"]) or "body"
        errors.append({"field": loc, "code": PYDANTIC_CODES.get(error["type"], error["type"]), "message": error["msg"]})
    return ValidationFailed(errors=errors)


def problem_response(exc: ApiError) -> Response:
    body: dict[str, Any] = {
        "type": f"/problems/{exc.code}",
        "title": exc.title,
        "status": exc.status,
        "code": exc.code,
        "detail": exc.detail,
    }
    if exc.errors:
        body["errors"] = exc.errors
    headers = dict(exc.headers)
    if exc.retry_after is not None:
        headers["Retry-After"] = str(exc.retry_after)
    headers["Content-Type"] = "application/problem+json"
    return Response(exc.status, body, headers)


def cors_headers(tenant: Tenant | None, headers: dict[str, str]) -> dict[str, str]:
    """CORS headers for a browser call from one of the tenant's configured portal origins."""
    origin = headers.get("origin")
    if tenant is None or not origin or origin not in tenant.allowed_origins:
        return {"Vary": "Origin"}
    return {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Expose-Headers": "Retry-After, WWW-Authenticate",
        "Vary": "Origin",
    }


def render(response: Response, extra_headers: dict[str, str]) -> dict[str, Any]:
    headers = {**BASE_HEADERS, **extra_headers, **response.headers}
    if response.body is None:
        return {"statusCode": response.status, "headers": headers, "body": ""}
    body = response.body
    payload = body.model_dump(mode="json") if hasattr(body, "model_dump") else body
    headers.setdefault("Content-Type", "application/json")
    return {
        "statusCode": response.status,
        "headers": headers,
        "body": json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
    }


def _record(operation: str, tenant: Tenant | None, status: int) -> None:
    metrics.add_dimension(name="tenant", value=tenant.slug if tenant else "unknown")
    metrics.add_dimension(name="operation", value=operation)
    metrics.add_metric(name="Requests", unit=MetricUnit.Count, value=1)
    if status >= 500:
        metrics.add_metric(name="ServerErrors", unit=MetricUnit.Count, value=1)
    elif status >= 400:
        metrics.add_metric(name="ClientErrors", unit=MetricUnit.Count, value=1)
    metrics.flush_metrics()
    metrics.clear_metrics()  # a disabled flush (local stack, tests) would keep them


__all__ = ["Request", "Response", "endpoint", "problem_response", "render"]
