"""CORS for the tenant's portal origins, tenant tooling and captcha."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest

from infra import template
from infra.cors import browser_routes
from infra.provision import PHYSICAL_NAMES

from .helpers import NEW_ACCOUNT, ORIGIN, TENANT, call, outbox, register, reset_container_caches, table_items

pytestmark = pytest.mark.usefixtures("tenant")


def test_calls_from_the_tenant_portal_origin_get_cors_headers():
    reply = call("POST", f"/{TENANT}/accounts/activation-email", {"email": "a@b.fr"}, headers={"Origin": ORIGIN})

    assert reply.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Origin" in reply.headers["Vary"]


def test_calls_from_other_origins_get_no_cors_headers():
    reply = call(
        "POST", f"/{TENANT}/accounts/activation-email", {"email": "a@b.fr"}, headers={"Origin": "https://evil.example"}
    )

    assert "Access-Control-Allow-Origin" not in reply.headers


def test_preflight_is_answered_for_the_portal_origin():
    reply = call(
        "OPTIONS",
        f"/{TENANT}/accounts",
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"},
    )

    assert reply.status == 204
    assert reply.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in reply.headers["Access-Control-Allow-Methods"]
    assert "Authorization" in reply.headers["Access-Control-Allow-Headers"]


def test_preflight_from_another_origin_gets_no_permission():
    reply = call("OPTIONS", f"/{TENANT}/me", headers={"Origin": "https://evil.example"})

    assert "Access-Control-Allow-Origin" not in reply.headers


def concrete(path: str) -> str:
    """A request path on a route's resource: the test tenant, any value for the other parameters."""
    return path.replace("{tenant}", TENANT).replace("{proxy+}", "x/y").replace("{", "").replace("}", "")


@pytest.mark.parametrize("route", browser_routes(), ids=lambda r: f"{r.method} {r.path}")
def test_every_browser_route_s_own_resource_answers_its_preflight_for_the_portal_origin(route):
    reply = call(
        "OPTIONS",
        concrete(route.path),
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": route.method,
            "Access-Control-Request-Headers": "authorization,content-type,idempotency-key",
        },
    )

    assert template.resolve("OPTIONS", concrete(route.path))[0].path == route.path  # not the catch-all
    assert reply.status == 204 and reply.text == ""
    assert reply.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert route.method in reply.headers["Access-Control-Allow-Methods"]
    allowed = {h.strip().lower() for h in reply.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "content-type", "idempotency-key"} <= allowed


def test_a_browser_route_s_preflight_from_another_origin_gets_no_permission():
    reply = call("OPTIONS", f"/{TENANT}/invoices", headers={"Origin": "https://evil.example"})

    assert reply.status == 204
    assert not [name for name in reply.headers if name.startswith("Access-Control-Allow")]


def test_a_preflight_is_counted_as_one_whichever_function_answers_it(monkeypatch):
    import portal.http

    seen: list[str] = []
    monkeypatch.setattr(portal.http, "count_request", lambda tenant, operation, status: seen.append(operation))

    call("OPTIONS", f"/{TENANT}/me", headers={"Origin": ORIGIN})
    call("OPTIONS", f"/{TENANT}/nothing/here", headers={"Origin": ORIGIN})

    assert seen == ["cors_preflight", "cors_preflight"]


def test_a_preflight_for_an_unknown_tenant_is_its_404():
    reply = call("OPTIONS", "/inconnue/me", headers={"Origin": ORIGIN})

    assert reply.status == 404 and "Access-Control-Allow-Origin" not in reply.headers


def test_the_tenant_command_prints_the_admin_key_once_and_stores_only_its_hash(capsys):
    from infra.tenants import main
    from portal.tenancy.store import get

    code = main(
        [
            "create",
            "--table",
            PHYSICAL_NAMES["DataTable"],
            "--region",
            "eu-west-3",
            "--tenant",
            "ville-x",
            "--name",
            "Ville X",
            "--portal-url",
            "https://portail.ville-x.fr",
            "--sender",
            "a@portail.localhost",
            "--origin",
            "https://portail.ville-x.fr",
        ]
    )

    key = capsys.readouterr().out.strip().splitlines()[-1]
    record = get("ville-x")
    assert code == 0
    assert key.startswith("adm_") and len(key) >= 40
    assert key not in json.dumps(table_items(), default=str)
    assert record.portal_url == "https://portail.ville-x.fr"
    assert record.allowed_origins == ("https://portail.ville-x.fr",)


def test_the_tenant_command_refuses_an_existing_slug_and_a_bad_slug(capsys):
    from infra.tenants import main

    base = [
        "create",
        "--table",
        PHYSICAL_NAMES["DataTable"],
        "--region",
        "eu-west-3",
        "--name",
        "X",
        "--portal-url",
        "https://x.fr",
        "--sender",
        "a@portail.localhost",
    ]

    assert main([*base, "--tenant", TENANT]) == 1
    assert main([*base, "--tenant", "Pas_Valide"]) == 2


class _CaptchaProvider(BaseHTTPRequestHandler):
    answers: ClassVar[dict[str, bool]] = {}

    def do_POST(self) -> None:
        from urllib.parse import parse_qs

        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        ok = form.get("secret") == ["tenant-secret"] and self.answers.get(form.get("response", [""])[0], False)
        data = json.dumps({"success": ok}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def captcha_tenant(tenant, monkeypatch):
    """The tenant with a captcha provider, played by a local HTTP server speaking siteverify."""
    from portal.accounts import captcha

    server = HTTPServer(("127.0.0.1", 0), _CaptchaProvider)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setitem(captcha.VERIFY_URLS, "hcaptcha", f"http://127.0.0.1:{server.server_port}/siteverify")
    _CaptchaProvider.answers = {"human-token": True}
    from portal.tenancy.store import set_captcha

    set_captcha(TENANT, "hcaptcha", "tenant-secret")
    reset_container_caches()
    yield
    server.shutdown()


@pytest.mark.usefixtures("captcha_tenant")
@pytest.mark.parametrize("token", [None, "robot-token"])
def test_with_a_captcha_enabled_a_missing_or_refused_token_is_422_captcha_failed(token):
    reply = register(captcha_token=token)

    assert reply.status == 422 and reply.json["code"] == "captcha_failed"
    assert outbox() == []


@pytest.mark.usefixtures("captcha_tenant")
def test_with_a_captcha_enabled_a_verified_token_registers():
    assert register(captcha_token="human-token").status == 202


def test_without_a_captcha_provider_no_token_is_needed():
    assert call("POST", f"/{TENANT}/accounts", NEW_ACCOUNT).status == 202
