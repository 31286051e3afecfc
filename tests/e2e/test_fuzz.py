"""Schemathesis against the local stack, from its own /openapi.json, with every check.

Seeded: citizen A follows the demo family F-001, citizen B follows none. Every
operation is fuzzed as A (and as the municipality for admin routes); a custom
check replays each invoice read that A could make as B and demands a 404.
Bounded: a few examples per operation, deterministic, so it runs in a couple of
minutes in `make test`. `make fuzz` (FUZZ_DEEP=1) runs the deep one: a random
seed (printed; FUZZ_SEED=… replays one), 80 examples per operation, every phase
including the stateful one.
Logout and unsubscribe are left out of the run (they would revoke A's token or
its family mid-run); functional tests cover them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import citizen, demo_values, fresh_code

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]

# Rejections the schema cannot express: common or mismatched passwords, unknown
# activation, reset or email tokens, wrong current passwords, forged cursors, codes
# that match no family, non-JSON-Lines text, bytes that are not a PDF.
SEMANTIC_REJECTIONS = {
    "create_account": [202, 422],
    "activate_account": [200, 400],
    "list_invoices": [200, 422],
    "create_subscription": [200, 201, 404, 429],
    "import_records": [200, 400],
    "upload_invoice_pdf": [204, 415],
    # Links that were never mailed, passwords that are not the account's (and, after five, the lock).
    "reset_password": [200, 400, 422],
    "confirm_email": [200, 400],
    "change_password": [200, 422, 429],
    "change_email": [202, 422, 429],
    "delete_me": [204, 422, 429],
    "list_online_payments": [200, 422],
    # A month in the future.
    "get_usage": [200, 422],
    # Espace famille: an activity the child is not enrolled in, a unit the activity has not, a range over 62 days.
    "get_calendar": [200, 404, 422],
    "change_bookings": [200, 404, 422],
    "declare_absence": [200, 404, 422],
    "get_attendance": [200, 404],
    "list_booking_events": [200, 422],
    # Unsubscribe links that were never mailed.
    "unsubscribe": [200, 400],
    # Requests: a cursor never issued, a year in the future, a refusal without its reason, a family not followed.
    "list_requests": [200, 404, 422],
    "list_town_requests": [200, 422],
    "request_certificate": [201, 404, 409, 422],
    "decide_request": [200, 404, 409, 422],
    "get_family_file": [200, 404],
    # A guardian or child id that is not the family's.
    "change_family_file": [201, 404, 422],
    # Documents: a type the town does not ask for, a child of another family, a paper not received.
    "declare_document": [201, 404, 409, 422],
    "decide_document": [200, 404, 409, 422],
    "list_town_documents": [200, 422],
    # A body that is not a PDF.
    "upload_family_document_pdf": [204, 404, 415],
    # A paper whose file has not come yet.
    "get_document_file": [200, 404, 409],
    # Agents: an email taken, an invitation never mailed, a wrong code, an unknown agent or family.
    "create_agent": [201, 409, 422],
    "activate_agent": [200, 400, 422],
    "create_agent_session": [200, 401, 422, 429],
    "delete_agent": [204, 404],
    "get_town_family_file": [200, 404],
    "get_town_request": [200, 404],
    "get_town_document": [200, 404],
    "list_audit": [200, 422],
    # Enrolment requests: another family's child, an activity closed to requests or that the child is in.
    "list_child_activities": [200, 404],
    "request_enrolment": [201, 404, 409, 422, 429],
    # Messages: a service the town has not, another family's paper, a paper twice, a closed thread, the day's limits.
    "open_thread": [201, 404, 422, 429],
    "post_message": [201, 404, 409, 422, 429],
    "get_thread": [200, 404],
    "list_threads": [200, 422],
    "list_town_threads": [200, 422],
    "get_town_thread": [200, 404],
    "post_town_message": [201, 404, 409, 422],
    "close_thread": [200, 404],
    # Appointments: an agenda the town has not, a range over 31 days, not a slot or out of the window, the
    # account's limit, a full slot, too late to cancel.
    "list_slots": [200, 404, 422],
    "list_appointments": [200, 422],
    "book_appointment": [201, 404, 409, 422],
    "cancel_appointment": [204, 404, 409, 429],
    "get_agenda_day": [200, 404],
    "cancel_town_appointment": [200, 404, 422],
}


FUZZ_INVOICE = "FUZZ-0001"
PAPER_READERS = (
    "get_town_document",
    "get_received_pdf",
    "get_town_document_file",
    "decide_document",
    "upload_family_document_pdf",
)
# The preflights of those the agents' console and the portal call (a path of 32 hex digits, as theirs).
PAPER_PREFLIGHTS = tuple(
    f"{op}_preflight" for op in ("get_town_document", "get_received_pdf", "get_town_document_file", "decide_document")
)


def payment_of_its_own(stack, token: str) -> str:
    """A family and an invoice for the fuzz run alone, followed by ``token``'s account; a payment of it."""
    records = [
        {"type": "family", "family_id": "FUZZ", "label": "Famille FUZZ", "subscriber_code": "FUZZ-CODE-0001"},
        {
            "type": "invoice",
            "invoice_id": FUZZ_INVOICE,
            "family_id": "FUZZ",
            "number": FUZZ_INVOICE,
            "reference": "R-FUZZ",
            "emission_code": "EM-FUZZ",
            "personal_code": "PC-FUZZ",
            "date": "2026-01-01",
            "due_date": "2026-01-31",
            "issuer": "Régie",
            "nature": "Restauration scolaire",
            "amount": "50.00",
        },
    ]
    data = "\n".join(json.dumps(r) for r in records).encode()
    assert stack.admin("POST", "/demo/admin/imports", data, "application/x-ndjson")[1]["rejected"] == []
    assert stack.request("POST", "/demo/subscriptions", {"subscriber_code": "FUZZ-CODE-0001"}, token=token)[0] == 201
    status, _, started = stack.request("POST", f"/demo/invoices/{FUZZ_INVOICE}/payments", {}, token=token)
    assert status == 201, started
    return str(started["transaction_id"])


def agent_token(stack) -> str:
    """A token of the demo's agent (every permission), logged in with a code of a step not used yet."""
    agent = stack.demo_agent()
    body = {"email": agent["email"], "password": agent["password"], "code": fresh_code(agent["totp_secret"])}
    status, _, session = stack.request("POST", "/demo/agent/sessions", body)
    assert status == 200, session
    return str(session["access_token"])


REJECTIONS = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "5xx"]
QUICK = ("--max-examples", "12", "--generation-deterministic")
DEEP = ("--max-examples", "80", "--phases", "examples,coverage,fuzzing,stateful")


def test_schemathesis_finds_nothing(stack, tmp_path):
    martin_code, _ = demo_values(stack)
    first = citizen(stack, "fuzz-a@example.org", martin_code)
    other = citizen(stack, "fuzz-b@example.org")
    invoice_id = stack.request("GET", "/demo/invoices?limit=1", token=first)[2]["items"][0]["invoice_id"]
    transaction_id = payment_of_its_own(stack, first)
    operations = "".join(
        f'\n[[operations]]\ninclude-operation-id = "{op}"\n'
        f"checks.positive_data_acceptance.expected-statuses = {codes}\n"
        for op, codes in SEMANTIC_REJECTIONS.items()
    )
    config = tmp_path / "schemathesis.toml"
    config.write_text(
        f'[parameters]\ntenant = "demo"\ninvoice_id = "{invoice_id}"\ntransaction_id = "{transaction_id}"\n'
        # A child of the family citizen A follows (Léa MARTIN, in the demo), and an activity she is enrolled in.
        'child_id = "E-001"\nactivity_id = "CANT-JF"\nfamily_id = "F-001"\nagenda_id = "CNI"\n'
        # A request id of the portal's shape (no such request: the routes answer 404).
        'request_id = "0123456789abcdef0123456789abcdef"\n'
        # The same for an appointment and a thread (generated ones are mostly filtered out as path segments).
        'appointment_id = "0123456789abcdef0123456789abcdef"\nthread_id = "0123456789abcdef0123456789abcdef"\n\n'
        # A body over the API's limit is refused with 413, which is a rejection too.
        f"[checks.negative_data_rejection]\nexpected-statuses = {REJECTIONS}\n\n"
        f'[auth.openapi.citizen]\nbearer = "{first}"\n\n[auth.openapi.admin]\napi_key = "{stack.admin_key}"\n'
        f'\n[auth.openapi.agent]\nbearer = "{agent_token(stack)}"\n'
        + operations
        # A paper id of the portal's shape (no such paper: 404) for the town's routes that read one; a parent's
        # file link and DELETE reach the papers the fuzzer declares, through the links (a configured id there
        # would read as a created paper lost).
        + "".join(
            f'\n[[operations]]\ninclude-operation-id = "{op}"\nparameters.document_id = "{"0" * 32}"\n'
            for op in (*PAPER_READERS, *PAPER_PREFLIGHTS)
        )
        # Its payments go to an invoice of its own, so that no other test finds a payment in progress.
        + f'\n[[operations]]\ninclude-operation-id = "start_payment"\nparameters.invoice_id = "{FUZZ_INVOICE}"\n',
        encoding="utf-8",
    )
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(config),
        "run",
        f"{stack.url}/openapi.json",
        "--checks",
        "all",
        # An empty path parameter makes an unknown route: 404, as API Gateway answers, not 401.
        "--exclude-checks",
        "missing_required_header",
        *(DEEP if os.environ.get("FUZZ_DEEP") else QUICK),
        *(("--seed", os.environ["FUZZ_SEED"]) if os.environ.get("FUZZ_SEED") else ()),
        # FUZZ_ONLY="declare_document list_family_documents": those operations alone, to chase one finding.
        *(f"--include-operation-id={op}" for op in os.environ.get("FUZZ_ONLY", "").split()),
        "--exclude-operation-id",
        "delete_session",
        "--exclude-operation-id",
        "delete_subscription",
        "--exclude-operation-id",
        "cors_preflight",
        # The agent's own log out, and removing agents: the run's agent would be gone.
        "--exclude-operation-id",
        "delete_agent_session",
        "--exclude-operation-id",
        "delete_agent",
    ]
    env = {
        **os.environ,
        "FUZZ_OTHER_TOKEN": other,
        "SCHEMATHESIS_HOOKS": "tests.e2e.schemathesis_hooks",
        "PYTHONPATH": str(ROOT),
        "NO_COLOR": "1",
    }

    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=3600, check=False)  # noqa: S603

    summary = done.stdout[done.stdout.rfind("SUMMARY") :]
    print(summary)  # the counts land in the test log
    errors = [line for line in stack.logs().splitlines() if '"status":500' in line]
    assert done.returncode == 0, done.stdout[-8000:] + "\nthe stack's 500s:\n" + "\n".join(errors[-5:])
    assert re.search(r"\d+ generated", summary)
