"""The usage report (docs/operating.md, "Usage report"): exact counts of what a tenant used in a month."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from .helpers import NEW_ACCOUNT, PDF, TENANT, active_account, call, family, invoice, send, upload_pdf

MONTH = datetime.now(UTC).strftime("%Y-%m")


def usage(admin_key: str, month: str = MONTH, tenant: str = TENANT):
    return call("GET", f"/{tenant}/admin/usage", headers={"X-Api-Key": admin_key}, query={"month": month})


def test_it_counts_every_answered_request_by_operation_whatever_its_status(tenant):
    send(tenant, family(), invoice())
    upload_pdf(tenant, "2019-06-0042", PDF)
    token = active_account()
    call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "FAM-7Q2K-9XWD"}, token=token)
    call("GET", f"/{TENANT}/invoices/2019-06-0042/pdf", token=token)
    call("GET", f"/{TENANT}/invoices/2019-06-0042/pdf", token=token)
    call("GET", f"/{TENANT}/invoices/nope/pdf", token=token)  # 404: a request, not a link
    call("POST", f"/{TENANT}/sessions", {"email": "x@example.org", "password": "wrong"})
    call("GET", "/autre-ville/invoices")  # no such tenant: nobody's usage

    reply = usage(tenant)

    assert reply.status == 200, reply.text
    body = reply.json
    assert body["tenant"] == TENANT and body["month"] == MONTH
    assert body["requests"] == {
        "import_records": 1,
        "upload_invoice_pdf": 1,
        "create_account": 1,
        "activate_account": 1,
        "create_session": 2,
        "create_subscription": 1,
        "get_invoice_pdf": 3,
    }
    assert usage(tenant).json["requests"]["get_usage"] == 1  # a report counts once it is answered
    assert body["pdf_links"] == 2
    assert body["emails_sent"] == 1  # the activation mail
    assert body["active_accounts"] == 1
    assert body["online_payments"] == {"count": 0, "amount_cents": 0}


def test_a_month_spreads_over_its_items_and_the_report_sums_them_with_a_month_counted_on_one(tenant, monkeypatch):
    """A tenant's month is counted over eight items, each its own partition (a city's rush writes 418 a second,
    over DynamoDB's 1,000 a partition on one); a month counted on one item, before, still reads whole."""
    import itertools

    import boto3

    from infra.provision import PHYSICAL_NAMES
    from portal.kernel.ids import TenantSlug
    from portal.platform import metering

    shards = itertools.cycle(range(metering.SHARDS))
    monkeypatch.setattr(metering.secrets, "randbelow", lambda n: next(shards))
    for _ in range(16):
        metering.count(TenantSlug(TENANT), emails_sent=1)
    scanned = boto3.client("dynamodb").scan(TableName=PHYSICAL_NAMES["DataTable"])["Items"]
    metering_items = {i["pk"]["S"] for i in scanned if f"#USAGE#{MONTH}" in i["pk"]["S"]}

    assert len(metering_items) == metering.SHARDS
    assert usage(tenant).json["emails_sent"] == 16
    assert metering.key(TenantSlug(TENANT), MONTH) == f"TENANT#{TENANT}#USAGE#{MONTH}"  # the one item's, before


def test_deleting_an_active_account_counts_it_out(tenant):
    token = active_account()
    call("POST", f"/{TENANT}/me/deletion", {"current_password": NEW_ACCOUNT["password"]}, token=token)

    assert usage(tenant).json["active_accounts"] == 0


def test_a_month_before_any_use_is_all_zeros(tenant):
    body = usage(tenant, "2020-01").json

    assert body["requests"] == {} and body["emails_sent"] == body["pdf_links"] == 0


@pytest.mark.parametrize("month", ["2026-13", "2026-1", "26-01", "2999-01", "x", ""])
def test_a_malformed_or_future_month_is_422(tenant, month):
    reply = usage(tenant, month)

    assert reply.status == 422


def test_another_tenants_key_is_401(tenant):
    from portal.tenancy.provisioning import create_tenant

    other = create_tenant("autre-ville", "Autre", "https://autre.example.org", "a@portail.localhost")

    assert usage(other).status == 401
    assert usage(tenant, tenant="autre-ville").status == 401


def test_the_counter_failing_never_fails_the_answer(tenant, monkeypatch):
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    real = BaseClient._make_api_call

    def usage_write_throttled(self, operation, params):
        if operation == "UpdateItem" and "USAGE" in str(params.get("Key")):
            raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "slow down"}}, operation)
        return real(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", usage_write_throttled)
    assert send(tenant, family()).status == 200
