"""SES bounces and complaints (docs/notifications.md): an address that bounces for good or
complains is marked undeliverable; GET /me shows it; changing the email clears it."""

from __future__ import annotations

import pytest

from infra.lambdas import invoke_function
from infra.mail_events import ses_event, sns_event

from .helpers import NEW_ACCOUNT, TENANT, active_account, call, outbox

EMAIL = NEW_ACCOUNT["email"]


def play(*events) -> dict:
    return invoke_function("MailEventsFunction", sns_event(*events))


def undeliverable(token) -> bool:
    return call("GET", f"/{TENANT}/me", token=token).json["email_undeliverable"]


@pytest.fixture
def parent(tenant):
    return active_account()


def test_every_mail_names_its_tenant_for_the_events_to_come_back(parent):
    assert outbox()[-1]["headers"]["X-Espace-Famille-Tenant"] == TENANT


@pytest.mark.parametrize("kind", ["Bounce", "Complaint"])
def test_a_permanent_bounce_or_a_complaint_marks_the_address(parent, kind):
    assert play(ses_event(kind, " Lea.Martin@Example.org ", {"X-Espace-Famille-Tenant": TENANT})) == {"marked": 1}
    assert undeliverable(parent) is True


@pytest.mark.parametrize(
    "event",
    [
        ses_event("Bounce", EMAIL, {"X-Espace-Famille-Tenant": TENANT}, permanent=False),  # a full mailbox
        ses_event("Bounce", EMAIL, {}),  # no tenant: which account?
        ses_event("Bounce", EMAIL, {"X-Espace-Famille-Tenant": "autre-ville"}),
        ses_event("Bounce", "nobody@example.org", {"X-Espace-Famille-Tenant": TENANT}),
        {"eventType": "Delivery", "mail": {}},
        {"eventType": "Bounce", "bounce": "nonsense", "mail": []},
    ],
)
def test_what_marks_nobody(parent, event):
    assert play(event) == {"marked": 0}
    assert undeliverable(parent) is False


def test_records_that_are_not_ses_events_are_skipped(parent):
    garbage = {"Records": [{"Sns": {"Message": "not json"}}, {"nothing": 1}, {"Sns": {"Message": "[1, 2]"}}]}
    assert invoke_function("MailEventsFunction", garbage) == {"marked": 0}


def test_changing_the_email_clears_it_and_an_old_addresss_event_marks_nothing(parent):
    from .helpers import link_token, mails_to

    play(ses_event("Bounce", EMAIL, {"X-Espace-Famille-Tenant": TENANT}))
    new = "lea.nouvelle@example.org"
    reply = call(
        "POST", f"/{TENANT}/me/email", {"new_email": new, "current_password": NEW_ACCOUNT["password"]}, token=parent
    )
    assert reply.status == 202
    token = link_token(mails_to(new)[-1], "email")
    assert call("POST", f"/{TENANT}/accounts/email-confirmation", {"token": token}).status == 200

    assert undeliverable(parent) is False
    assert play(ses_event("Bounce", EMAIL, {"X-Espace-Famille-Tenant": TENANT})) == {"marked": 0}
    assert undeliverable(parent) is False


def test_dynamodb_failing_makes_lambda_retry_and_the_retry_marks_once(parent, monkeypatch):
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    from portal.platform.errors import ServiceUnavailable

    real = BaseClient._make_api_call

    def throttled(self, operation, params):
        if operation == "UpdateItem":
            raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "slow down"}}, operation)
        return real(self, operation, params)

    event = ses_event("Bounce", EMAIL, {"X-Espace-Famille-Tenant": TENANT})
    monkeypatch.setattr(BaseClient, "_make_api_call", throttled)
    with pytest.raises(ServiceUnavailable):
        play(event)
    monkeypatch.setattr(BaseClient, "_make_api_call", real)
    assert undeliverable(parent) is False

    assert play(event, event) == {"marked": 2}  # Lambda's retry, and SNS delivering twice: still one state
    assert undeliverable(parent) is True
