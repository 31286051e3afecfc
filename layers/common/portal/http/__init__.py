"""API Gateway (REST, proxy) events in; JSON or RFC 9457 problem+json out.

``@endpoint`` is the one place where requests are parsed, authenticated and
validated, where errors become problems, and where CORS, logging and usage counting
happen, so that handlers stay a few lines of domain calls.

At import, ``@endpoint`` builds one ``Pipeline`` for the route. A function's
Lambda entry point (``handler`` in its ``app.py``) is Powertools' logging
context (correlation id, cold start) around ``Pipeline.lambda_handler``, which
takes each event through these steps:

1. ``Pipeline.lambda_handler`` lower-cases the headers and names the operation
   for the logs: the route's own, or ``PREFLIGHT`` for any OPTIONS request.
2. ``Pipeline.tenant``: the municipality of the path's ``{tenant}``, or its 404;
   the logs carry its slug from here on.
3. ``preflight`` answers an OPTIONS request (a CORS preflight) at once, before
   any credential or body is looked at. Any other request goes on through
   ``Pipeline.answer``, which runs the route's steps below.
4. ``Pipeline.auth``: who calls (``callers``): a citizen's bearer token, the
   tenant's admin key, an agent's bearer token, or on a town route either of
   the last two, the agent's permissions checked; before the body is read.
5. ``Pipeline.body``: the JSON body, read within its size limit and validated by
   the route's model (``_json_body``), or a raw body of the route's media type.
6. ``Pipeline.request``: the query string validated by the route's params model,
   and the ``Request`` the handler gets (a ``CitizenRequest``, with the caller,
   on a citizen route).
7. The route's handler is called with that request.
8. ``Pipeline.shape``: the handler's answer must be a declared success; a domain
   value becomes the declared body model.
9. Back in ``Pipeline.lambda_handler``: an ``ApiError`` raised by any step
   becomes its problem (``problem_response``), anything else is logged and
   answered as a generic problem; the answer is counted for the tenant's usage
   report (``count_request``) and logged.
10. ``render`` makes the API Gateway proxy result: the base headers, the CORS
    headers of the tenant's portal origins (``cors_headers``), the JSON body.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol, cast, overload

from aws_lambda_powertools.logging import correlation_paths

from portal.http import callers
from portal.platform.errors import (
    ApiError,
    FieldProblem,
    MalformedBody,
    PayloadTooLarge,
    UnsupportedMediaType,
    ValidationFailed,
)
from portal.platform.metering import count_request
from portal.platform.observability import logger
from portal.platform.table import connect
from portal.tenancy.model import Tenant
from portal.tenancy.tenants import get_tenant

if TYPE_CHECKING:
    from portal.accounts.sessions import Principal
    from portal.agents.model import Caller
    from portal.agents.sessions import AgentSession
    from portal.platform.bodies import Body
    from portal.platform.engine import ValidationError

JSON_BODY_LIMIT = 16 * 1024
CORS_ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key, X-Api-Key"
CORS_ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
PREFLIGHT = "cors_preflight"  # the operation every OPTIONS request is, whichever function answers it
BASE_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}

# pydantic-core's error types → the API's stable codes; others keep pydantic's own snake_case type.
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
    "union_tag_invalid": "unknown_field",  # a tagged union's tag names none of its kinds (a file change's field)
    "model_attributes_type": "invalid_type",
}


@dataclass(frozen=True)
class Request[B: Body | None = None, P: Body | None = None]:
    """What a handler gets: the resolved tenant, the validated body and query, the raw body."""

    tenant: Tenant
    headers: dict[str, str]
    path: dict[str, str]
    query: dict[str, str]
    body: B
    params: P
    raw_body: bytes = b""
    source_ip: str = ""  # the caller's address as API Gateway saw it (guessing throttles count it)


@dataclass(frozen=True)
class CitizenRequest[B: Body | None = None, P: Body | None = None](Request[B, P]):
    """A citizen route's request: it always has the authenticated caller."""

    principal: Principal = field(kw_only=True)


@dataclass(frozen=True)
class TownCall[B: Body | None = None, P: Body | None = None](Request[B, P]):
    """A town route's request: the tenant's software (the admin key: ``session`` None) or an agent."""

    session: AgentSession | None = field(kw_only=True)

    @property
    def caller(self) -> Caller:
        from portal.agents.model import Caller  # values only: a town route loads its area anyway

        return Caller(self.session.agent if self.session else None)


@dataclass
class Response:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class EndpointSpec:
    """What a route accepts and answers; read by the OpenAPI generator (infra/openapi.py)."""

    operation: str
    summary: str
    body: type[Body] | None
    raw: tuple[str, int] | None
    params: type[Body] | None
    auth: str | None
    responses: dict[int, type[Body] | None]
    errors: tuple[str, ...]
    empty_body: bool = False
    reads_headers: tuple[str, ...] = ()
    permissions: tuple[str, ...] = ()  # a town route's: an agent needs one of them


class Endpoint(Protocol):
    """A Lambda handler made by ``@endpoint``, carrying its route's spec."""

    spec: EndpointSpec

    def __call__(self, event: dict[str, Any], context: Any) -> dict[str, Any]: ...


@overload
def endpoint[B: Body | None = None, P: Body | None = None](
    operation: str,
    *,
    auth: Literal["citizen"],
    body: type[B] | None = None,
    params: type[P] | None = None,
    raw: tuple[str, int] | None = None,
    responses: dict[int, type[Body] | None],
    errors: tuple[str, ...] = (),
    empty_body: bool = False,
    reads_headers: tuple[str, ...] = (),
    body_limit: int = JSON_BODY_LIMIT,
) -> Callable[[Callable[[CitizenRequest[B, P]], Response]], Endpoint]: ...


@overload
def endpoint[B: Body | None = None, P: Body | None = None](
    operation: str,
    *,
    auth: Literal["town", "agent"],
    permissions: tuple[str, ...] = (),
    body: type[B] | None = None,
    params: type[P] | None = None,
    raw: tuple[str, int] | None = None,
    responses: dict[int, type[Body] | None],
    errors: tuple[str, ...] = (),
    empty_body: bool = False,
    reads_headers: tuple[str, ...] = (),
    body_limit: int = JSON_BODY_LIMIT,
) -> Callable[[Callable[[TownCall[B, P]], Response]], Endpoint]: ...


@overload
def endpoint[B: Body | None = None, P: Body | None = None](
    operation: str,
    *,
    auth: Literal["admin"] | None = None,
    body: type[B] | None = None,
    params: type[P] | None = None,
    raw: tuple[str, int] | None = None,
    responses: dict[int, type[Body] | None],
    errors: tuple[str, ...] = (),
    empty_body: bool = False,
    reads_headers: tuple[str, ...] = (),
    body_limit: int = JSON_BODY_LIMIT,
) -> Callable[[Callable[[Request[B, P]], Response]], Endpoint]: ...


def endpoint(
    operation: str,
    *,
    auth: Literal["citizen", "admin", "town", "agent"] | None = None,
    permissions: tuple[str, ...] = (),
    body: type[Any] | None = None,
    params: type[Any] | None = None,
    raw: tuple[str, int] | None = None,
    responses: dict[int, type[Body] | None],
    errors: tuple[str, ...] = (),
    empty_body: bool = False,
    reads_headers: tuple[str, ...] = (),
    body_limit: int = JSON_BODY_LIMIT,
) -> Callable[[Callable[[Any], Response]], Endpoint]:
    """Turn ``handler(request) -> Response`` into a Lambda handler for an API Gateway route.

    ``auth``: a citizen's bearer token (the handler gets a ``CitizenRequest``),
    the tenant's admin key, an agent's bearer token (``agent``), or either of
    the last two (``town``: an agent needs one of ``permissions``; the handler
    gets a ``TownCall``), checked before the body is read. ``body``: a
    JSON body validated by this model. ``raw``: a body of this media type, at
    most this many bytes, handed over as bytes. ``params``: the query string,
    validated by this model. ``responses``: each success status and its body
    model (None: no body); ``errors``: the problem codes particular to this
    route; ``empty_body``: no body at all stands for ``{}``; ``reads_headers``:
    optional request headers the route reads; ``body_limit``: a JSON body's
    largest size in bytes (16 KB unless the route needs more). With the handler's one-line
    docstring they document the route (OpenAPI), and a success outside
    ``responses`` is a bug, not an answer.
    """

    def decorate(handler: Callable[[Any], Response]) -> Endpoint:
        connect()  # every route reads DynamoDB (the tenant, at least)
        summary = (handler.__doc__ or operation).strip().splitlines()[0]
        spec = EndpointSpec(
            operation, summary, body, raw, params, auth, responses, errors, empty_body, reads_headers, permissions
        )
        pipeline = Pipeline(spec, handler, body_limit)
        in_context = logger.inject_lambda_context(
            correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True
        )
        lambda_handler = functools.update_wrapper(in_context(pipeline.lambda_handler), handler)
        endpoint_handler = cast(Endpoint, lambda_handler)
        endpoint_handler.spec = spec
        return endpoint_handler

    return decorate


class Pipeline:
    """One route's way from an API Gateway event to its handler and back, built once at import.

    Each method is one step of the module docstring's list, in its order.
    """

    __slots__ = ("body_limit", "handler", "spec")

    def __init__(self, spec: EndpointSpec, handler: Callable[[Any], Response], body_limit: int) -> None:
        self.spec = spec
        self.handler = handler
        self.body_limit = body_limit

    def lambda_handler(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        """The Lambda handler: an event in, whatever happens an API Gateway proxy result out."""
        headers = _lower_headers(event)
        tenant: Tenant | None = None
        # The template gives each browser route's resource an OPTIONS method on one of its functions: a
        # CORS preflight, answered before any credential or body is looked at, and counted as one.
        name = PREFLIGHT if event.get("httpMethod") == "OPTIONS" else self.spec.operation
        logger.append_keys(operation=name)
        try:
            tenant = self.tenant(event)
            response = preflight(tenant, headers) if name == PREFLIGHT else self.answer(event, headers, tenant)
        except ApiError as exc:
            response = problem_response(exc)
        except Exception:  # a bug: log it, answer a generic problem, leak nothing
            logger.exception("unhandled error")
            response = problem_response(ApiError())
        if tenant is not None:  # every answered request of a municipality, for its usage report
            count_request(tenant.slug, name, response.status)
        logger.info("request handled", extra={"status": response.status})
        return render(response, cors_headers(tenant, headers))

    def tenant(self, event: dict[str, Any]) -> Tenant:
        """The municipality the path names (``TenantNotFound`` if none), from here on a log key."""
        tenant = get_tenant((event.get("pathParameters") or {}).get("tenant") or "")
        logger.append_keys(tenant=tenant.slug)
        return tenant

    def answer(self, event: dict[str, Any], headers: dict[str, str], tenant: Tenant) -> Response:
        """The route's own steps: the caller, the body, the request, the handler, the answer's shape."""
        principal = self.auth(tenant, headers)
        raw_body, parsed = self.body(event, headers)
        request = self.request(event, headers, tenant, principal, raw_body, parsed)
        return self.shape(self.handler(request))

    def auth(self, tenant: Tenant, headers: dict[str, str]) -> Principal | callers.Town | None:
        """The citizen a bearer token names, the tenant's admin key checked, or the town's caller (the
        software or an agent allowed here); nothing on a public route."""
        if self.spec.auth == "citizen":
            return callers.citizen(tenant, headers)
        if self.spec.auth == "admin":
            callers.admin(tenant, headers)
        if self.spec.auth == "town":
            return callers.town(tenant, headers, self.spec.permissions)
        if self.spec.auth == "agent":
            return callers.Town(callers.agent(tenant, headers))
        return None

    def body(self, event: dict[str, Any], headers: dict[str, str]) -> tuple[bytes, Body | None]:
        """The body's bytes within their limit and, for a JSON route, the body validated by its model."""
        spec = self.spec
        if spec.body is not None:
            raw_body = _raw_body(event, self.body_limit)
            if spec.empty_body and not raw_body:
                return raw_body, _validated(spec.body, {})
            return raw_body, _json_body(spec.body, headers, raw_body)
        if spec.raw is not None:
            raw_body = _raw_body(event, spec.raw[1])
            _require_media_type(headers, spec.raw[0])
            return raw_body, None
        return b"", None

    def request(
        self,
        event: dict[str, Any],
        headers: dict[str, str],
        tenant: Tenant,
        principal: Principal | callers.Town | None,
        raw_body: bytes,
        parsed: Body | None,
    ) -> Request[Any, Any]:
        """What the handler gets, with the query string validated by the route's params model."""
        params = self.spec.params
        query = dict(event.get("queryStringParameters") or {})
        request: Request[Any, Any] = Request(
            tenant=tenant,
            headers=headers,
            path=dict(event.get("pathParameters") or {}),
            query=query,
            body=parsed,
            params=_validated(params, query) if params is not None else None,
            raw_body=raw_body,
            source_ip=str(((event.get("requestContext") or {}).get("identity") or {}).get("sourceIp") or ""),
        )
        if isinstance(principal, callers.Town):
            return TownCall(**request.__dict__, session=principal.session)
        if principal is not None:
            return CitizenRequest(**request.__dict__, principal=principal)
        return request

    def shape(self, response: Response) -> Response:
        """The handler's answer as declared: a success outside ``responses`` is a bug, not an answer."""
        declared = self.spec.responses.get(response.status, ...)
        if declared is ... or (declared is None) != (response.body is None):
            raise TypeError(f"{self.spec.operation} answered {response.status}, which its spec does not declare")
        if declared is not None and not isinstance(response.body, declared):
            # A domain value (a frozen dataclass): its fields are the declared body's, by name.
            shaped = declared.model_validate(response.body, from_attributes=True)
            return Response(response.status, shaped, response.headers)
        return response


def _lower_headers(event: dict[str, Any]) -> dict[str, str]:
    return {k.lower(): v for k, v in (event.get("headers") or {}).items() if isinstance(v, str)}


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


def _json_body[B: Body](model: type[B], headers: dict[str, str], data: bytes) -> B:
    kind, params = media_type(headers)
    if kind != "application/json" or params.get("charset", "utf-8") != "utf-8":
        raise UnsupportedMediaType("Send the body as application/json (UTF-8)")
    try:
        document = json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: nested too deep to be a body
        raise MalformedBody() from None
    return _validated(model, document)


def _validated[M: Body](model: type[M], document: object) -> M:
    from portal.platform.engine import ValidationError  # only routes with a body or query

    try:
        return model.model_validate(document)
    except ValidationError as exc:
        raise validation_problem(exc) from None


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def validation_problem(exc: ValidationError) -> ValidationFailed:
    errors: list[FieldProblem] = []
    for error in exc.errors(include_url=False, include_input=False):
        loc = ".".join(str(part) for part in error["loc"]) or "body"
        errors.append({"field": loc, "code": PYDANTIC_CODES.get(error["type"], error["type"]), "message": error["msg"]})
    return ValidationFailed(errors=errors)


def problem_response(exc: ApiError) -> Response:
    return Response(exc.status, exc.problem(), exc.problem_headers())


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


def preflight(tenant: Tenant, headers: dict[str, str]) -> Response:
    """A CORS preflight's answer: permission for the tenant's portal origins only (``cors_headers`` adds the
    origin itself), none for any other origin, so that the browser refuses the call."""
    if headers.get("origin") not in tenant.allowed_origins:
        return Response(204)
    return Response(
        204,
        headers={
            "Access-Control-Allow-Methods": CORS_ALLOWED_METHODS,
            "Access-Control-Allow-Headers": CORS_ALLOWED_HEADERS,
            "Access-Control-Max-Age": "600",
        },
    )


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


__all__ = [
    "PREFLIGHT",
    "CitizenRequest",
    "Request",
    "Response",
    "TownCall",
    "endpoint",
    "preflight",
    "problem_response",
    "render",
]
