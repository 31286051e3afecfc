"""The HTTP edge as pure functions: problems, media types, rendering, and the
pipeline's steps one at a time (``portal.http.Pipeline``). No AWS."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

import pytest

from portal import http
from portal.accounts import bodies as accounts_bodies
from portal.accounts.schemas import Credentials
from portal.billing.bodies import InvoiceQuery
from portal.payments.bodies import PaymentStarted, StartPayment
from portal.platform.errors import (
    ApiError,
    FieldRejected,
    MalformedBody,
    PayloadTooLarge,
    TenantNotFound,
    TooManyAttempts,
    Unauthorized,
    UnsupportedMediaType,
    ValidationFailed,
    error_classes,
    rejection,
)
from portal.tenancy.model import Tenant
from portal.tenancy.tenants import hash_admin_key

ORIGIN = "https://portail.ville.fr"
TENANT = Tenant("ville", "Ville", ORIGIN, "mairie@ville.fr", "1", (ORIGIN,), None, None, hash_admin_key("the-key"))
JSON = {"content-type": "application/json"}


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


def route(
    *,
    auth=None,
    body=None,
    raw=None,
    params=None,
    responses=None,
    empty_body=False,
    body_limit=http.JSON_BODY_LIMIT,
    handler=None,
) -> http.Pipeline:
    """A route's pipeline as ``@endpoint`` builds it, without the table's connection."""
    spec = http.EndpointSpec(
        "an_operation", "A route.", body, raw, params, auth, responses or {200: None}, (), empty_body
    )
    return http.Pipeline(spec, handler or (lambda request: http.Response(200)), body_limit)


def event(**fields):
    return {"httpMethod": "POST", "pathParameters": {"tenant": "ville"}, **fields}


def test_an_admin_route_refuses_a_key_that_is_not_the_tenant_s():
    with pytest.raises(Unauthorized):
        route(auth="admin").auth(TENANT, {"x-api-key": "another-key"})


def test_an_admin_route_lets_the_tenant_s_key_through_with_no_caller():
    assert route(auth="admin").auth(TENANT, {"x-api-key": "the-key"}) is None


def test_a_citizen_route_without_a_bearer_token_asks_for_one():
    with pytest.raises(Unauthorized) as caught:
        route(auth="citizen").auth(TENANT, {"authorization": "Basic abc"})

    assert caught.value.headers == {"WWW-Authenticate": "Bearer"}


def test_a_json_body_over_the_route_s_limit_is_413():
    pipeline = route(body=accounts_bodies.Credentials, body_limit=16)

    with pytest.raises(PayloadTooLarge):
        pipeline.body(event(body='{"email": "a@ville.fr", "password": "x"}'), JSON)


def test_a_json_body_comes_validated_with_its_bytes():
    document = '{"email": "a@ville.fr", "password": "x"}'

    raw_body, parsed = route(body=accounts_bodies.Credentials).body(event(body=document), JSON)

    assert raw_body == document.encode() and parsed.email == "a@ville.fr"


def test_no_body_stands_for_an_empty_object_where_the_route_allows_it():
    raw_body, parsed = route(body=StartPayment, empty_body=True).body(event(), {})

    assert raw_body == b"" and isinstance(parsed, StartPayment)


def test_a_raw_body_of_another_media_type_is_415():
    with pytest.raises(UnsupportedMediaType):
        route(raw=("text/csv", 100)).body(event(body="a,b"), {"content-type": "text/plain"})


def test_a_raw_body_is_handed_over_as_its_bytes_unparsed():
    encoded = base64.b64encode(b"a,b\n").decode()

    raw_body, parsed = route(raw=("text/csv", 100)).body(
        event(body=encoded, isBase64Encoded=True), {"content-type": "text/csv"}
    )

    assert raw_body == b"a,b\n" and parsed is None


def test_the_query_string_is_validated_by_the_route_s_params_model():
    pipeline = route(params=InvoiceQuery)

    request = pipeline.request(event(queryStringParameters={"year": "2024"}), {}, TENANT, None, b"", None)

    assert request.params.year == 2024 and request.query == {"year": "2024"}
    with pytest.raises(ValidationFailed):
        pipeline.request(event(queryStringParameters={"year": "soon"}), {}, TENANT, None, b"", None)


def test_a_citizen_route_s_request_carries_its_caller():
    caller = object()

    request = route(auth="citizen").request(event(), {}, TENANT, caller, b"", None)

    assert isinstance(request, http.CitizenRequest) and request.principal is caller


def test_the_request_gives_the_caller_s_address_as_api_gateway_saw_it():
    seen = event(requestContext={"identity": {"sourceIp": "192.0.2.7"}})

    request = route().request(seen, {}, TENANT, None, b"", None)

    assert request.source_ip == "192.0.2.7" and request.path == {"tenant": "ville"}


def test_a_success_the_spec_does_not_declare_is_a_bug_not_an_answer():
    with pytest.raises(TypeError, match="an_operation answered 201"):
        route(responses={200: None}).shape(http.Response(201))


def test_a_body_on_a_status_declared_without_one_is_a_bug():
    with pytest.raises(TypeError):
        route(responses={204: None}).shape(http.Response(204, {"unexpected": True}))


@dataclass(frozen=True)
class Started:
    transaction_id: str
    status: str
    amount_cents: int
    redirect_url: str


def test_a_domain_value_is_shaped_into_the_declared_body_by_field_name():
    value = Started("tx-1", "pending", 1250, "https://pay.example/tx-1")

    shaped = route(responses={201: PaymentStarted}).shape(http.Response(201, value, {"Location": "/tx-1"}))

    assert isinstance(shaped.body, PaymentStarted) and shaped.body.amount_cents == 1250
    assert shaped.headers == {"Location": "/tx-1"}


def test_the_caller_is_checked_before_the_body_is_read():
    pipeline = route(auth="admin", body=accounts_bodies.Credentials, body_limit=1)

    with pytest.raises(Unauthorized):
        pipeline.answer(event(body="far more than one byte"), JSON, TENANT)


def test_the_handler_gets_the_request_the_steps_made():
    got = []
    pipeline = route(params=InvoiceQuery, handler=lambda request: got.append(request) or http.Response(200))

    pipeline.answer(event(queryStringParameters={"status": "paid"}), {}, TENANT)

    assert got[0].tenant is TENANT and got[0].params.status == "paid"


def test_an_unknown_tenant_is_its_404_and_is_not_counted(monkeypatch):
    counted = []
    monkeypatch.setattr(http, "count_request", lambda *args: counted.append(args))

    result = route().lambda_handler(event(pathParameters={"tenant": "?"}), None)

    assert result["statusCode"] == 404 and json.loads(result["body"])["code"] == TenantNotFound.code
    assert counted == []


def test_a_bug_in_a_handler_is_a_generic_problem_counted_for_the_tenant(monkeypatch):
    counted = []
    monkeypatch.setattr(http, "get_tenant", lambda slug: TENANT)
    monkeypatch.setattr(http, "count_request", lambda *args: counted.append(args))

    def broken(request):
        raise RuntimeError("a bug")

    result = route(handler=broken).lambda_handler(event(headers={"Origin": ORIGIN}), None)

    assert result["statusCode"] == 500 and "a bug" not in result["body"]
    assert result["headers"]["Access-Control-Allow-Origin"] == ORIGIN
    assert counted == [("ville", "an_operation", 500)]


def test_any_options_request_is_the_preflight_whatever_the_route(monkeypatch):
    counted = []
    monkeypatch.setattr(http, "get_tenant", lambda slug: TENANT)
    monkeypatch.setattr(http, "count_request", lambda *args: counted.append(args))

    result = route(auth="admin").lambda_handler(event(httpMethod="OPTIONS", headers={"Origin": ORIGIN}), None)

    assert result["statusCode"] == 204 and "Access-Control-Allow-Methods" in result["headers"]
    assert counted == [("ville", http.PREFLIGHT, 204)]
