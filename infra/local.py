"""`make run`: the whole API on 127.0.0.1 with embedded stand-ins for AWS.

- moto's threaded server stands in for DynamoDB, S3, SES and Secrets Manager;
  the handlers reach it through AWS_ENDPOINT_URL, exactly as they would AWS.
- The HTTP routes come from template.yaml; each request becomes an API Gateway
  proxy event for the real handler of that route.
- The template's other event sources (SQS mappings, S3 objects through EventBridge rules, SNS
  subscriptions, schedules) run by themselves, with the cloud's semantics (``events.EventSources``).
- /_local/outbox, /_local/tenants, the PayFiP stand-in (/_local/payfip/…) and
  /_local/jobs/… (scheduled or queue-driven work, run now) are served here only (never deployed).
- It holds a town's use: the stand-in's transactions cost what they write (``infra.moto_fixes``), the
  front door keeps a backlog for bursts of connections (``FrontDoor``), and SIGTERM or Ctrl-C stops it
  within seconds, requests in flight or not.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

if TYPE_CHECKING:
    from portal.platform.errors import ApiError

MAX_BODY = 10 * 1024 * 1024  # API Gateway's own payload limit
LAMBDA_EVENT_LIMIT = 6 * 1024 * 1024  # a synchronous invocation's payload: the event, body included
LOCAL_NUMCLI = "123456"  # the régie of tenants with online payment on the stand-in
STOP_SECONDS = 3.0  # how long stopping waits for the event sources' threads, so that SIGTERM ends it in seconds


def _scheduled(function: str, given: str, event_field: str) -> Any:
    """A scheduled function run now; the body's ``given`` field, if any, becomes the event's ``event_field``."""

    def run(body: dict[str, Any]) -> Any:
        from .lambdas import invoke_function

        return invoke_function(function, {event_field: body[given]} if given in body else {})

    return run


def _invoke(function: str, event: dict[str, Any]) -> Any:
    from .lambdas import invoke_function

    return invoke_function(function, event)


def _notifications(body: dict[str, Any]) -> Any:
    from .queues import drain

    return drain()


# Scheduled or queue-driven work that POST /_local/jobs/{job} runs now, from its JSON body.
JOBS = {
    "payments-sweep": _scheduled("SweepPaymentsFunction", "now", "time"),
    "bookings-sweep": _scheduled("SweepBookingsFunction", "now", "time"),
    "booking-summaries": lambda body: _invoke("SweepBookingsFunction", {"summaries": "now"}),
    "notifications": _notifications,
    "reminders": _scheduled("SendRemindersFunction", "today", "today"),
    "appointment-reminders": _scheduled("SendAppointmentRemindersFunction", "today", "today"),
    "documents-cleanup": _scheduled("CleanDocumentsFunction", "now", "time"),
}
WEB = Path(__file__).resolve().parent.parent / "web"
WEB_TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css"}
# The reference portal (web/), served at / so that mailed activation links open it; its other files
# (the modules under web/core/ and web/areas/ included) are served by their path (web_file).
WEB_PAGES = {
    "/": "index.html",
    "/activation": "index.html",
    "/mot-de-passe": "index.html",
    "/email": "index.html",
    "/agent/": "agent/index.html",  # the agents' console (web/agent/)
}


def web_file(path: str) -> str | None:
    """The file under web/ that GET ``path`` serves (a page, or a portal file by its path), or None.

    Only .html, .js and .css files, and never anything outside web/ (no ``..``, no link out)."""
    if path in WEB_PAGES:
        return WEB_PAGES[path]
    root = WEB.resolve()
    try:
        target = (root / path.lstrip("/")).resolve()
        found = target.suffix in WEB_TYPES and target.is_relative_to(root) and target.is_file()
    except (OSError, ValueError):
        return None
    return target.relative_to(root).as_posix() if found else None


def configure_environment(moto_endpoint: str) -> None:
    from .provision import LOCAL_REGION, local_environment

    os.environ.update(
        {
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "AWS_REGION": LOCAL_REGION,
            "AWS_DEFAULT_REGION": LOCAL_REGION,
            "AWS_ENDPOINT_URL": moto_endpoint,
            "POWERTOOLS_METRICS_DISABLED": "true",
        }
    )
    os.environ.update(local_environment())
    os.environ["POWERTOOLS_LOG_LEVEL"] = os.environ.get("LOG_LEVEL", "WARNING")


class LocalServer:
    """The stand-in AWS (moto) plus the HTTP front door; ``start()`` returns once both listen."""

    def __init__(self, port: int = 3000, host: str = "127.0.0.1", event_sources: bool = True) -> None:
        """``event_sources=False``: nothing runs by itself (the benchmarks, which count one operation's
        AWS calls and run the jobs themselves)."""
        from .payfip_standin import PayFipStandIn

        self.host, self.port = host, port
        self.event_sources = event_sources
        self.admin_keys: dict[str, str] = {}
        self.payfip = PayFipStandIn()

    def start(self) -> None:
        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the stand-in's access log
        self.moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.moto.start()
        moto_host, moto_port = self.moto.get_host_and_port()
        configure_environment(f"http://{moto_host}:{moto_port}")

        import boto3

        from .events import REDELIVERY_SCALE, EventSources
        from .lambdas import use_layer
        from .moto_fixes import between_refuses_reversed_bounds, transactions_back_up_items
        from .provision import SERVICES, provision, serialize_dynamodb

        use_layer()
        serialize_dynamodb()
        transactions_back_up_items()
        between_refuses_reversed_bounds()
        provision({name: boto3.client(name) for name in SERVICES}, redelivery_scale=REDELIVERY_SCALE)
        self.events = EventSources(only=None if self.event_sources else lambda source: False)
        self.http = FrontDoor((self.host, self.port), self)
        self.port = self.http.server_address[1]
        os.environ.update(
            {  # online payment goes to the stand-in, and PayFiP's callbacks come back here
                "PUBLIC_API_URL": self.url,
                "PAYFIP_ENDPOINT": f"{self.url}/_local/payfip/soap",
                "PAYFIP_PAGE": f"{self.url}/_local/payfip/paiement?idop={{idop}}",
            }
        )
        from portal.platform.config import settings

        settings.cache_clear()
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()
        self.events.start()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def aws_endpoint(self) -> str:
        """The stand-in AWS (S3, SQS, …): AWS_ENDPOINT_URL for a client of the local stack's resources."""
        return os.environ["AWS_ENDPOINT_URL"]

    def create_tenant(
        self, slug: str, name: str, online_payment: bool = False, settings: dict[str, Any] | None = None
    ) -> str:
        """A new tenant and its admin key; ``settings``: how its families keep their file (API.md v1.3, any
        part of ``{"certify_every_months", "apply_at_once"}``), checked before the tenant is made."""
        from portal.tenancy.provisioning import create_tenant, set_family_file
        from portal.tenancy.store import set_payment

        from .provision import LOCAL_SENDER_DOMAIN

        given = dict(settings or {})
        every, at_once = given.pop("certify_every_months", None), given.pop("apply_at_once", [])
        if given or not isinstance(at_once, list) or not (every is None or type(every) is int):
            raise ValueError("settings: certify_every_months (months or null) and apply_at_once (a list of groups)")
        set_family_file(slug, every, at_once, check_only=True)
        key = create_tenant(
            slug=slug,
            name=name,
            portal_url=self.url,
            sender_email=f"ne-pas-repondre@{LOCAL_SENDER_DOMAIN}",
            allowed_origins=[self.url],
        )
        if every is not None or at_once:
            set_family_file(slug, every, at_once)
        if online_payment:
            set_payment(slug, LOCAL_NUMCLI, "T")
        self.admin_keys[slug] = key
        return key

    def stop(self, timeout: float = STOP_SECONDS) -> None:
        """Stop the event sources (waiting at most ``timeout`` seconds for what they run), then the front door
        and the stand-in; a request in flight is abandoned, as a stopped container's would be."""
        self.events.stop(timeout)
        self.http.shutdown()
        self.http.server_close()
        self.moto.stop()


class FrontDoor(ThreadingHTTPServer):
    """The local stack's HTTP server: one thread per connection, and room for a town's simultaneous ones."""

    # The standard library listens with a backlog of 5: a burst of connections past it waits for the
    # client's retry, or is reset, before a thread even takes it.
    request_queue_size = 128
    daemon_threads = True
    block_on_close = False  # stopping does not wait for requests in flight

    def __init__(self, address: tuple[str, int], stack: LocalServer) -> None:
        self.stack = stack
        super().__init__(address, Handler)


class Handler(BaseHTTPRequestHandler):
    """One request: the API's routes through their Lambda handlers, the portal's files, and /_local/…."""

    protocol_version = "HTTP/1.1"
    server_version = "portal-local"
    server: FrontDoor

    def log_message(self, format: str, *args: Any) -> None:
        if os.environ.get("LOCAL_ACCESS_LOG"):
            sys.stderr.write(f"{self.command} {urlsplit(self.path).path} {args[1] if len(args) > 1 else ''}\n")

    def __getattr__(self, name: str) -> Any:
        # Any method (TRACE, QUERY, PROPFIND…) goes through the route table: 405 or 404, never a 501.
        if name.startswith("do_"):
            return self._dispatch
        raise AttributeError(name)

    @property
    def stack(self) -> LocalServer:
        return self.server.stack

    def _dispatch(self) -> None:
        url = urlsplit(self.path)
        body = self._body()
        if body is None:
            return
        if url.path.startswith("/_local/payfip/"):
            self._payfip(url.path.removeprefix("/_local/payfip/"), url.query, body)
        elif url.path.startswith("/_local/"):
            self._local(url.path, body)
        elif self.command in ("GET", "HEAD") and (name := web_file(url.path)):
            self._static(name)
        elif url.path == "/openapi.json" and self.command == "GET":
            from .openapi import document

            self._send(200, document(server=self.stack.url))
        else:
            self._api(url.path, url.query, body)

    def _body(self) -> bytes | None:
        """The request's body; None once a body past API Gateway's limit is answered (413)."""
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._problem(_errors().PayloadTooLarge("API Gateway accepts at most 10 MB"))
            self.close_connection = True
            return None
        return self.rfile.read(length) if length else b""

    def _api(self, path: str, query: str, body: bytes) -> None:
        """A route of the template: its Lambda handler, called with API Gateway's proxy event."""
        from . import template
        from .lambdas import api_event, invoke

        errors = _errors()
        route, methods = template.resolve(self.command, path)
        if route is None:
            # API Gateway answers a method its resource lacks with its 403 (our 404 problem); a route's
            # resource answers 405 here, which says more. The catch-all only answers preflights: 404.
            if set(methods) - {"OPTIONS"}:
                self._problem(errors.MethodNotAllowed(headers={"Allow": ", ".join(methods)}))
            else:
                self._problem(errors.NotFound("No such route"))
            return
        event = api_event(
            route,
            path,
            route.match(path) or {},
            headers=dict(self.headers.items()),
            query=parse_qs(query, keep_blank_values=True),
            body=body,
            source_ip=self.client_address[0],
        )
        if len(json.dumps(event).encode()) > LAMBDA_EVENT_LIMIT:
            # Lambda refuses the invocation and API Gateway answers its 5XX (our 503), not the handler's 413:
            # why the contract's limits are 4 MB (v1.2).
            self._problem(errors.ServiceUnavailable("Try again shortly", retry_after=2))
            return
        self._send_lambda(invoke(route, event))

    def _local(self, path: str, body: bytes) -> None:
        """The local stack's own routes (never deployed)."""
        if path == "/_local/outbox" and self.command == "GET":
            from .outbox import messages

            self._send(200, {"messages": messages(os.environ["AWS_REGION"])})
        elif path == "/_local/tenants" and self.command == "POST":
            self._tenant(body)
        elif path == "/_local/ses/bounce" and self.command == "POST":
            self._bounce(body)
        elif path.startswith("/_local/jobs/") and self.command == "POST":
            self._job(path.removeprefix("/_local/jobs/"), body)
        else:
            self._problem(_errors().NotFound("No such route"))

    def _tenant(self, body: bytes) -> None:
        """A new tenant, ``{"tenant", "name"?, "online_payment"?, "settings"?}``: its admin key."""
        from portal.tenancy.provisioning import TenantExists

        errors = _errors()
        try:
            data = json.loads(body or b"{}")
            slug, name = str(data["tenant"]), str(data.get("name") or data["tenant"])
            key = self.stack.create_tenant(
                slug, name, online_payment=data.get("online_payment") is True, settings=data.get("settings")
            )
        except (ValueError, KeyError, TypeError) as exc:
            self._problem(errors.ValidationFailed(f"Give a valid, unused tenant slug ({type(exc).__name__})"))
            return
        except TenantExists:
            self._problem(errors.Conflict("This tenant already exists"))
            return
        self._send(201, {"tenant": slug, "admin_key": key})

    def _bounce(self, body: bytes) -> None:
        """SES reports an address as bouncing: the event its configuration set publishes to the template's
        topic, whose subscription delivers it; the answer is the subscribed function's (its first attempt)."""
        from .events import mail_events_topic
        from .mail_events import bounce
        from .outbox import messages
        from .provision import stand_in_names

        errors = _errors()
        try:
            address = str(json.loads(body or b"{}")["email"])
        except (ValueError, KeyError, TypeError):
            self._problem(errors.ValidationFailed('Give {"email": "…"}'))
            return
        event = bounce(address, messages(os.environ["AWS_REGION"]))
        if event is None:
            self._problem(errors.NotFound("No mail was sent to this address"))
            return
        topic = mail_events_topic()
        if topic is None:
            self._problem(errors.NotFound("The template publishes no SES events"))
            return
        outcomes = self.stack.events.publish(stand_in_names()[topic], event)
        if outcomes is None or any(o.error is not None for o in outcomes.values()):
            self._problem(
                errors.ServiceUnavailable("The mail events function failed; Lambda retries it", retry_after=2)
            )
            return
        results = {function: outcome.result for function, outcome in outcomes.items()}
        self._send(200, next(iter(results.values())) if len(results) == 1 else results)

    def _job(self, job: str, body: bytes) -> None:
        errors = _errors()
        if job not in JOBS:
            self._problem(errors.NotFound(f"No such job; jobs: {', '.join(sorted(JOBS))}"))
            return
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            self._problem(errors.ValidationFailed("The body is a JSON object, or empty"))
            return
        try:
            result = JOBS[job](data if isinstance(data, dict) else {})
        except Exception as error:  # what would make Lambda retry the run
            self._problem(errors.ServiceUnavailable(f"The job failed and would be retried: {type(error).__name__}"))
            return
        self._send(200, {"job": job, "result": result})

    def _payfip(self, path: str, query: str, body: bytes) -> None:
        """The PayFiP stand-in: its SOAP service, its payment page, and the person's choice."""
        payfip = self.stack.payfip
        if path == "soap" and self.command == "POST":
            status, answer = payfip.soap(body)
            self._write(status, {"Content-Type": "text/xml; charset=utf-8"}, answer)
        elif path == "paiement" and self.command == "GET":
            idop = (parse_qs(query).get("idop") or [""])[0]
            status, page = payfip.page(idop)
            self._write(
                status, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}, page.encode()
            )
        elif self.command == "POST" and path in payfip.operations:
            self._payfip_choice(path, body)
        else:
            self._problem(_errors().NotFound("No such PayFiP operation"))

    def _payfip_choice(self, operation: str, body: bytes) -> None:
        """The person's choice on the stand-in's payment page; back to the portal (303)."""
        form = parse_qs(body.decode("utf-8", "replace"))
        result, notify = (form.get("result") or [""])[0], (form.get("notify") or ["1"])[0] == "1"
        try:
            back = self.stack.payfip.decide(operation, result, notify=notify)
        except ValueError as error:
            self._problem(_errors().ValidationFailed(str(error)))
            return
        self._write(303, {"Location": back}, b"")

    def _static(self, name: str) -> None:
        data = (WEB / name).read_bytes()
        kind = WEB_TYPES[Path(name).suffix]
        headers = {
            "Content-Type": f"{kind}; charset=utf-8",
            "Cache-Control": "no-cache",
            "X-Content-Type-Options": "nosniff",
        }
        self._write(200, headers, data)

    def _problem(self, error: ApiError) -> None:
        """What API Gateway answers itself (unknown route, wrong method, too large): the API's problems."""
        self._send(error.status, error.problem(), error.problem_headers())

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self._write(status, {"Content-Type": "application/json", **(headers or {})}, data)

    def _send_lambda(self, result: dict[str, Any]) -> None:
        raw = result.get("body") or ""
        data = base64.b64decode(raw) if result.get("isBase64Encoded") else raw.encode()
        self._write(int(result["statusCode"]), dict(result.get("headers") or {}), data)

    def _write(self, status: int, headers: dict[str, str], data: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def _errors() -> ModuleType:
    """The API's problems (``portal.platform.errors``), imported once the layer is on the path."""
    from portal.platform import errors

    return errors


def main() -> None:
    stack = LocalServer(port=int(os.environ.get("PORT", "3000")))
    stack.start()
    key = stack.create_tenant("demo", "Ville de Démo", online_payment=True)
    from .demo import publish
    from .provision import PHYSICAL_NAMES

    demo = publish("demo", "Ville de Démo")
    print(f"Portal API on {stack.url}  (tenant 'demo')", flush=True)
    print(f"  demo admin key: {key}", flush=True)
    print(f"  mail outbox:    {stack.url}/_local/outbox", flush=True)
    print(
        f"  AWS stand-in:   {stack.aws_endpoint}  (bulk imports: s3://{PHYSICAL_NAMES['DocumentsBucket']}"
        "/imports/demo/<name>.ndjson)",
        flush=True,
    )
    print(f"  demo data:      {demo['invoices']} invoices with PDFs, {demo['records']} records", flush=True)
    for label, code in demo["subscriber_codes"].items():
        print(f"  subscriber code of {label}: {code}", flush=True)
    children = ", ".join(f"{name} ({child_id})" for name, child_id in demo["children"].items())
    print(f"  espace famille: children {children}", flush=True)
    print(f"  activities {', '.join(demo['activities'])}; {demo['bookings']} bookings made", flush=True)
    sample = demo["invoice_for_subscription"]
    print(
        "  subscribe with an invoice: emission code {emission_code}, reference {reference}, "
        "amount {amount}, personal code {personal_code}".format(**sample),
        flush=True,
    )
    agent = demo["agent"]
    print(
        f"  agents' console: {stack.url}/agent/  email {agent['email']}, password {agent['password']}, "
        f"TOTP secret {agent['totp_secret']}",
        flush=True,
    )
    print("Ctrl-C stops everything.", flush=True)
    wait_for_a_stop_signal()
    stack.stop()


def wait_for_a_stop_signal() -> None:
    """Return once SIGTERM or SIGINT (Ctrl-C) arrives. Python runs a signal's handler in the main thread, between
    two of its own steps: the wait wakes every half second to give it that chance, whatever the other threads do."""
    stopping = threading.Event()
    for sent in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sent, lambda *_: stopping.set())
    while not stopping.wait(0.5):
        pass


if __name__ == "__main__":
    main()
