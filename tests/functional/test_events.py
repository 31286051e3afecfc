"""Every function has a sample event in events/ (for `sam local invoke -e`), and it works."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest

from infra import template
from infra.lambdas import invoke_function

EVENTS = template.ROOT / "events"
FUNCTIONS = template.resources("AWS::Serverless::Function")

# What each sample gets from a fresh 'demo' tenant: the samples carry no live token;
# the admin samples get the tenant's real key in place of their placeholder.
EXPECTED = {
    "ImportRecordsFunction": 200,
    "UploadInvoicePdfFunction": 404,
    "ImportFromS3Function": None,
    "ImportInvoicePdfFunction": None,
    "CreateSubscriptionFunction": 401,
    "ListSubscriptionsFunction": 401,
    "DeleteSubscriptionFunction": 401,
    "ListInvoicesFunction": 401,
    "GetInvoiceFunction": 401,
    "GetInvoicePdfFunction": 401,
    "CreateAccountFunction": 202,
    "ActivateAccountFunction": 400,
    "ResendActivationFunction": 202,
    "CreateSessionFunction": 401,
    "DeleteSessionFunction": 401,
    "GetMeFunction": 401,
    "CorsPreflightFunction": 204,
    "RequestPasswordResetFunction": 202,
    "ResetPasswordFunction": 400,
    "ConfirmEmailFunction": 400,
    "UpdateMeFunction": 401,
    "ChangePasswordFunction": 401,
    "ChangeEmailFunction": 401,
    "ExportMeFunction": 401,
    "DeleteMeFunction": 401,
    "StartPaymentFunction": 401,
    "GetPaymentFunction": 401,
    "PayfipNotificationFunction": 200,
    "PaymentReturnFunction": 303,
    "ListOnlinePaymentsFunction": 200,
    "SweepPaymentsFunction": None,
    "SweepBookingsFunction": None,
    "MailEventsFunction": None,
    "NotifyNewInvoicesFunction": None,
    "SendRemindersFunction": None,
    "UnsubscribeFunction": 400,
    "GetUsageFunction": 200,  # the sample's signature is not the tenant's
    "ListChildrenFunction": 401,
    "GetFamilyFileFunction": 401,
    "ChangeFamilyFileFunction": 401,
    "CertifyFamilyFileFunction": 401,
    "DeclareDocumentFunction": 401,
    "ListFamilyDocumentsFunction": 401,
    "GetDocumentFileFunction": 401,
    "DeleteDocumentFunction": 401,
    "GetReceivedPdfFunction": 401,
    "UploadFamilyDocumentPdfFunction": 404,  # no such paper in a fresh tenant
    "CheckDocumentFunction": None,
    "ListTownDocumentsFunction": 200,
    "GetTownDocumentFileFunction": 404,  # no such paper in a fresh tenant
    "DecideDocumentFunction": 404,
    "CleanDocumentsFunction": None,
    "ListRequestsFunction": 401,
    "GetRequestFunction": 401,
    "CancelRequestFunction": 401,
    "RequestCertificateFunction": 401,
    "ListChildActivitiesFunction": 401,
    "CreateAgentFunction": 201,
    "ListAgentsFunction": 200,
    "DeleteAgentFunction": 404,
    "ActivateAgentFunction": 400,
    "CreateAgentSessionFunction": 401,
    "DeleteAgentSessionFunction": 401,
    "GetInboxFunction": 401,
    "ListAuditFunction": 200,
    "GetTownFamilyFileFunction": 404,
    "GetTownRequestFunction": 404,
    "GetTownDocumentFunction": 404,
    "GetAgentMeFunction": 401,
    "RequestEnrolmentFunction": 401,
    "ListTownRequestsFunction": 200,
    "DecideRequestFunction": 404,  # no such request in a fresh tenant
    "GetCalendarFunction": 401,
    "ChangeBookingsFunction": 401,
    "DeclareAbsenceFunction": 401,
    "ListBookingEventsFunction": 200,
    "GetAttendanceFunction": 404,  # no such activity in a fresh tenant
    "SendBookingMailsFunction": None,
    "ApplyClosuresFunction": None,
    "ListServicesFunction": 401,
    "OpenThreadFunction": 401,
    "ListThreadsFunction": 401,
    "GetThreadFunction": 401,
    "PostMessageFunction": 401,
    "ListTownThreadsFunction": 200,
    "GetTownThreadFunction": 404,  # no such thread in a fresh tenant
    "PostTownMessageFunction": 404,
    "CloseThreadFunction": 404,
    "ListAgendasFunction": 401,
    "ListSlotsFunction": 401,
    "BookAppointmentFunction": 401,
    "ListAppointmentsFunction": 401,
    "CancelAppointmentFunction": 401,
    "GetAgendaDayFunction": 404,  # no such agenda in a fresh tenant
    "CancelTownAppointmentFunction": 404,
    "SendAppointmentRemindersFunction": None,
    "ListTownAgendasFunction": 200,
}


def event_file(function: str) -> Path:
    return EVENTS / f"{Path(FUNCTIONS[function]['Properties']['CodeUri']).name}.json"


def test_every_function_has_a_sample_event_and_an_expectation():
    assert set(EXPECTED) == set(FUNCTIONS)
    assert {event_file(f).name for f in FUNCTIONS} == {p.name for p in EVENTS.glob("*.json")}


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_the_sample_event_runs_through_its_handler(aws_stack, function):
    from portal.tenancy.provisioning import create_tenant

    key = create_tenant(
        "demo", "Ville de Démo", "http://127.0.0.1:3000", "a@portail.localhost", ["http://127.0.0.1:3000"]
    )
    event = json.loads(event_file(function).read_text(encoding="utf-8"))
    if "X-Api-Key" in (event.get("headers") or {}):
        event["headers"]["X-Api-Key"] = key
    if function == "ImportFromS3Function":
        detail = event["detail"]
        body = (EVENTS / "import_from_s3.ndjson").read_bytes()
        boto3.client("s3").put_object(Bucket=detail["bucket"]["name"], Key=detail["object"]["key"], Body=body)

    if function == "ImportInvoicePdfFunction":
        detail = event["detail"]
        body = b"%PDF-1.7 sample"
        boto3.client("s3").put_object(Bucket=detail["bucket"]["name"], Key=detail["object"]["key"], Body=body)

    result = invoke_function(function, event)

    if function == "SweepPaymentsFunction":
        assert result == {"checked": 0, "settled": 0, "expired": 0, "unavailable": 0}
    elif function == "SweepBookingsFunction":
        assert result == {"slots": 0, "promoted": 0, "failed": 0, "mended": 0, "notices": 0, "summaries": 0}
    elif function == "SendRemindersFunction":
        assert result == {"invoices": 0, "messages": 0}
    elif function == "SendAppointmentRemindersFunction":
        assert result == {"appointments": 0, "mails": 0, "failed": 0}
    elif function in ("NotifyNewInvoicesFunction", "SendBookingMailsFunction", "ApplyClosuresFunction"):
        assert result == {"batchItemFailures": []}  # no such account: nothing to send, nothing to retry
    elif function == "CleanDocumentsFunction":
        assert result == {"dropped": 0, "deleted": 0}
    elif function == "ImportInvoicePdfFunction":
        assert result["error"]["code"] == "invoice_not_found"  # a fresh tenant has no invoice: reported
    elif function == "CheckDocumentFunction":
        assert result == {"status": "unexpected"}  # no paper awaits this file in a fresh tenant: deleted
    elif function == "MailEventsFunction":
        assert result == {"marked": 0}  # the sample's address has no account in a fresh tenant
    elif EXPECTED[function] is None:
        assert result == {"accepted": 3, "rejected": []}
    else:
        assert result["statusCode"] == EXPECTED[function], result["body"]
