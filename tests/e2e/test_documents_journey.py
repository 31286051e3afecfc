"""A paper's file through the local stack as through the cloud: the API answers a presigned POST, the file is
posted to the S3 stand-in as a browser form (or ``curl -F``) posts it, and the check function, run by the
template's EventBridge rule, marks it received within seconds; a file that is not what was declared is
rejected and deleted, by itself too."""

from __future__ import annotations

import time

import pytest

from .helpers import citizen, new_tenant, post_form

pytestmark = pytest.mark.e2e
TENANT = "ville-papiers"
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
RECORDS = [
    {"type": "family", "family_id": "F-P", "label": "Famille PAPIER", "subscriber_code": "PAP-7Q2K-0001"},
    {
        "type": "child",
        "child_id": "E-P",
        "family_id": "F-P",
        "first_name": "Léo",
        "last_name": "PAPIER",
        "birth_date": "2018-05-03",
        "school": None,
        "class": None,
    },
    {
        "type": "document_type",
        "document_type_id": "ASSURANCE",
        "label": "Attestation d'assurance scolaire",
        "scope": "child",
        "validity_months": 12,
        "required_for": ["*"],
    },
]


def status_of(stack, token: str, document_id: str) -> str:
    papers = stack.request("GET", f"/{TENANT}/families/F-P/documents", token=token)[2]["uploaded"]
    return next(p["status"] for p in papers if p["document_id"] == document_id)


def eventually(stack, token: str, document_id: str, wanted: str, seconds: float = 10) -> str:
    deadline = time.monotonic() + seconds
    while (found := status_of(stack, token, document_id)) != wanted and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


@pytest.fixture(scope="module")
def papers_tenant(stack) -> str:
    return new_tenant(stack, TENANT, RECORDS)


@pytest.mark.parametrize(("data", "wanted"), [(PDF, "received"), (b"<html>not a pdf</html>", "rejected_file")])
def test_a_file_posted_to_the_stand_in_is_checked_by_itself(stack, papers_tenant, data, wanted):
    token = citizen(stack, f"papiers-{wanted}@example.org", code="PAP-7Q2K-0001", tenant=TENANT)
    body = {
        "document_type_id": "ASSURANCE",
        "child_id": "E-P",
        "file_name": "assurance.pdf",
        "content_type": "application/pdf",
        "size": len(PDF) + 100,
    }
    status, _, declared = stack.request("POST", f"/{TENANT}/families/F-P/documents", body, token=token)
    assert status == 201, declared

    upload = declared["upload"]
    assert post_form(upload["url"], upload["fields"], data, "application/pdf") in (200, 201, 204)

    assert eventually(stack, token, declared["document"]["document_id"], wanted) == wanted
