"""What the template wires to an event source runs by itself on the local stack (docs/local-stack.md,
"Local stack only"): nobody calls a job here."""

from __future__ import annotations

import json
import re

import pytest

from .helpers import citizen, eventually

pytestmark = pytest.mark.e2e


def documents(stack):
    """The stand-in's documents bucket, as an integrator reaches it (the endpoint `make run` prints)."""
    import boto3
    from botocore.config import Config

    endpoint, bucket = re.search(r"AWS stand-in:\s+(\S+)\s+\(bulk imports: s3://([^/]+)/", stack.logs()).groups()
    s3 = boto3.client("s3", endpoint_url=endpoint, config=Config(s3={"addressing_style": "path"}))
    return s3, bucket


def test_a_file_put_in_the_bucket_is_imported_and_reported_by_itself(stack):
    s3, bucket = documents(stack)
    records = [
        {"type": "family", "family_id": "S3-001", "label": "Famille DEPOT", "subscriber_code": "DEPOT-CODE-001"},
        {
            "type": "invoice",
            "invoice_id": "S3-2026-0001",
            "family_id": "S3-001",
            "number": "S3-2026-0001",
            "reference": "R-S3",
            "emission_code": "EM-S3",
            "personal_code": "PC-S3",
            "date": "2026-11-01",
            "due_date": "2026-11-30",
            "issuer": "Régie",
            "nature": "Restauration scolaire",
            "amount": "9.99",
        },
        {"type": "payment", "invoice_id": "NOPE", "number": "1", "date": "2026-11-02", "amount": "1.00"},
    ]

    s3.put_object(Bucket=bucket, Key="imports/demo/depot.ndjson", Body="\n".join(map(json.dumps, records)).encode())

    def report() -> dict | None:
        try:
            return json.loads(s3.get_object(Bucket=bucket, Key="imports/demo/depot.report.json")["Body"].read())
        except s3.exceptions.NoSuchKey:
            return None

    found = eventually(report, timeout=10)
    assert found["accepted"] == 2 and [r["line"] for r in found["rejected"]] == [3]


def test_an_import_that_creates_invoices_mails_the_follower_by_itself(stack):
    email = "suiveuse@example.org"
    records = [
        {"type": "family", "family_id": "Q-001", "label": "Famille QUEUE", "subscriber_code": "QUEUE-CODE-0001"},
        {
            "type": "invoice",
            "invoice_id": "Q-2026-0001",
            "family_id": "Q-001",
            "number": "Q-2026-0001",
            "reference": "R-Q1",
            "emission_code": "EM-Q",
            "personal_code": "PC-Q",
            "date": "2026-11-01",
            "due_date": "2026-11-30",
            "issuer": "Régie",
            "nature": "Centre de loisirs",
            "amount": "21.00",
        },
    ]
    stack.admin("POST", "/demo/admin/imports", json.dumps(records[0]).encode(), "application/x-ndjson")
    citizen(stack, email, "QUEUE-CODE-0001")

    assert stack.admin("POST", "/demo/admin/imports", json.dumps(records[1]).encode(), "application/x-ndjson")[0] == 200

    def mails() -> list[dict]:
        return [
            m
            for m in stack.request("GET", "/_local/outbox")[2]["messages"]
            if m["to"] == [email] and "nouvelle" in m["subject"]
        ]

    [mail] = eventually(mails, timeout=15)  # the mapping's 5-second batching window, then the mail
    assert "21,00 €" in mail["text"]
