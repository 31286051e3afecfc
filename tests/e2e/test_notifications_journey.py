"""Notifications over HTTP on the local stack: SES's bounce event played by /_local/ses/bounce."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from .helpers import citizen, eventually

pytestmark = pytest.mark.e2e


def test_a_bouncing_address_is_shown_as_undeliverable(stack):
    email = "rebond@example.org"
    token = citizen(stack, email)
    mails = [m for m in stack.request("GET", "/_local/outbox")[2]["messages"] if m["to"] == [email]]
    assert mails[-1]["headers"]["X-Espace-Famille-Tenant"] == "demo"

    status, _, played = stack.request("POST", "/_local/ses/bounce", {"email": email})

    assert (status, played) == (200, {"marked": 1})
    assert stack.request("GET", "/demo/me", token=token)[2]["email_undeliverable"] is True
    assert stack.request("POST", "/_local/ses/bounce", {"email": "jamais@example.org"})[0] == 404
    assert stack.request("POST", "/_local/ses/bounce", {"mail": email})[0] == 422


def test_an_import_that_creates_invoices_mails_the_followers(stack):
    email = "suiveur@example.org"
    records = [
        {"type": "family", "family_id": "N-001", "label": "Famille NOTIF", "subscriber_code": "NOTIF-CODE-0001"},
        {
            "type": "invoice",
            "invoice_id": "N-2026-0001",
            "family_id": "N-001",
            "number": "N-2026-0001",
            "reference": "R-N1",
            "emission_code": "EM-N",
            "personal_code": "PC-N",
            "date": "2026-11-01",
            "due_date": "2026-11-30",
            "issuer": "Régie",
            "nature": "Accueil périscolaire",
            "amount": "12.30",
        },
    ]
    stack.admin("POST", "/demo/admin/imports", json.dumps(records[0]).encode(), "application/x-ndjson")
    citizen(stack, email, "NOTIF-CODE-0001")

    assert stack.admin("POST", "/demo/admin/imports", json.dumps(records[1]).encode(), "application/x-ndjson")[0] == 200
    # The trigger sends what is queued now; the queue's poller may have taken the message first.
    assert stack.request("POST", "/_local/jobs/notifications", {})[0] == 200

    def mails() -> list[dict]:
        return [
            m
            for m in stack.request("GET", "/_local/outbox")[2]["messages"]
            if m["to"] == [email] and "nouvelle" in m["subject"]
        ]

    [mail] = eventually(mails)
    assert "12,30 €" in mail["text"] and "List-Unsubscribe" in mail["headers"]


def test_the_reminders_job_runs_for_a_given_day(stack):
    email = "rappel@example.org"
    due = (datetime.now(UTC).date() + timedelta(days=3)).isoformat()
    records = [
        {"type": "family", "family_id": "R-001", "label": "Famille RAPPEL", "subscriber_code": "RAPPEL-CODE-01"},
        {
            "type": "invoice",
            "invoice_id": "R-2026-0001",
            "family_id": "R-001",
            "number": "R-2026-0001",
            "reference": "R-R1",
            "emission_code": "EM-R",
            "personal_code": "PC-R",
            "date": "2026-11-01",
            "due_date": due,
            "issuer": "Régie",
            "nature": "Centre de loisirs",
            "amount": "40.00",
        },
    ]
    body = "\n".join(json.dumps(r) for r in records).encode()
    assert stack.admin("POST", "/demo/admin/imports", body, "application/x-ndjson")[0] == 200
    citizen(stack, email, "RAPPEL-CODE-01")

    status, _, ran = stack.request("POST", "/_local/jobs/reminders", {"today": datetime.now(UTC).date().isoformat()})

    assert status == 200 and ran["result"]["messages"] >= 1  # queued: the new-invoice consumer mails them

    def reminded():
        return [
            m
            for m in stack.request("GET", "/_local/outbox")[2]["messages"]
            if m["to"] == [email] and "échéance" in m["subject"]
        ]

    mails = eventually(reminded)
    assert len(mails) == 1 and "40,00 €" in mails[0]["text"]
