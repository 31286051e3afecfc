"""Documents (API.md v1.3, "Documents"), the family's side and the papers the town sends: types and papers
published, a paper's PDF and its one mail, a certificate request answered by its paper; a parent declaring
a paper, its file checked when it arrives (the first bytes and the size against what was declared), the
family's 20 open papers, what is missing for an enrolment, short attachment links, deletion. The real
handlers on moto, at the bookings tests' fixed moment (1 December 2026)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest

from infra.lambdas import invoke_function
from infra.provision import PHYSICAL_NAMES

from .bookings_world import EMAIL, activity, child, deliver_queued, enrolment
from .helpers import OTHER, TENANT, active_account, call, family, mails_to, send

BUCKET = PHYSICAL_NAMES["DocumentsBucket"]
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
INSURANCE = {
    "type": "document_type",
    "document_type_id": "ASSURANCE",
    "label": "Attestation d'assurance scolaire",
    "scope": "child",
    "validity_months": 12,
    "required_for": ["CANT-JF", "ALSH-ETE"],
}
ADDRESS = {
    "type": "document_type",
    "document_type_id": "DOMICILE",
    "label": "Justificatif de domicile",
    "scope": "family",
    "validity_months": None,
    "required_for": ["*"],
}
TAX = {
    "type": "family_document",
    "document_id": "AF-2026-F-001",
    "family_id": "F-001",
    "kind": "tax_certificate",
    "title": "Attestation fiscale 2026",
    "date": "2027-01-15",
    "request_id": None,
}


@pytest.fixture
def parents(tenant, at_noon):
    """F-001 (Lucas E-001 enrolled in the meals, Emma E-002 in nothing), followed by two parents; F-002
    followed by a third account."""
    records = [family(), child(), child("E-002", first_name="Emma"), activity(), enrolment(), INSURANCE, ADDRESS]
    records += [family("F-002", code="FAM-AAAA-BBBB", label="Famille B"), child("E-009", "F-002")]
    assert send(tenant, *records).json["rejected"] == []
    first, second, stranger = active_account(EMAIL), active_account(OTHER), active_account("tiers@example.org")
    for token, code in ((first, "FAM-7Q2K-9XWD"), (second, "FAM-7Q2K-9XWD"), (stranger, "FAM-AAAA-BBBB")):
        assert call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": code}, token=token).status == 201
    return first, second, stranger


def papers(token: str, family_id: str = "F-001"):
    return call("GET", f"/{TENANT}/families/{family_id}/documents", token=token)


def upload_pdf(admin_key: str, document_id: str, data: bytes = PDF):
    return call(
        "PUT",
        f"/{TENANT}/admin/family-documents/{document_id}/pdf",
        raw=data,
        headers={"Content-Type": "application/pdf", "X-Api-Key": admin_key},
    )


def declare(token: str, family_id: str = "F-001", **changes):
    body = {
        "document_type_id": "ASSURANCE",
        "child_id": "E-001",
        "file_name": "assurance.pdf",
        "content_type": "application/pdf",
        "size": len(PDF),
        **changes,
    }
    return call("POST", f"/{TENANT}/families/{family_id}/documents", body, token=token)


def arrive(key: str, data: bytes) -> dict:
    """The file lands in the bucket and S3's event reaches the check (as the template's rule delivers it)."""
    boto3.client("s3").put_object(Bucket=BUCKET, Key=key, Body=data)
    event = {
        "version": "0",
        "detail-type": "Object Created",
        "source": "aws.s3",
        "detail": {"bucket": {"name": BUCKET}, "object": {"key": key, "size": len(data)}},
    }
    result: dict = invoke_function("CheckDocumentFunction", event)
    return result


def exists(key: str) -> bool:
    return "Contents" in boto3.client("s3").list_objects_v2(Bucket=BUCKET, Prefix=key)


# --- the papers the town sends ----------------------------------------------------------------------------------


def test_a_paper_the_town_sends_shows_once_its_pdf_arrived_with_one_mail_to_each_follower(parents, tenant):
    first, second, _ = parents
    assert call("PATCH", f"/{TENANT}/me", {"notifications": {"requests": False}}, token=second).status == 200
    assert send(tenant, TAX).json == {"accepted": 1, "rejected": []}
    assert papers(first).json["received"] == []  # no PDF yet

    assert upload_pdf(tenant, "AF-2026-F-001").status == 204
    assert upload_pdf(tenant, "AF-2026-F-001").status == 204  # sent again: replaced, mailed once still
    deliver_queued()

    assert papers(second).json["received"] == [
        {
            "document_id": "AF-2026-F-001",
            "kind": "tax_certificate",
            "title": "Attestation fiscale 2026",
            "date": "2027-01-15",
            "request_id": None,
        }
    ]
    [mail] = [m for m in mails_to(EMAIL) if "document" in m["subject"]]
    assert "Attestation fiscale 2026" in mail["text"] and "#/documents" in mail["text"]
    assert [m for m in mails_to(OTHER) if "document" in m["subject"]] == []
    link = call("GET", f"/{TENANT}/families/F-001/received/AF-2026-F-001/pdf", token=first)
    assert link.status == 200 and link.json["expires_in"] == 300
    query = parse_qs(urlsplit(link.json["url"]).query)
    assert query["response-content-disposition"] == ['attachment; filename="document-AF-2026-F-001.pdf"']


def test_a_paper_s_pdf_must_be_a_pdf_of_a_known_paper(parents, tenant):
    send(tenant, TAX)

    assert upload_pdf(tenant, "AF-2026-F-001", b"<html>").json["code"] == "not_a_pdf"
    assert upload_pdf(tenant, "AF-404").json["code"] == "document_not_found"
    assert upload_pdf("not-the-key", "AF-2026-F-001").status == 401


def test_another_family_s_paper_is_404_document_not_found(parents, tenant):
    _, _, stranger = parents
    send(tenant, TAX)
    upload_pdf(tenant, "AF-2026-F-001")

    for path in ("F-001/received/AF-2026-F-001/pdf", "F-002/received/AF-2026-F-001/pdf"):
        reply = call("GET", f"/{TENANT}/families/{path}", token=stranger)
        assert reply.status == 404 and reply.json["code"] in ("family_not_found", "document_not_found")


def test_a_paper_naming_a_pending_certificate_request_answers_it_without_a_mail_of_its_own(parents, tenant):
    first, _, stranger = parents
    body = {"family_id": "F-001", "certificate": "tax", "year": 2026}
    request_id = call("POST", f"/{TENANT}/requests/certificates", body, token=first).json["request_id"]
    other = call("POST", f"/{TENANT}/requests/certificates", {**body, "family_id": "F-002"}, token=stranger).json

    reply = send(tenant, dict(TAX, request_id=request_id), dict(TAX, document_id="X-2", request_id=other["request_id"]))
    deliver_queued()

    assert [r["code"] for r in reply.json["rejected"]] == ["unknown_request"]  # another family's request
    answered = call("GET", f"/{TENANT}/requests/{request_id}", token=first).json
    assert (answered["status"], answered["decided_by"]) == ("accepted", {"kind": "software", "name": None})
    assert [m for m in mails_to(EMAIL) if "demande" in m["subject"]] == []
    assert send(tenant, dict(TAX, request_id=request_id)).json == {"accepted": 1, "rejected": []}  # sent again


@pytest.mark.parametrize(
    "record",
    [
        dict(TAX, family_id="F-404"),
        dict(TAX, kind="passport"),
        dict(TAX, date="2027-02-30"),
        dict(INSURANCE, scope="school"),
        dict(INSURANCE, validity_months=0),
        dict(INSURANCE, required_for=["*", "CANT-JF"]),
        dict(INSURANCE, label="a\u0000b"),
    ],
)
def test_a_bad_document_record_is_rejected_alone(parents, tenant, record):
    reply = send(tenant, record, dict(ADDRESS, document_type_id="AUTRE"))

    assert reply.json["accepted"] == 1 and len(reply.json["rejected"]) == 1


# --- the papers a parent sends ----------------------------------------------------------------------------------


def test_a_declared_paper_gets_a_presigned_post_for_its_own_key_size_and_type(parents):
    first, second, _ = parents

    reply = declare(first)

    assert reply.status == 201
    document, upload = reply.json["document"], reply.json["upload"]
    assert (document["status"], document["child_id"], document["file_name"]) == (
        "awaiting_file",
        "E-001",
        "assurance.pdf",
    )
    assert upload["expires_in"] == 600
    key = f"uploads/{TENANT}/F-001/{document['document_id']}"
    assert upload["fields"]["key"] == key and upload["fields"]["Content-Type"] == "application/pdf"
    policy = json.loads(__import__("base64").b64decode(upload["fields"]["policy"]))
    assert ["content-length-range", 1, len(PDF)] in policy["conditions"]
    expires = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    assert abs((expires - datetime.now(UTC)).total_seconds() - 600) < 30  # S3 refuses the form after that
    assert {"Content-Type": "application/pdf"} in policy["conditions"]
    listed = papers(second).json["uploaded"]
    assert [d["document_id"] for d in listed] == [document["document_id"]]


def test_a_file_as_declared_is_received_and_opens_as_an_attachment(parents):
    first, _, _ = parents
    document = declare(first, file_name="Assurance été.pdf").json["document"]
    key = f"uploads/{TENANT}/F-001/{document['document_id']}"

    assert arrive(key, PDF) == {"status": "received"}

    [listed] = papers(first).json["uploaded"]
    assert listed["status"] == "received"
    link = call("GET", f"/{TENANT}/families/F-001/documents/{document['document_id']}/file", token=first).json
    disposition = parse_qs(urlsplit(link["url"]).query)["response-content-disposition"][0]
    assert disposition.startswith('attachment; filename="Assurance _t_.pdf"; filename*=UTF-8')


@pytest.mark.parametrize(
    ("declared", "data"),
    [
        ({}, b"<html><script>alert(1)</script></html>"),  # an HTML page declared a PDF
        ({}, b"MZ\x90\x00" + b"\x00" * 60),  # an executable
        ({"content_type": "image/png"}, PDF),  # a PDF declared a PNG
        ({"size": 10}, PDF),  # larger than declared (the local stand-in does not enforce the policy's size)
    ],
)
def test_a_file_not_as_declared_is_rejected_and_deleted_never_served(parents, declared, data):
    first, _, _ = parents
    document = declare(first, **declared).json["document"]
    key = f"uploads/{TENANT}/F-001/{document['document_id']}"

    assert arrive(key, data) == {"status": "rejected_file"}

    assert not exists(key)
    assert papers(first).json["uploaded"][0]["status"] == "rejected_file"
    link = call("GET", f"/{TENANT}/families/F-001/documents/{document['document_id']}/file", token=first)
    assert link.status == 404


def test_a_file_no_paper_awaits_is_deleted(parents):
    first, _, _ = parents
    document = declare(first).json["document"]
    key = f"uploads/{TENANT}/F-001/{document['document_id']}"
    assert arrive(key, PDF) == {"status": "received"}

    assert arrive(f"uploads/{TENANT}/F-001/{'f' * 32}", PDF) == {"status": "unexpected"}
    assert arrive(f"uploads/{TENANT}/F-002/{document['document_id']}", PDF) == {"status": "unexpected"}
    assert arrive(key, b"<html>posted again with the same form</html>") == {"status": "unexpected"}

    assert not exists(f"uploads/{TENANT}/F-001/{'f' * 32}") and not exists(f"uploads/{TENANT}/F-002/")
    body = boto3.client("s3").get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert body == PDF  # the checked file is the object again
    assert papers(first).json["uploaded"][0]["status"] == "received"


def test_the_same_arrival_delivered_twice_changes_nothing(parents):
    first, _, _ = parents
    document_id = declare(first).json["document"]["document_id"]
    key = f"uploads/{TENANT}/F-001/{document_id}"
    assert arrive(key, PDF) == {"status": "received"}
    event = {"detail-type": "Object Created", "source": "aws.s3", "detail": {"object": {"key": key}}}

    assert invoke_function("CheckDocumentFunction", event) == {"status": "duplicate"}

    assert exists(key) and papers(first).json["uploaded"][0]["status"] == "received"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"document_type_id": "PASSEPORT"}, "unknown_document_type"),
        ({"child_id": None}, "child_required"),
        ({"document_type_id": "DOMICILE"}, "child_not_allowed"),
        ({"file_name": "../../etc/passwd"}, "invalid_file_name"),
        ({"file_name": "a\u0007.pdf"}, "invalid_file_name"),
        ({"file_name": "x" * 201}, None),
        ({"content_type": "text/html"}, None),
        ({"size": 0}, None),
        ({"size": 10_485_761}, None),
        ({"owner": "me"}, None),
    ],
)
def test_a_bad_declaration_is_422_and_records_nothing(parents, changes, code):
    first, _, _ = parents

    reply = declare(first, **changes)

    assert reply.status == 422 and (code is None or code in reply.text), reply.text
    assert papers(first).json["uploaded"] == []


def test_another_family_s_paper_or_child_is_404_on_every_route(parents):
    first, _, stranger = parents
    document_id = declare(first).json["document"]["document_id"]

    assert declare(stranger).json["code"] == "family_not_found"
    assert declare(stranger, family_id="F-002").json["code"] == "child_not_found"  # E-001 is not F-002's
    assert papers(stranger).json["code"] == "family_not_found"
    for method, path in (("GET", "/file"), ("DELETE", "")):
        for family_id in ("F-001", "F-002"):
            reply = call(method, f"/{TENANT}/families/{family_id}/documents/{document_id}{path}", token=stranger)
            assert reply.status == 404


def test_twenty_open_papers_at_most_even_declared_at_the_same_moment(parents):
    first, second, _ = parents

    with ThreadPoolExecutor(max_workers=6) as pool:
        replies = list(pool.map(lambda n: declare((first, second)[n % 2]), range(24)))

    assert sorted(r.status for r in replies) == [201] * 20 + [409] * 4
    assert {r.json["code"] for r in replies if r.status == 409} == {"too_many_documents"}
    removed = next(r.json["document"]["document_id"] for r in replies if r.status == 201)
    assert call("DELETE", f"/{TENANT}/families/F-001/documents/{removed}", token=first).status == 204
    assert declare(first).status == 201  # one freed


def test_a_deleted_paper_takes_its_file_along(parents):
    first, second, _ = parents
    document_id = declare(first).json["document"]["document_id"]
    key = f"uploads/{TENANT}/F-001/{document_id}"
    arrive(key, PDF)

    assert call("DELETE", f"/{TENANT}/families/F-001/documents/{document_id}", token=second).status == 204

    assert not exists(key) and papers(first).json["uploaded"] == []
    again = call("DELETE", f"/{TENANT}/families/F-001/documents/{document_id}", token=first)
    assert (again.status, again.json["code"]) == (404, "document_not_found")


# --- what is missing --------------------------------------------------------------------------------------------


def test_what_is_missing_follows_the_enrolments_and_the_papers_held(parents, tenant):
    first, _, _ = parents

    missing = papers(first).json["missing"]

    assert missing == [
        {
            "document_type_id": "ASSURANCE",
            "label": "Attestation d'assurance scolaire",
            "child_id": "E-001",
            "activity_ids": ["CANT-JF"],
        },
        {
            "document_type_id": "DOMICILE",
            "label": "Justificatif de domicile",
            "child_id": None,
            "activity_ids": ["CANT-JF"],
        },
    ]  # Emma is enrolled in nothing: nothing is missing for her
    document_id = declare(first).json["document"]["document_id"]
    assert [m["document_type_id"] for m in papers(first).json["missing"]] == ["ASSURANCE", "DOMICILE"]  # no file yet
    arrive(f"uploads/{TENANT}/F-001/{document_id}", PDF)
    assert [m["document_type_id"] for m in papers(first).json["missing"]] == ["DOMICILE"]  # received counts
    send(tenant, enrolment("E-002"))
    assert [(m["document_type_id"], m["child_id"]) for m in papers(first).json["missing"]] == [
        ("ASSURANCE", "E-002"),
        ("DOMICILE", None),
    ]


# --- the town's side --------------------------------------------------------------------------------------------


def decide(admin_key: str, document_id: str, body: dict):
    return call("POST", f"/{TENANT}/admin/documents/{document_id}/decision", body, headers={"X-Api-Key": admin_key})


def received_paper(token: str, **changes) -> str:
    document_id = declare(token, **changes).json["document"]["document_id"]
    assert arrive(f"uploads/{TENANT}/F-001/{document_id}", PDF) == {"status": "received"}
    return document_id


def test_the_town_s_feed_lists_papers_as_they_are_with_a_link_to_each_received_file(parents, tenant, at_noon):
    first, _, _ = parents
    received = received_paper(first)
    waiting = declare(first).json["document"]["document_id"]
    at_noon.move(31)

    feed = call(
        "GET", f"/{TENANT}/admin/documents", headers={"X-Api-Key": tenant}, query={"since": "2026-12-01T00:00:00Z"}
    )

    items = {i["document_id"]: i for i in feed.json["items"]}
    assert set(items) == {received, waiting} and feed.json["next_cursor"] is None
    assert items[received]["status"] == "received" and items[received]["family_id"] == "F-001"
    assert "response-content-disposition=attachment" in items[received]["url"]
    assert items[waiting]["url"] is None
    link = call("GET", f"/{TENANT}/admin/documents/{received}/file", headers={"X-Api-Key": tenant})
    assert link.status == 200 and link.json["expires_in"] == 300
    not_yet = call("GET", f"/{TENANT}/admin/documents/{waiting}/file", headers={"X-Api-Key": tenant})
    assert (not_yet.status, not_yet.json["code"]) == (409, "document_not_received")
    mine = call("GET", f"/{TENANT}/families/F-001/documents/{waiting}/file", token=first)
    assert (mine.status, mine.json["code"]) == (409, "document_not_received")


def test_an_accepted_paper_is_valid_for_its_type_s_months_or_the_town_s_date(parents, tenant, at_noon):
    first, _, _ = parents
    by_type, by_date = received_paper(first), received_paper(first, child_id=None, document_type_id="DOMICILE")

    accepted = decide(tenant, by_type, {"decision": "accepted"})
    dated = decide(tenant, by_date, {"decision": "accepted", "valid_until": "2027-03-31"})

    assert (accepted.json["status"], accepted.json["valid_until"]) == ("accepted", "2027-12-01")
    assert dated.json["valid_until"] == "2027-03-31"
    assert papers(first).json["missing"] == []
    assert decide(tenant, by_type, {"decision": "refused", "reason": "x"}).json["code"] == "document_not_received"
    delete = call("DELETE", f"/{TENANT}/families/F-001/documents/{by_type}", token=first)
    assert (delete.status, delete.json["code"]) == (409, "document_accepted")
    at_noon.move(120 * 86400)  # 31 March 2027: the town's date still holds
    assert papers(first).json["missing"] == []
    at_noon.move(86400)  # 1 April 2027: no longer (the enrolment runs until July)
    assert [m["document_type_id"] for m in papers(first).json["missing"]] == ["DOMICILE"]


def test_a_refused_paper_is_mailed_once_without_its_reason(parents, tenant):
    first, second, _ = parents
    document_id = received_paper(first)

    refused = decide(tenant, document_id, {"decision": "refused", "reason": "Attestation de l'an dernier."})
    deliver_queued()
    deliver_queued()

    assert (refused.json["status"], refused.json["reason"]) == ("refused", "Attestation de l'an dernier.")
    for address in (EMAIL, OTHER):
        [mail] = [m for m in mails_to(address) if "refusé" in m["subject"]]
        assert "Attestation d'assurance scolaire" in mail["text"] and "an dernier" not in mail["text"]
    assert papers(second).json["uploaded"][0]["reason"] == "Attestation de l'an dernier."


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"decision": "refused"}, "reason_required"),
        ({"decision": "refused", "reason": "a\u0007b"}, "invalid_text"),
        ({"decision": "refused", "reason": "x", "valid_until": "2027-01-01"}, None),
        ({"decision": "accepted", "valid_until": "2027-02-30"}, None),
        ({"decision": "maybe"}, None),
    ],
)
def test_a_bad_decision_is_422_and_changes_nothing(parents, tenant, body, code):
    first, _, _ = parents
    document_id = received_paper(first)

    reply = decide(tenant, document_id, body)

    assert reply.status == 422 and (code is None or code in reply.text)
    assert papers(first).json["uploaded"][0]["status"] == "received"


def test_two_decisions_at_the_same_moment_decide_once(parents, tenant):
    first, _, _ = parents
    document_id = received_paper(first)
    bodies = [{"decision": "accepted"}, {"decision": "refused", "reason": "Illisible"}]

    with ThreadPoolExecutor(max_workers=2) as pool:
        replies = list(pool.map(lambda body: decide(tenant, document_id, body), bodies))

    assert sorted(r.status for r in replies) == [200, 409]
    winner = next(r.json["status"] for r in replies if r.status == 200)
    assert papers(first).json["uploaded"][0]["status"] == winner


# --- cleaning ---------------------------------------------------------------------------------------------------


def clean(moment: str) -> dict:
    result: dict = invoke_function("CleanDocumentsFunction", {"time": moment})
    return result


def test_a_paper_whose_file_never_came_is_dropped_an_hour_on_and_frees_its_place(parents, at_noon):
    first, _, _ = parents
    never = declare(first).json["document"]["document_id"]
    came = received_paper(first)

    assert clean("2026-12-01T08:59:00Z") == {"dropped": 0, "deleted": 0}
    assert clean("2026-12-01T09:00:00Z") == {"dropped": 1, "deleted": 0}
    assert clean("2026-12-01T09:00:00Z") == {"dropped": 0, "deleted": 0}  # done once

    assert [d["document_id"] for d in papers(first).json["uploaded"]] == [came]
    assert never not in {d["document_id"] for d in papers(first).json["uploaded"]}


def test_refused_and_expired_papers_are_deleted_with_their_file_90_days_on(parents, tenant, at_noon):
    first, _, _ = parents
    refused, expired, kept = received_paper(first), received_paper(first), received_paper(first)
    decide(tenant, refused, {"decision": "refused", "reason": "Illisible"})
    decide(tenant, expired, {"decision": "accepted", "valid_until": "2026-12-31"})
    decide(tenant, kept, {"decision": "accepted"})  # valid a year

    assert clean("2027-03-01T07:59:00Z") == {"dropped": 0, "deleted": 0}
    assert clean("2027-03-01T08:00:00Z") == {"dropped": 0, "deleted": 1}  # 1 Dec + 90 days: the refusal
    assert clean("2027-03-31T21:59:00Z") == {"dropped": 0, "deleted": 0}  # 31 Dec + 90 days, not yet in Paris
    assert clean("2027-03-31T22:00:00Z") == {"dropped": 0, "deleted": 1}

    assert [d["document_id"] for d in papers(first).json["uploaded"]] == [kept]
    for gone in (refused, expired):
        assert not exists(f"uploads/{TENANT}/F-001/{gone}")


def test_a_cleaning_that_fails_midway_does_the_rest_at_its_next_run(parents, at_noon, monkeypatch):
    from botocore.client import BaseClient

    first, _, _ = parents
    for _ in range(3):
        declare(first)
    real, calls = BaseClient._make_api_call, []

    def flaky(self, operation, params):
        if operation == "TransactWriteItems":
            calls.append(operation)
            if len(calls) == 2:
                raise self.exceptions.InternalServerError({"Error": {"Code": "InternalServerError"}}, operation)
        return real(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", flaky)
    with pytest.raises(Exception):  # noqa: B017 - what makes Lambda retry the run
        clean("2026-12-01T09:30:00Z")
    monkeypatch.setattr(BaseClient, "_make_api_call", real)

    assert clean("2026-12-01T09:45:00Z") == {"dropped": 2, "deleted": 0}
    assert papers(first).json["uploaded"] == []


def test_the_export_lists_the_papers_the_account_sent_never_the_files(parents):
    first, second, _ = parents
    mine = received_paper(first)
    declare(second)

    exported = call("GET", f"/{TENANT}/me/export", token=first).json

    assert [(d["document_id"], d["file_name"], d["status"]) for d in exported["documents"]] == [
        (mine, "assurance.pdf", "received")
    ]
    assert "url" not in json.dumps(exported["documents"])
