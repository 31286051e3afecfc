"""Dependencies failing: a 503 with Retry-After, never a 500, and no lost or half-written account."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, ReadTimeoutError

from .helpers import NEW_ACCOUNT, TENANT, activation_token, active_account, call, outbox, register

pytestmark = pytest.mark.usefixtures("tenant")


@contextmanager
def failing(client, operation: str, error: Exception) -> Iterator[None]:
    """Make one AWS operation of a real client fail, at the HTTP-send step botocore would reach."""

    def fail(**_: object) -> None:
        raise error

    event = f"before-send.{client.meta.service_model.service_id.hyphenize()}.{operation}"
    client.meta.events.register(event, fail, unique_id="fault")
    try:
        yield
    finally:
        client.meta.events.unregister(event, unique_id="fault")


def ses():
    from portal.platform.aws import client

    return client("ses")


def dynamodb():
    from portal.platform.table import connection

    return connection().client


THROTTLED = ClientError({"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}}, "op")
DOWN = EndpointConnectionError(endpoint_url="https://dynamodb.eu-west-3.amazonaws.com")


def test_ses_down_at_registration_is_503_and_the_link_can_be_asked_for_again():
    with failing(ses(), "SendRawEmail", EndpointConnectionError(endpoint_url="https://email.eu-west-3.amazonaws.com")):
        reply = register()

    assert reply.status == 503
    assert reply.headers["Retry-After"].isdigit()
    assert reply.json["code"] == "service_unavailable"
    assert "amazonaws" not in reply.text
    assert call("POST", f"/{TENANT}/accounts/activation-email", {"email": NEW_ACCOUNT["email"]}).status == 202
    assert call("POST", f"/{TENANT}/accounts/activation", {"token": activation_token(outbox()[-1])}).status == 200


def test_registering_again_after_an_ses_failure_works_too():
    with failing(ses(), "SendRawEmail", ClientError({"Error": {"Code": "Throttling"}}, "SendRawEmail")):
        assert register().status == 503

    assert register().status == 202
    assert call("POST", f"/{TENANT}/accounts/activation", {"token": activation_token(outbox()[-1])}).status == 200


@pytest.mark.parametrize("error", [THROTTLED, DOWN], ids=["throttled", "unreachable"])
@pytest.mark.parametrize(
    ("operation", "request_"),
    [
        ("TransactWriteItems", lambda: register()),
        ("BatchGetItem", lambda: call("POST", f"/{TENANT}/sessions", {"email": "a@b.fr", "password": "Xx1xxxxx"})),
        ("UpdateItem", lambda: call("POST", f"/{TENANT}/accounts/activation", {"token": "0" * 32 + ".x"})),
    ],
    ids=["register", "login", "activate"],
)
def test_dynamodb_failures_are_503_with_retry_after(error, operation, request_):
    call("GET", f"/{TENANT}/me")  # warm the tenant cache so the fault hits the operation itself

    with failing(dynamodb(), operation, error):
        reply = request_()

    assert reply.status == 503
    assert int(reply.headers["Retry-After"]) >= 1
    assert reply.headers["Content-Type"] == "application/problem+json"


def test_a_logout_that_fails_leaves_the_token_working_and_can_be_retried():
    token = active_account()

    with failing(dynamodb(), "UpdateItem", THROTTLED):
        assert call("DELETE", f"/{TENANT}/sessions/current", token=token).status == 503

    assert call("GET", f"/{TENANT}/me", token=token).status == 200
    assert call("DELETE", f"/{TENANT}/sessions/current", token=token).status == 204


def s3():
    from portal.platform.aws import client

    return client("s3")


def test_s3_down_at_pdf_upload_is_503_and_leaves_no_pdf_marker(tenant):
    from .helpers import PDF, family, invoice, send, stored_invoice, upload_pdf

    send(tenant, family(), invoice())

    with failing(s3(), "PutObject", EndpointConnectionError(endpoint_url="https://s3.eu-west-3.amazonaws.com")):
        reply = upload_pdf(tenant, "2019-06-0042", PDF)

    assert reply.status == 503 and "Retry-After" in reply.headers
    assert stored_invoice("2019-06-0042")["has_pdf"] is False
    assert upload_pdf(tenant, "2019-06-0042", PDF).status == 204


def test_dynamodb_down_during_an_import_is_503_and_a_retry_completes_it(tenant):
    from .helpers import family, invoice, payment, send, stored_invoice

    records = (family(), invoice(), payment())
    with failing(dynamodb(), "BatchWriteItem", THROTTLED):
        assert send(tenant, *records).status == 503

    assert send(tenant, *records).json == {"accepted": 3, "rejected": []}
    assert stored_invoice("2019-06-0042")["paid_cents"] == 640


# --- account self-service --------------------------------------------------------


def test_ses_down_at_a_reset_request_is_503_and_asking_again_works():
    from .helpers import link_token, mails_to

    active_account()
    with failing(ses(), "SendRawEmail", ClientError({"Error": {"Code": "Throttling"}}, "SendRawEmail")):
        reply = call("POST", f"/{TENANT}/accounts/password-reset", {"email": NEW_ACCOUNT["email"]})

    assert reply.status == 503 and reply.headers["Retry-After"].isdigit()
    assert call("POST", f"/{TENANT}/accounts/password-reset", {"email": NEW_ACCOUNT["email"]}).status == 202
    token = link_token(mails_to(NEW_ACCOUNT["email"])[-1], "mot-de-passe")
    body = {"token": token, "password": "Piscine2025!", "password_confirmation": "Piscine2025!"}
    assert call("POST", f"/{TENANT}/accounts/password", body).status == 200


def test_dynamodb_throttled_while_setting_a_new_password_changes_nothing_and_the_link_still_works():
    from .helpers import link_token, mails_to

    active_account()
    call("POST", f"/{TENANT}/accounts/password-reset", {"email": NEW_ACCOUNT["email"]})
    token = link_token(mails_to(NEW_ACCOUNT["email"])[-1], "mot-de-passe")
    body = {"token": token, "password": "Piscine2025!", "password_confirmation": "Piscine2025!"}

    with failing(dynamodb(), "UpdateItem", THROTTLED):
        assert call("POST", f"/{TENANT}/accounts/password", body).status == 503

    login = {"email": NEW_ACCOUNT["email"], "password": NEW_ACCOUNT["password"]}
    assert call("POST", f"/{TENANT}/sessions", login).status == 200
    assert call("POST", f"/{TENANT}/accounts/password", body).status == 200


def test_a_failed_notice_does_not_undo_or_fail_a_password_change():
    token = active_account()
    body = {
        "current_password": NEW_ACCOUNT["password"],
        "password": "Piscine2025!",
        "password_confirmation": "Piscine2025!",
    }

    with failing(ses(), "SendRawEmail", DOWN):
        reply = call("PUT", f"/{TENANT}/me/password", body, token=token)

    assert reply.status == 200
    assert call("GET", f"/{TENANT}/me", token=reply.json["access_token"]).status == 200


def test_ses_down_at_an_email_change_is_503_and_asking_again_works():
    from .helpers import link_token, mails_to

    token = active_account()
    body = {"new_email": "nouvelle@example.org", "current_password": NEW_ACCOUNT["password"]}
    with failing(ses(), "SendRawEmail", DOWN):
        assert call("POST", f"/{TENANT}/me/email", body, token=token).status == 503

    assert call("POST", f"/{TENANT}/me/email", body, token=token).status == 202
    link = link_token(mails_to("nouvelle@example.org")[-1], "email")
    assert call("POST", f"/{TENANT}/accounts/email-confirmation", {"token": link}).status == 200


def test_dynamodb_down_at_deletion_is_503_and_the_account_is_whole():
    token = active_account()

    with failing(dynamodb(), "TransactWriteItems", DOWN):
        reply = call("POST", f"/{TENANT}/me/deletion", {"current_password": NEW_ACCOUNT["password"]}, token=token)

    assert reply.status == 503
    assert call("GET", f"/{TENANT}/me", token=token).status == 200
    assert (
        call("POST", f"/{TENANT}/me/deletion", {"current_password": NEW_ACCOUNT["password"]}, token=token).status == 204
    )


def delete_me(token: str):
    return call("POST", f"/{TENANT}/me/deletion", {"current_password": NEW_ACCOUNT["password"]}, token=token)


TIMED_OUT = ReadTimeoutError(endpoint_url="https://dynamodb.eu-west-3.amazonaws.com")


@pytest.mark.parametrize(
    ("operation", "request_"),
    [
        ("TransactWriteItems", lambda token: register(email="autre@example.org")),
        ("UpdateItem", lambda token: call("PATCH", f"/{TENANT}/me", {"first_name": "Zoé"}, token=token)),
        ("TransactWriteItems", lambda token: delete_me(token)),
    ],
    ids=["register", "update", "delete"],
)
def test_a_dynamodb_timeout_on_a_write_is_503_not_500(operation, request_):
    token = active_account()

    with failing(dynamodb(), operation, TIMED_OUT):
        reply = request_(token)

    assert reply.status == 503 and reply.headers["Retry-After"].isdigit()
    assert call("GET", f"/{TENANT}/me", token=token).status == 200
