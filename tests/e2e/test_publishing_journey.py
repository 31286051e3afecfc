"""Publishing over HTTP on the local stack: import, upload a PDF, re-import the same file."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.e2e

RECORDS = [
    {"type": "family", "family_id": "E2E-F1", "label": "Famille E2E", "subscriber_code": "E2E-CODE-0001"},
    {
        "type": "invoice",
        "invoice_id": "E2E-2025-01",
        "family_id": "E2E-F1",
        "number": "E2E-2025-01",
        "reference": "R-E2E-1",
        "emission_code": "EM-E2E",
        "personal_code": "PC-E2E-1",
        "date": "2025-01-01",
        "due_date": "2025-01-31",
        "issuer": "Régie Enfance",
        "nature": "Restauration scolaire",
        "amount": "6.40",
        "lines": [{"label": "Repas", "quantity": 2, "unit_price": "3.20", "amount": "6.40"}],
    },
    {
        "type": "payment",
        "invoice_id": "E2E-2025-01",
        "number": "P-1",
        "payment_type": "Chèque",
        "date": "2025-01-15",
        "amount": "6.40",
        "description": "Chèque",
    },
]


def test_import_upload_and_reimport_over_http(stack):
    body = "\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS).encode()

    status, first = stack.admin("POST", "/demo/admin/imports", body, "application/x-ndjson")
    assert status == 200 and first == {"accepted": 3, "rejected": []}

    pdf = b"%PDF-1.4\n" + bytes(range(256)) + b"\n%%EOF\n"  # binary bytes survive the trip
    assert stack.admin("PUT", "/demo/admin/invoices/E2E-2025-01/pdf", pdf, "application/pdf")[0] == 204

    status, second = stack.admin("POST", "/demo/admin/imports", body, "application/x-ndjson")
    assert status == 200 and second == first

    status, problem = stack.admin("PUT", "/demo/admin/invoices/E2E-2025-01/pdf", b"GIF89a", "application/pdf")
    assert status == 415 and problem["code"] == "not_a_pdf"


def test_admin_routes_refuse_a_missing_key(stack):
    status, _, body = stack.request("POST", "/demo/admin/imports", headers={"Content-Type": "application/x-ndjson"})

    assert status == 401 and body["code"] == "unauthorized"


def test_a_pdf_over_4_mb_is_413_until_lambda_s_event_limit_then_api_gateway_s_503(stack):
    records = "\n".join(json.dumps(r) for r in RECORDS[:2]).encode()
    assert stack.admin("POST", "/demo/admin/imports", records, "application/x-ndjson")[0] == 200
    path, four_mb = "/demo/admin/invoices/E2E-2025-01/pdf", 4 * 1024 * 1024

    status, problem = stack.admin("PUT", path, b"%PDF-" + b"0" * (four_mb - 4), "application/pdf")
    assert status == 413 and problem["code"] == "payload_too_large"

    # 5 MB base64-encoded is over Lambda's 6 MB: the invocation fails and API Gateway answers (v1.2's reason).
    status, problem = stack.admin("PUT", path, b"%PDF-" + b"0" * (5 * 1024 * 1024), "application/pdf")
    assert status == 503 and problem["code"] == "service_unavailable"
