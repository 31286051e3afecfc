"""Municipality publishing: docs/publishing.md."""

from __future__ import annotations

import json

import boto3
import pytest

from infra.provision import PHYSICAL_NAMES

from .helpers import PDF, TENANT, call, family, invoice, payment, send, stored_invoice, table_items, upload_pdf


def table_snapshot() -> list[dict]:
    return [item for item in table_items() if "#THROTTLE#" not in item["pk"]["S"]]


# --- admin authentication ---------------------------------------------------


@pytest.mark.parametrize("key", [None, "", "adm_wrong", "Bearer x"])
def test_a_missing_or_wrong_admin_key_is_401(tenant, key):
    headers = {"Content-Type": "application/x-ndjson"} | ({"X-Api-Key": key} if key is not None else {})

    reply = call("POST", f"/{TENANT}/admin/imports", raw=b'{"type": "family"}\n', headers=headers)

    assert reply.status == 401
    assert table_snapshot() == [i for i in table_snapshot() if i["sk"]["S"] == "CONFIG"]


def test_a_key_works_for_its_own_tenant_only(tenant):
    from portal.tenancy.provisioning import create_tenant

    other_key = create_tenant("autre-ville", "Autre", "https://autre.example", "a@portail.localhost")

    assert send(other_key, family()).status == 401
    assert send(other_key, family(), tenant="autre-ville").status == 200


# --- imports ----------------------------------------------------------------


def test_an_import_stores_families_invoices_and_payments(tenant):
    reply = send(tenant, family(), invoice(), payment())

    assert reply.status == 200
    assert reply.json == {"accepted": 3, "rejected": []}
    view = stored_invoice("2019-06-0042")
    assert view["amount_cents"] == 640 and view["paid_cents"] == 640
    assert view["balance_cents"] == 0 and view["status"] == "paid"
    assert view["payments"] == [
        {
            "number": "100509454",
            "type": "Carte bancaire",
            "date": "2019-06-21",
            "amount_cents": 640,
            "description": "Règlement en ligne - Transaction n° 3fe5d",
        }
    ]


def test_bad_lines_are_rejected_by_line_and_never_stop_the_good_ones(tenant):
    reply = send(
        tenant,
        family(),  # 1
        "{not json",  # 2
        {"type": "child", "id": 1},  # 3
        invoice("A-1", amount="-6.40", lines=[]),  # 4
        invoice("A-2", amount="6.405", lines=[]),  # 5
        invoice("A-3", date="2019-02-30"),  # 6
        invoice("A-4", family_id="F-UNKNOWN"),  # 7
        payment("NO-SUCH-INVOICE"),  # 8
        invoice("A-5"),  # 9
        "[1, 2]",  # 10
        invoice("A-6", amount="7.00"),  # 11: lines add up to 6.40
        payment("A-5", amount="1,50"),  # 12
    )

    assert reply.status == 200
    codes = {r["line"]: r["code"] for r in reply.json["rejected"]}
    assert codes == {
        2: "invalid_json",
        3: "unknown_type",
        4: "invalid_amount",
        5: "invalid_amount",
        6: "invalid_date",
        7: "unknown_family",
        8: "unknown_invoice",
        10: "invalid_record",
        11: "inconsistent_amount",
        12: "invalid_amount",
    }
    assert reply.json["accepted"] == 2
    assert all(r["message"] for r in reply.json["rejected"])
    assert stored_invoice("A-5")["amount_cents"] == 640


def test_the_same_file_twice_changes_nothing(tenant):
    records = (family(), invoice(), payment(), invoice("2019-07-0001", date="2019-07-01"))
    send(tenant, *records)
    before = table_snapshot()

    again = send(tenant, *records)

    assert again.json == {"accepted": 4, "rejected": []}
    assert table_snapshot() == before


def test_a_later_record_with_the_same_key_replaces_the_earlier_one(tenant):
    send(tenant, family(label="Famille MARTIN"), invoice())
    send(tenant, family(label="Famille MARTIN-DURAND"), invoice(amount="12.80", lines=[]))

    from portal.billing.store import families

    assert families(TENANT, ["F-001"])["F-001"].label == "Famille MARTIN-DURAND"
    assert stored_invoice("2019-06-0042")["amount_cents"] == 1280


def test_within_one_file_the_last_record_with_a_key_wins(tenant):
    reply = send(tenant, family(label="Premier"), family(label="Second"))

    from portal.billing.store import families

    assert reply.json["accepted"] == 2
    assert families(TENANT, ["F-001"])["F-001"].label == "Second"


def test_references_resolve_against_records_already_stored(tenant):
    send(tenant, family())
    send(tenant, invoice())

    reply = send(tenant, payment())

    assert reply.json == {"accepted": 1, "rejected": []}


def test_totals_follow_payments_that_arrive_in_later_imports(tenant):
    send(tenant, family(), invoice(amount="20.00", lines=[]))
    assert stored_invoice("2019-06-0042")["status"] == "to_pay"

    send(tenant, payment(number="P1", amount="5.00"))
    partial = stored_invoice("2019-06-0042")
    send(tenant, payment(number="P2", amount="15.00", payment_type="Prélèvement"))
    full = stored_invoice("2019-06-0042")

    assert (partial["paid_cents"], partial["balance_cents"], partial["status"]) == (500, 1500, "to_pay")
    assert (full["paid_cents"], full["balance_cents"], full["status"]) == (2000, 0, "paid")


def test_an_overpaid_invoice_has_a_zero_balance(tenant):
    send(tenant, family(), invoice(), payment(amount="10.00"))

    view = stored_invoice("2019-06-0042")

    assert (view["paid_cents"], view["balance_cents"], view["status"]) == (1000, 0, "paid")


def test_reimporting_an_invoice_keeps_its_payments_and_pdf(tenant):
    send(tenant, family(), invoice(), payment(amount="3.00"))
    upload_pdf(tenant, "2019-06-0042", PDF)

    send(tenant, invoice(issuer="Régie Périscolaire"))

    view = stored_invoice("2019-06-0042")
    assert view["issuer"] == "Régie Périscolaire"
    assert view["paid_cents"] == 300 and view["has_pdf"] is True


def test_an_invoice_moved_to_another_family_takes_its_payments_along(tenant):
    from dataclasses import asdict

    from portal.billing.invoices import view
    from portal.billing.store import family_invoices

    send(tenant, family(), family("F-002", code="FAM-OTHER"), invoice(), payment(amount="3.00"))
    upload_pdf(tenant, "2019-06-0042", PDF)

    send(tenant, invoice(family_id="F-002", date="2019-06-02"))

    assert family_invoices(TENANT, "F-001") == []
    [moved] = [asdict(view(billed)) for billed in family_invoices(TENANT, "F-002")]
    assert moved["paid_cents"] == 300 and moved["has_pdf"] is True and moved["date"] == "2019-06-02"


def test_a_subscriber_code_belongs_to_one_family(tenant):
    send(tenant, family("F-001", code="FAM-SHARED"))

    reply = send(
        tenant, family("F-002", code=" fam-shared "), family("F-003", code="FAM-NEW"), family("F-004", code="fam-new")
    )

    assert reply.json["accepted"] == 1
    assert {r["line"]: r["code"] for r in reply.json["rejected"]} == {
        1: "subscriber_code_taken",
        3: "subscriber_code_taken",
    }


def test_a_family_may_change_its_code_and_the_old_one_is_released(tenant):
    send(tenant, family("F-001", code="FAM-OLD"))
    send(tenant, family("F-001", code="FAM-NEWER"))

    reply = send(tenant, family("F-002", code="FAM-OLD"))

    assert reply.json == {"accepted": 1, "rejected": []}


def test_codes_are_stored_only_as_keyed_digests(tenant):
    send(tenant, family(code="FAM-7Q2K-9XWD"), invoice(personal_code="PC-SECRET-98765"))

    dump = json.dumps(table_snapshot())

    assert "7Q2K" not in dump.upper()
    assert "PC-SECRET" not in dump.upper()


@pytest.mark.parametrize(
    ("raw", "headers", "status"),
    [
        (b"this is not json lines\n", {}, 400),
        (b"", {}, 400),
        (b"\xff\xfe{}", {}, 400),
        (b'{"type": "family"}\n', {"Content-Type": "application/json"}, 415),
        (b"x" * (5 * 1024 * 1024 + 1), {}, 413),
    ],
    ids=["not-json-lines", "empty", "not-utf8", "wrong-type", "too-large"],
)
def test_a_body_that_is_not_an_import_is_refused_whole(tenant, raw, headers, status):
    reply = call(
        "POST",
        f"/{TENANT}/admin/imports",
        raw=raw,
        headers={"Content-Type": "application/x-ndjson", "X-Api-Key": tenant, **headers},
    )

    assert reply.status == status
    assert reply.headers["Content-Type"] == "application/problem+json"


def test_writes_and_reads_are_batched(tenant, aws_calls):
    send(tenant, family(code=None), *[invoice(f"I-{n:03}", lines=[]) for n in range(100)])

    assert "dynamodb.PutItem" not in aws_calls
    assert aws_calls.count("dynamodb.UpdateItem") == 1  # the tenant's usage counter
    # 1 family, then 100 invoices at 25 per call; one read for invoices already stored.
    assert aws_calls.count("dynamodb.BatchWriteItem") == 5
    assert aws_calls.count("dynamodb.BatchGetItem") == 1


# --- PDFs ---------------------------------------------------------------------


def test_a_pdf_is_stored_encrypted_under_a_server_chosen_key(tenant):
    send(tenant, family(), invoice())

    reply = upload_pdf(tenant, "2019-06-0042", PDF)

    assert reply.status == 204
    head = boto3.client("s3").head_object(
        Bucket=PHYSICAL_NAMES["DocumentsBucket"], Key=f"invoices/{TENANT}/2019-06-0042.pdf"
    )
    assert head["ContentType"] == "application/pdf"
    assert head["ServerSideEncryption"] == "AES256"
    assert head["ContentDisposition"] == 'attachment; filename="facture-2019-06-0042.pdf"'
    assert stored_invoice("2019-06-0042")["has_pdf"] is True


def test_without_a_pdf_has_pdf_is_false(tenant):
    send(tenant, family(), invoice())

    assert stored_invoice("2019-06-0042")["has_pdf"] is False


def test_a_body_that_is_not_a_pdf_is_415_not_a_pdf(tenant):
    send(tenant, family(), invoice())

    reply = upload_pdf(tenant, "2019-06-0042", b"<html>not a pdf</html>")

    assert reply.status == 415 and reply.json["code"] == "not_a_pdf"
    assert stored_invoice("2019-06-0042")["has_pdf"] is False


def test_a_pdf_for_an_unknown_invoice_is_404(tenant):
    reply = upload_pdf(tenant, "NO-SUCH", PDF)

    assert reply.status == 404 and reply.json["code"] == "invoice_not_found"


def test_a_pdf_upload_needs_the_pdf_content_type_and_at_most_5_mb(tenant):
    send(tenant, family(), invoice())

    assert upload_pdf(tenant, "2019-06-0042", PDF, content_type="application/octet-stream").status == 415
    assert upload_pdf(tenant, "2019-06-0042", PDF + b"0" * (5 * 1024 * 1024)).status == 413


FOUR_MB = 4 * 1024 * 1024  # v1.2: what a body can be once Lambda's event carries it (6 MB), escaped or base64


def test_a_pdf_of_4_mb_is_stored_and_one_byte_more_is_413(tenant):
    send(tenant, family(), invoice())

    assert upload_pdf(tenant, "2019-06-0042", PDF + b"0" * (FOUR_MB - len(PDF))).status == 204
    assert upload_pdf(tenant, "2019-06-0042", PDF + b"0" * (FOUR_MB - len(PDF) + 1)).status == 413


def test_an_http_import_over_4_mb_is_413_whole(tenant):
    line = json.dumps(family()).encode() + b"\n"
    body = line * (FOUR_MB // len(line)) + b" " * (FOUR_MB % len(line) + 1)

    reply = call(
        "POST",
        f"/{TENANT}/admin/imports",
        raw=body,
        headers={"Content-Type": "application/x-ndjson", "X-Api-Key": tenant},
    )

    assert len(body) == FOUR_MB + 1 and reply.status == 413
    assert table_snapshot() == [i for i in table_snapshot() if i["sk"]["S"] == "CONFIG"]


# --- bulk imports through S3 --------------------------------------------------


def drop(key: str, body: bytes) -> dict:
    from infra.lambdas import invoke_function

    bucket = PHYSICAL_NAMES["DocumentsBucket"]
    boto3.client("s3").put_object(Bucket=bucket, Key=key, Body=body)
    event = {
        "detail-type": "Object Created",
        "source": "aws.s3",
        "detail": {"bucket": {"name": bucket}, "object": {"key": key}},
    }
    return invoke_function("ImportFromS3Function", event)


def report(key: str) -> dict:
    body = boto3.client("s3").get_object(Bucket=PHYSICAL_NAMES["DocumentsBucket"], Key=key)["Body"].read()
    return json.loads(body)


def test_a_file_dropped_under_imports_is_imported_and_reported_beside_it(tenant):
    from .helpers import ndjson

    drop(f"imports/{TENANT}/2019-06.ndjson", ndjson(family(), invoice(), payment("NOPE")))

    assert report(f"imports/{TENANT}/2019-06.report.json") == {
        "accepted": 2,
        "rejected": [
            {"line": 3, "code": "unknown_invoice", "message": "No invoice 'NOPE' in this file or already published"}
        ],
    }
    assert stored_invoice("2019-06-0042")["amount_cents"] == 640


def test_a_file_for_an_unknown_tenant_gets_an_error_report(tenant):
    from .helpers import ndjson

    drop("imports/inconnue/x.ndjson", ndjson(family()))

    assert report("imports/inconnue/x.report.json")["error"]["code"] == "tenant_not_found"


def test_a_file_too_large_for_a_bulk_import_is_reported_at_once_not_retried(tenant, monkeypatch):
    from portal.publishing import bulk

    from .helpers import ndjson

    monkeypatch.setattr(bulk, "BULK_LIMIT", 10)

    answer = drop(f"imports/{TENANT}/big.ndjson", ndjson(family()))  # returns: Lambda will not retry it

    assert answer["error"]["code"] == "payload_too_large"
    assert report(f"imports/{TENANT}/big.report.json") == answer
    assert stored_invoice_count() == 0


def test_a_bulk_file_that_is_not_json_lines_is_reported_as_malformed(tenant):
    drop(f"imports/{TENANT}/bad.ndjson", b"not json at all\n")

    assert report(f"imports/{TENANT}/bad.report.json")["error"]["code"] == "malformed_body"


def stored_invoice_count() -> int:
    return sum(1 for item in table_items() if item["sk"]["S"] == "FAMILY")


def test_a_line_nested_too_deep_is_rejected_alone_not_a_500(tenant):
    deep = "[" * 100_000 + "]" * 100_000

    reply = send(tenant, family(), deep, invoice())

    assert reply.status == 200
    assert reply.json == {
        "accepted": 2,
        "rejected": [{"line": 2, "code": "invalid_json", "message": "This line is not a JSON object"}],
    }


def test_line_separators_inside_json_strings_do_not_split_a_record(tenant):
    label = "Famille\u2028MARTIN\u2029 et fils"  # line and paragraph separators: splitlines() splits on them

    reply = send(tenant, family(label=label), "{not json", invoice())

    assert reply.json["accepted"] == 2
    assert reply.json["rejected"] == [{"line": 2, "code": "invalid_json", "message": "This line is not a JSON object"}]
