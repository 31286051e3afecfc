"""Run the real Lambda handlers in-process, as API Gateway (REST proxy) would call them.

Used by the local stack and the tests; the handlers are the same files that
``sam build`` packages.
"""

from __future__ import annotations

import base64
import contextvars
import importlib.util
import os
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from . import template

LAYER = template.ROOT / "layers" / "common"


def use_layer() -> None:
    """Make the layer's package importable, as /opt/python is in Lambda."""
    if str(LAYER) not in sys.path:
        sys.path.insert(0, str(LAYER))


_modules: dict[str, ModuleType] = {}
_loading = threading.Lock()  # the local stack's threads (requests, event sources) import a handler once


def handler_for(function: str) -> Any:
    """The handler callable of a template function (by logical id), imported once.

    An API route's handler is a ``portal.http.Endpoint`` (it carries ``.spec``)."""
    props = template.load()["Resources"][function]["Properties"]
    module_name, _, attribute = props["Handler"].rpartition(".")
    with _loading:
        if function not in _modules:
            use_layer()
            path = template.ROOT / props["CodeUri"] / f"{module_name.replace('.', '/')}.py"
            spec = importlib.util.spec_from_file_location(f"lambda_{function}", path)
            assert spec and spec.loader
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            _modules[function] = module
    return getattr(_modules[function], attribute)


@dataclass
class LambdaContext:
    """The attributes of the Lambda context object that Powertools reads."""

    function_name: str
    memory_limit_in_mb: int = 256
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    deadline: float = field(default_factory=lambda: time.time() + 10)

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{os.environ.get('AWS_REGION', 'eu-west-3')}:000000000000:function:{self.function_name}"

    @property
    def function_version(self) -> str:
        return "$LATEST"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.deadline - time.time()) * 1000))


TEXT_TYPES = ("application/json", "text/", "application/x-ndjson", "application/problem+json")


def api_event(
    route: template.Route,
    path: str,
    path_parameters: dict[str, str],
    *,
    headers: dict[str, str] | None = None,
    query: dict[str, list[str]] | None = None,
    body: bytes | None = None,
    source_ip: str = "127.0.0.1",
) -> dict[str, Any]:
    """An API Gateway REST API proxy event (payload format 1.0) for one request."""
    headers = dict(headers or {})
    query = query or {}
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    text, is_base64 = event_body(body, content_type)
    return {
        "resource": route.path,
        "path": path,
        "httpMethod": route.method,
        "headers": headers or None,
        "multiValueHeaders": {k: [v] for k, v in headers.items()} or None,
        "queryStringParameters": {k: v[-1] for k, v in query.items()} or None,
        "multiValueQueryStringParameters": query or None,
        "pathParameters": path_parameters or None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": route.path,
            "httpMethod": route.method,
            "path": f"/local{path}",
            "stage": "local",
            "requestId": str(uuid.uuid4()),
            "requestTimeEpoch": int(time.time() * 1000),
            "identity": {"sourceIp": source_ip, "userAgent": headers.get("User-Agent")},
        },
        "body": text,
        "isBase64Encoded": is_base64,
    }


def event_body(body: bytes | None, content_type: str) -> tuple[str | None, bool]:
    """The event's ``body`` and ``isBase64Encoded``: text as it is when it is UTF-8 of a text type (or of no
    declared type), else base64, as API Gateway passes a binary body."""
    if not body:
        return None, False
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return base64.b64encode(body).decode(), True
    if content_type.startswith(TEXT_TYPES) or not content_type:
        return text, False
    return base64.b64encode(body).decode(), True


# The function whose handler runs in this thread (tests check its AWS calls against its policy).
RUNNING: contextvars.ContextVar[str | None] = contextvars.ContextVar("running_function", default=None)


def invoke_function(function: str, event: dict[str, Any]) -> Any:
    """Run a template function's handler on an event, as Lambda would."""
    token = RUNNING.set(function)
    try:
        deadline = time.time() + template.function_timeout(function)
        return handler_for(function)(event, LambdaContext(function_name=function, deadline=deadline))
    finally:
        RUNNING.reset(token)


def invoke(route: template.Route, event: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = invoke_function(route.function, event)
    return result
