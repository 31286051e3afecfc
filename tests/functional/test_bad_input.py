"""Bad input gets a clear problem and changes nothing."""

from __future__ import annotations

import pytest

from .helpers import NEW_ACCOUNT, TENANT, call, outbox, register, stored_account, table_items

pytestmark = pytest.mark.usefixtures("tenant")


def assert_nothing_written(before: int) -> None:
    assert table_items() == before
    assert outbox() == []


def test_malformed_json_is_400_and_writes_nothing():
    before = table_items()

    reply = call(
        "POST", f"/{TENANT}/accounts", raw=b'{"civility": "MME",', headers={"Content-Type": "application/json"}
    )

    assert reply.status == 400
    assert reply.headers["Content-Type"] == "application/problem+json"
    assert reply.json["code"] == "malformed_body"
    assert_nothing_written(before)


def test_unknown_fields_are_422():
    before = table_items()

    reply = register(is_admin=True)

    assert reply.status == 422
    assert reply.json["errors"] == [
        {"field": "is_admin", "code": "unknown_field", "message": "Extra inputs are not permitted"}
    ]
    assert_nothing_written(before)


def test_validation_reports_one_entry_per_field():
    reply = call("POST", f"/{TENANT}/accounts", {"civility": "Dr", "email": "pas-un-email", "terms_accepted": True})

    fields = {e["field"]: e["code"] for e in reply.json["errors"]}
    assert reply.status == 422
    assert fields == {
        "civility": "invalid_choice",
        "last_name": "required",
        "first_name": "required",
        "email": "invalid_email",
        "password": "required",
        "password_confirmation": "required",
    }


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"password": "court1A", "password_confirmation": "court1A"}, "password", "password_too_short"),
        ({"password": "Password1", "password_confirmation": "Password1"}, "password", "password_too_common"),
        ({"password_confirmation": "Cantine2025!"}, "password_confirmation", "password_mismatch"),
        ({"terms_accepted": False}, "terms_accepted", "terms_not_accepted"),
        ({"terms_accepted": None}, "terms_accepted", "terms_not_accepted"),
        ({"last_name": "   "}, "last_name", "too_short"),
        ({"first_name": "L" * 101}, "first_name", "too_long"),
        ({"first_name": "Léa\nBcc: x@y"}, "first_name", "invalid_characters"),
    ],
)
def test_registration_rules_answer_422_on_the_field_and_write_nothing(changes, field, code):
    before = table_items()

    reply = register(**changes)

    assert reply.status == 422
    assert {"field": field, "code": code} in [{"field": e["field"], "code": e["code"]} for e in reply.json["errors"]]
    assert_nothing_written(before)


def test_a_missing_terms_acceptance_is_terms_not_accepted():
    body = {k: v for k, v in NEW_ACCOUNT.items() if k != "terms_accepted"}

    reply = call("POST", f"/{TENANT}/accounts", body)

    assert reply.status == 422 and reply.json["code"] == "terms_not_accepted"


def test_the_acceptance_time_and_terms_version_are_recorded():
    register()
    record = stored_account()

    assert record.terms_version == "1"
    assert record.terms_accepted_at is not None


def test_an_oversized_body_is_413():
    reply = register(first_name="L" * 20_000)

    assert reply.status == 413 and reply.json["code"] == "payload_too_large"


def test_a_wrong_content_type_is_415():
    reply = call(
        "POST",
        f"/{TENANT}/sessions",
        raw=b"email=a&password=b",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert reply.status == 415


def test_an_unknown_tenant_is_404_tenant_not_found():
    reply = call("POST", "/ville-inconnue/accounts", NEW_ACCOUNT)

    assert reply.status == 404 and reply.json["code"] == "tenant_not_found"
    assert outbox() == []


@pytest.mark.parametrize("slug", ["Ville", "-ville", "ville-", "a" * 41, "ville_x"])
def test_a_malformed_tenant_slug_is_404_too(slug):
    assert call("POST", f"/{slug}/sessions", {"email": "a@b.fr", "password": "x"}).json["code"] == "tenant_not_found"


def test_problems_never_echo_the_password():
    reply = register(password="Secret-Unique-77", password_confirmation="Secret-Unique-78")

    assert "Secret-Unique" not in reply.text


@pytest.mark.parametrize("email", ["\r", "\u001c", " "])
def test_an_email_blank_once_trimmed_matches_no_account_rather_than_failing(email):
    login = call("POST", f"/{TENANT}/sessions", {"email": email, "password": "Cantine2024!"})
    resend = call("POST", f"/{TENANT}/accounts/activation-email", {"email": email})

    assert login.status == 401 and login.json["code"] == "invalid_credentials"
    assert resend.status == 202
    assert register(email=email).json["errors"][0]["code"] == "invalid_email"


def test_a_body_nested_as_deep_as_its_size_allows_is_refused_not_a_500():
    reply = call(
        "POST", f"/{TENANT}/sessions", raw=b"[" * 8000 + b"]" * 8000, headers={"Content-Type": "application/json"}
    )

    assert reply.status in (400, 422) and reply.json["code"] in ("malformed_body", "validation_failed")
