"""The OpenAPI document describes every route, body and problem code, and is valid."""

from __future__ import annotations

import re

from openapi_spec_validator import validate

from infra import template
from infra.openapi import all_codes, document, openapi_path

ROOT = template.ROOT


def test_the_document_is_valid_openapi_31():
    validate(document())


def test_every_template_route_is_described():
    paths = document()["paths"]

    for route in template.routes():
        assert route.method.lower() in paths[openapi_path(route.path)], route.path


def test_every_code_the_code_can_raise_is_listed():
    listed = set(all_codes())
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "layers/common/portal").rglob("*.py"))
    raised = set(re.findall(r'code="([a-z_]+)"', sources))
    raised |= set(re.findall(r'"code": "([a-z_]+)"', sources))
    raised |= set(re.findall(r'status, code, title = \d+, "([a-z_]+)"', sources))
    raised |= set(re.findall(r'code, title = "([a-z_]+)"', sources))
    raised |= set(re.findall(r'(?:reject|return)\(?[^\n]*?"([a-z]+_[a-z_]+)", [f"]', sources))
    raised |= set(re.findall(r'PydanticCustomError\("([a-z_]+)"', sources))
    raised |= set(re.findall(r'field_error\("[a-z_]+", "([a-z_]+)"', sources))

    assert raised, "the scan found nothing: the patterns are stale"
    assert raised <= listed, raised - listed


def test_the_contract_codes_are_listed():
    contract = {
        "tenant_not_found",
        "password_mismatch",
        "terms_not_accepted",
        "captcha_failed",
        "subscriber_code_not_found",
        "invalid_activation_token",
        "invalid_credentials",
        "account_not_activated",
        "too_many_attempts",
        "subscription_not_found",
        "invalid_cursor",
        "invoice_not_found",
        "pdf_not_available",
        "not_a_pdf",
        "unknown_invoice",
    }

    assert contract <= set(all_codes())


def test_operations_name_their_bodies_security_and_problems():
    paths = document()["paths"]

    create = paths["/{tenant}/accounts"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CreateAccount"
    }
    assert set(create["responses"]) >= {"202", "400", "404", "413", "415", "422", "503"}
    assert paths["/{tenant}/invoices"]["get"]["security"] == [{"citizen": []}]
    assert paths["/{tenant}/admin/imports"]["post"]["security"] == [{"admin": []}]
    assert "application/pdf" in paths["/{tenant}/admin/invoices/{invoice_id}/pdf"]["put"]["requestBody"]["content"]
    assert {p["name"] for p in paths["/{tenant}/invoices"]["get"]["parameters"]} >= {
        "nature",
        "year",
        "status",
        "limit",
        "cursor",
    }
