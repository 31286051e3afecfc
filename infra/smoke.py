"""Walk the guide's journey against any deployed API (or the local stack), and say which step broke.

    python -m infra.smoke --api https://api.mairie-services.fr/v1 --tenant ville-x --admin-key adm_… \\
        [--origin https://portail.ville-x.fr] [--outbox URL | --skip-activation] [--email-domain example.org]

Publishes a throw-away family and invoice (fixed ids: a second run updates
them instead of adding more), registers an account, activates it from the mail
(read from ``--outbox``, the local stack's /_local/outbox or a test inbox with
the same shape; ``--skip-activation`` stops after registering), subscribes,
lists the invoices, fetches the PDF through its presigned link, then deletes
the account. Exit status 0 when every step passed.

Every call the portal would make goes out as a browser on ``--origin`` sends
it (the tenant's portal origin: the PortalUrl output, or whatever the tenant
registered; by default the API's own, as on the local stack): first the CORS
preflight, which must grant that origin, the method and the headers, then the
call, whose answer must grant the origin too.
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import sys
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

FAMILY, INVOICE, CODE = "SMOKE-FAMILY", "SMOKE-INVOICE", "SMOKE-CODE-0001"
PDF = b"%PDF-1.4\n% smoke test\n%%EOF\n"


class StepFailed(Exception):
    pass


class Api:
    def __init__(self, base: str, tenant: str, origin: str) -> None:
        self.base, self.tenant, self.origin = base.rstrip("/"), tenant, origin

    def __call__(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
        token: str | None = None,
    ) -> tuple[int, Any]:
        headers = dict(headers or {})
        data = raw
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        url = f"{self.base}/{self.tenant}{path}"
        if "X-Api-Key" in headers:  # the billing software's server: no browser, no CORS
            return fetch(method, url, data, headers)
        self.preflight(method, path, url, sorted(name.lower() for name in headers))
        status, answer_headers, payload = exchange(method, url, data, {**headers, "Origin": self.origin})
        granted = answer_headers.get("access-control-allow-origin")
        if granted != self.origin:
            step(f"the portal may read the answer to {method} {path}", False, f"Access-Control-Allow-Origin {granted}")
        return status, payload

    def preflight(self, method: str, path: str, url: str, headers: list[str]) -> None:
        """What a browser on the portal's origin asks before a call with JSON or a bearer token."""
        ask = {"Origin": self.origin, "Access-Control-Request-Method": method}
        if headers:
            ask["Access-Control-Request-Headers"] = ",".join(headers)
        status, answer, _ = exchange("OPTIONS", url, None, ask)
        methods = {m.strip() for m in answer.get("access-control-allow-methods", "").split(",")}
        allowed = {h.strip().lower() for h in answer.get("access-control-allow-headers", "").split(",")}
        if not (
            200 <= status < 300
            and answer.get("access-control-allow-origin") == self.origin
            and method in methods
            and set(headers) <= allowed
        ):
            detail = f"{status}, {answer.get('access-control-allow-origin')!r} for origin {self.origin}"
            step(f"the CORS preflight of {method} {path} grants the portal", False, detail)


def exchange(
    method: str, url: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], Any]:
    """Status, headers (lower-case names) and body (parsed if JSON) of one HTTP request."""
    if not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise StepFailed(f"refusing a URL that is neither HTTPS nor local: {url}")
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})  # noqa: S310 - checked
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310  # nosec B310 - checked above
            status, answer, payload = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, answer, payload = error.code, error.headers, error.read()
    names = {name.lower(): value for name, value in answer.items()}
    try:
        return status, names, json.loads(payload) if payload else None
    except ValueError:
        return status, names, payload


def fetch(method: str, url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    status, _, payload = exchange(method, url, data, headers)
    return status, payload


def step(name: str, ok: bool, detail: Any = "") -> None:
    print(f"{'ok  ' if ok else 'FAIL'} {name}" + (f": {detail}" if not ok and detail else ""), flush=True)
    if not ok:
        raise StepFailed(name)


def journey(args: argparse.Namespace) -> None:
    api = Api(args.api, args.tenant, args.origin or origin_of(args.api))
    admin = {"X-Api-Key": args.admin_key}
    records = [
        {"type": "family", "family_id": FAMILY, "label": "Famille TEST (smoke)", "subscriber_code": CODE},
        {
            "type": "invoice",
            "invoice_id": INVOICE,
            "family_id": FAMILY,
            "number": INVOICE,
            "reference": "R-SMOKE",
            "emission_code": "EM-SMOKE",
            "personal_code": "PC-SMOKE",
            "date": "2026-01-01",
            "due_date": "2026-01-31",
            "issuer": "Régie (test)",
            "nature": "Restauration scolaire",
            "amount": "6.40",
        },
    ]
    body = "\n".join(json.dumps(r) for r in records).encode()
    status, report = api("POST", "/admin/imports", raw=body, headers={**admin, "Content-Type": "application/x-ndjson"})
    step("publish a throw-away family and invoice", status == 200 and not report["rejected"], report)
    status, _ = api(
        "PUT", f"/admin/invoices/{INVOICE}/pdf", raw=PDF, headers={**admin, "Content-Type": "application/pdf"}
    )
    step("store its PDF", status == 204, status)

    email = f"smoke-{secrets.token_hex(4)}@{args.email_domain}"
    password = f"Smoke-{secrets.token_hex(8)}-A1"  # a throw-away account's, within the password rule
    account = {
        "civility": "M",
        "last_name": "Test",
        "first_name": "Smoke",
        "email": email,
        "password": password,
        "password_confirmation": password,
        "terms_accepted": True,
    }
    status, _ = api("POST", "/accounts", account)
    step("register an account", status == 202, status)
    if args.skip_activation:
        print("skip activation and what needs a login (--skip-activation)")
        return
    status, outbox = fetch("GET", args.outbox)
    mails = [m for m in (outbox or {}).get("messages", []) if m.get("to") == [email]]
    found = re.search(r"token=([^\s&]+)", mails[-1]["text"]) if mails else None
    step("find the activation mail", found is not None, f"{len(mails)} mail(s) to {email}")
    assert found is not None
    status, _ = api("POST", "/accounts/activation", {"token": urllib.request.unquote(found.group(1))})
    step("activate it from the mailed link", status == 200, status)
    status, session = api("POST", "/sessions", {"email": email, "password": password})
    step("log in", status == 200, status)
    token = session["access_token"]
    try:
        status, _ = api("POST", "/subscriptions", {"subscriber_code": CODE}, token=token)
        step("subscribe with the subscriber code", status in (200, 201), status)
        status, page = api("GET", "/invoices", token=token)
        step("see the invoice", status == 200 and INVOICE in [i["invoice_id"] for i in page["items"]], status)
        status, link = api("GET", f"/invoices/{INVOICE}/pdf", token=token)
        step("get its PDF link", status == 200, status)
        status, pdf = fetch("GET", link["url"])
        step("download the PDF", status == 200 and isinstance(pdf, bytes) and pdf.startswith(b"%PDF-"), status)
    finally:
        status, _ = api("POST", "/me/deletion", {"current_password": password}, token=token)
        step("delete the account", status == 204, status)


def origin_of(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.smoke", description=__doc__.split("\n\n")[0])
    parser.add_argument("--api", required=True, help="the API's base URL (with the stage)")
    parser.add_argument("--tenant", required=True)
    parser.add_argument("--admin-key", required=True)
    parser.add_argument("--origin", help="the tenant's portal origin (output PortalUrl); default: the API's own")
    parser.add_argument("--outbox", help="where the activation mail can be read (/_local/outbox's shape)")
    parser.add_argument("--skip-activation", action="store_true")
    parser.add_argument("--email-domain", default="example.org")
    args = parser.parse_args(argv)
    if not args.outbox and not args.skip_activation:
        parser.error("give --outbox or --skip-activation")
    try:
        journey(args)
    except StepFailed:
        return 1
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
