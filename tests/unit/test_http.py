"""The HTTP edge as pure functions: problems, media types, rendering. No AWS."""

from __future__ import annotations

import json

import pytest

from portal import http
from portal.accounts.schemas import Credentials
from portal.platform.errors import (
    ApiError,
    FieldRejected,
    MalformedBody,
    TooManyAttempts,
    UnsupportedMediaType,
    ValidationFailed,
    error_classes,
    rejection,
)


def test_a_problem_is_rfc9457_problem_json_with_a_stable_code():
    rendered = http.render(http.problem_response(MalformedBody()), {})

    body = json.loads(rendered["body"])
    assert rendered["headers"]["Content-Type"] == "application/problem+json"
    assert body["status"] == 400 and body["code"] == "malformed_body"
    assert set(body) >= {"type", "title", "status", "code", "detail"}


def test_throttling_problems_carry_retry_after():
    rendered = http.render(http.problem_response(TooManyAttempts(retry_after=42)), {})

    assert rendered["statusCode"] == 429
    assert rendered["headers"]["Retry-After"] == "42"


def test_a_single_field_error_lends_its_code_to_the_problem_and_stays_422():
    problem = FieldRejected("password_confirmation", "password_mismatch", "differ").problem()

    assert problem["code"] == "password_mismatch" and problem["status"] == 422
    assert problem["errors"] == [{"field": "password_confirmation", "code": "password_mismatch", "message": "differ"}]


def test_several_broken_rules_are_one_validation_failed_listing_them():
    one = {"field": "password", "code": "password_too_short", "message": "short"}
    two = {"field": "terms_accepted", "code": "terms_not_accepted", "message": "accept"}

    assert rejection([one]).problem()["code"] == "password_too_short"
    assert rejection([one, two]).problem()["code"] == "validation_failed"
    assert rejection([one, two]).errors == [one, two]


def test_each_problem_code_has_one_class_one_status_and_one_title():
    classes = [cls for cls in error_classes() if cls is not FieldRejected]
    codes = [cls.code for cls in classes]

    assert len(codes) == len(set(codes))
    assert all(cls.status != 500 for cls in classes if cls is not ApiError)
    assert "code" not in ApiError.__init__.__code__.co_varnames  # no code given at raise time


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin-1", ""],
)
def test_a_body_that_is_not_utf8_json_is_415(content_type):
    with pytest.raises(UnsupportedMediaType):
        http._json_body(Credentials, {"content-type": content_type}, b"{}")


@pytest.mark.parametrize("raw", [b"{", b"\xff\xfe", b'{"email": NaN}', b"[1,", b""])
def test_a_body_that_is_not_json_is_400(raw):
    with pytest.raises(MalformedBody):
        http._json_body(Credentials, {"content-type": "application/json"}, raw)


def test_validation_lists_one_entry_per_field_with_stable_codes():
    with pytest.raises(ValidationFailed) as caught:
        http._json_body(Credentials, {"content-type": "application/json"}, b'{"password": 3, "extra": 1}')

    codes = {e["field"]: e["code"] for e in caught.value.errors}
    assert codes == {"email": "required", "password": "invalid_type", "extra": "unknown_field"}
