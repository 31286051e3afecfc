"""Invoice PDFs dropped in the documents bucket at imports/{tenant}/pdfs/{invoice_id}.pdf (ImportInvoicePdfFunction):
attached as the PUT route attaches them, refusals reported beside the file, outages retried."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
import requests

from infra.lambdas import RUNNING, invoke_function
from infra.provision import PHYSICAL_NAMES

from .helpers import PDF, TENANT, active_account, call, family, invoice, send, stored_invoice

BUCKET = PHYSICAL_NAMES["DocumentsBucket"]
FUNCTION = "ImportInvoicePdfFunction"
DROPPED = f"imports/{TENANT}/pdfs/2019-06-0042.pdf"
REPORT = f"imports/{TENANT}/pdfs/2019-06-0042.report.json"
STORED = f"invoices/{TENANT}/2019-06-0042.pdf"


def dropped_event(key: str) -> dict[str, Any]:
    return {
        "detail-type": "Object Created",
        "source": "aws.s3",
        "detail": {"bucket": {"name": BUCKET}, "object": {"key": key}},
    }


def drop(key: str, body: bytes) -> dict[str, Any]:
    boto3.client("s3").put_object(Bucket=BUCKET, Key=key, Body=body)
    return invoke_function(FUNCTION, dropped_event(key))


def exists(key: str) -> bool:
    return "Contents" in boto3.client("s3").list_objects_v2(Bucket=BUCKET, Prefix=key)


def read(key: str) -> bytes:
    body: bytes = boto3.client("s3").get_object(Bucket=BUCKET, Key=key)["Body"].read()
    return body


@pytest.fixture
def published(tenant: str) -> str:
    assert send(tenant, family(), invoice()).status == 200
    return tenant


def failing_once(monkeypatch, operation: str) -> list[str]:
    """``operation`` throttled once, when the function runs."""
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    real, failed = BaseClient._make_api_call, []

    def maybe_fail(self, name, params):
        if name == operation and RUNNING.get() == FUNCTION and not failed:
            failed.append(name)
            raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "slow down"}}, name)
        return real(self, name, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", maybe_fail)
    return failed


# --- attached ------------------------------------------------------------------------------------


def test_a_dropped_pdf_becomes_the_invoice_s_pdf_as_the_put_route_stores_it(published):
    answer = drop(DROPPED, PDF)

    assert answer == {"status": "attached"}
    assert stored_invoice("2019-06-0042")["has_pdf"] is True
    head = boto3.client("s3").head_object(Bucket=BUCKET, Key=STORED)
    assert head["ContentType"] == "application/pdf"
    assert head["ServerSideEncryption"] == "AES256"
    assert head["ContentDisposition"] == 'attachment; filename="facture-2019-06-0042.pdf"'
    assert read(STORED) == PDF


def test_the_dropped_object_is_deleted_and_no_report_is_written(published):
    drop(DROPPED, PDF)

    assert not exists(DROPPED)
    assert not exists(REPORT)


def test_the_citizen_s_link_serves_the_dropped_pdf(published):
    drop(DROPPED, PDF)
    citizen = active_account()
    assert call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "FAM-7Q2K-9XWD"}, token=citizen).status == 201

    reply = call("GET", f"/{TENANT}/invoices/2019-06-0042/pdf", token=citizen)

    assert reply.status == 200
    download = requests.get(reply.json["url"], timeout=10)
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["Content-Disposition"] == 'attachment; filename="facture-2019-06-0042.pdf"'


def test_the_bytes_are_copied_inside_s3_after_reading_only_the_first_five(published, monkeypatch):
    from botocore.client import BaseClient

    s3_calls: list[tuple[str, dict[str, Any]]] = []
    real = BaseClient._make_api_call

    def record(self, name, params):
        if RUNNING.get() == FUNCTION and self.meta.service_model.service_name == "s3":
            s3_calls.append((name, params))
        return real(self, name, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", record)

    drop(DROPPED, PDF)

    assert [name for name, _ in s3_calls] == ["GetObject", "CopyObject", "DeleteObject"]
    (_, get), (_, copy), (_, delete) = s3_calls
    assert get["Range"] == "bytes=0-4"
    source = str(copy["CopySource"])  # botocore has written the dict as "bucket/key?versionId=…"
    assert source == f"{BUCKET}/{DROPPED}?versionId={delete['VersionId']}"  # the version checked, copied, deleted
    assert copy["Key"] == STORED


def test_a_pdf_dropped_again_replaces_the_first(published):
    drop(DROPPED, PDF)

    drop(DROPPED, PDF + b"% corrected\n")

    assert read(STORED) == PDF + b"% corrected\n"
    assert stored_invoice("2019-06-0042")["has_pdf"] is True


def test_the_same_event_delivered_twice_changes_nothing_the_second_time(published):
    drop(DROPPED, PDF)

    again = invoke_function(FUNCTION, dropped_event(DROPPED))

    assert again == {"status": "gone"}
    assert read(STORED) == PDF and stored_invoice("2019-06-0042")["has_pdf"] is True
    assert not exists(REPORT)


# --- refused: reported beside the file, nothing changed ------------------------------------------


@pytest.mark.parametrize(
    ("key", "body", "code"),
    [
        ("imports/inconnue/pdfs/2019-06-0042.pdf", PDF, "tenant_not_found"),
        (DROPPED, b"<html>not a pdf</html>", "not_a_pdf"),
        (DROPPED, b"", "not_a_pdf"),
        (f"imports/{TENANT}/pdfs/NO-SUCH.pdf", PDF, "invoice_not_found"),
        (f"imports/{TENANT}/pdfs/2019 06 0042.pdf", PDF, "invoice_not_found"),
        (f"imports/{TENANT}/pdfs/2019-06/0042.pdf", PDF, "validation_failed"),
        (f"imports/{TENANT}/2019-06/pdfs/0042.pdf", PDF, "validation_failed"),
    ],
)
def test_what_can_never_succeed_is_reported_beside_the_file_which_is_kept(published, key, body, code):
    answer = drop(key, body)

    assert answer["error"]["code"] == code
    assert json.loads(read(key.removesuffix(".pdf") + ".report.json")) == answer
    assert read(key) == body
    assert stored_invoice("2019-06-0042")["has_pdf"] is False
    assert not exists(f"invoices/{TENANT}/")


def test_a_pdf_over_the_put_route_s_limit_is_reported_without_being_read(published, monkeypatch):
    from portal.platform import objects

    monkeypatch.setattr(objects, "PDF_LIMIT", len(PDF) - 1)

    answer = drop(DROPPED, PDF)

    assert answer["error"]["code"] == "payload_too_large"
    assert json.loads(read(REPORT)) == answer and read(DROPPED) == PDF
    assert stored_invoice("2019-06-0042")["has_pdf"] is False


def test_a_tenant_cannot_attach_a_pdf_to_another_tenant_s_invoice(published):
    from portal.tenancy.provisioning import create_tenant

    other = create_tenant("autre-ville", "Autre", "https://autre.example", "a@portail.localhost")
    assert send(other, family(), invoice("2019-06-0777"), tenant="autre-ville").status == 200

    answer = drop(f"imports/{TENANT}/pdfs/2019-06-0777.pdf", PDF)

    assert answer["error"]["code"] == "invoice_not_found"
    assert not exists("invoices/")


# --- outages: raised for Lambda to retry, nothing half written ----------------------------------


def test_a_copy_failing_raises_leaves_the_invoice_unmarked_and_the_retry_attaches(published, monkeypatch):
    from portal.platform.errors import ServiceUnavailable

    failed = failing_once(monkeypatch, "CopyObject")

    with pytest.raises(ServiceUnavailable):
        drop(DROPPED, PDF)

    assert failed and stored_invoice("2019-06-0042")["has_pdf"] is False
    assert not exists(STORED) and not exists(REPORT) and read(DROPPED) == PDF
    assert invoke_function(FUNCTION, dropped_event(DROPPED)) == {"status": "attached"}
    assert stored_invoice("2019-06-0042")["has_pdf"] is True and read(STORED) == PDF and not exists(DROPPED)


def test_the_marker_failing_raises_keeps_the_dropped_file_and_the_retry_attaches(published, monkeypatch):
    from portal.platform.errors import ServiceUnavailable

    failed = failing_once(monkeypatch, "PutItem")

    with pytest.raises(ServiceUnavailable):
        drop(DROPPED, PDF)

    assert failed and stored_invoice("2019-06-0042")["has_pdf"] is False
    assert read(DROPPED) == PDF and not exists(REPORT)
    assert invoke_function(FUNCTION, dropped_event(DROPPED)) == {"status": "attached"}
    assert stored_invoice("2019-06-0042")["has_pdf"] is True and not exists(DROPPED)


# --- drops of the same invoice, in or out of order -------------------------------------------------


def _dropped(body: bytes) -> dict[str, Any]:
    """A drop at DROPPED and its event as S3 sends it: the version written and S3's sequencer (moto gives
    every event the same, so the test gives each its own, later for a later drop)."""
    version = boto3.client("s3").put_object(Bucket=BUCKET, Key=DROPPED, Body=body)["VersionId"]
    event = dropped_event(DROPPED)
    event["detail"]["object"] |= {"version-id": version, "sequencer": f"0062{len(_SEQUENCERS):012X}"}
    _SEQUENCERS.append(version)
    return event


_SEQUENCERS: list[str] = []


def _attached_bytes() -> bytes:
    link = call("GET", f"/{TENANT}/invoices/2019-06-0042/pdf", token=_reader()).json["url"]
    return requests.get(link, timeout=5).content


def _reader() -> str:
    token = active_account()
    call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "FAM-7Q2K-9XWD"}, token=token)
    return token


def test_two_drops_whose_events_come_in_order_leave_the_later(published):
    first, second = _dropped(PDF + b"% first"), _dropped(PDF + b"% second")

    assert invoke_function(FUNCTION, first) == {"status": "attached"}
    assert invoke_function(FUNCTION, second) == {"status": "attached"}

    assert _attached_bytes().endswith(b"% second")
    assert not exists(DROPPED)  # each event deleted its own version
    copies = boto3.client("s3").list_objects_v2(Bucket=BUCKET, Prefix=f"invoices/{TENANT}/2019-06-0042")
    assert len(copies["Contents"]) == 1  # the first drop's copy removed


def test_a_drop_whose_event_comes_after_a_later_drop_s_is_superseded(published):
    first, second = _dropped(PDF + b"% first"), _dropped(PDF + b"% second")

    assert invoke_function(FUNCTION, second) == {"status": "attached"}
    assert invoke_function(FUNCTION, first) == {"status": "superseded"}  # hours later, behind the queue

    assert _attached_bytes().endswith(b"% second")
    assert not exists(DROPPED)
    copies = boto3.client("s3").list_objects_v2(Bucket=BUCKET, Prefix=f"invoices/{TENANT}/2019-06-0042")
    assert len(copies["Contents"]) == 1
