"""Login throttling, access tokens and logout."""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest

from .helpers import NEW_ACCOUNT, TENANT, active_account, call, delete_account_item, stored_account, update_account

pytestmark = pytest.mark.usefixtures("tenant")

EMAIL, PASSWORD = NEW_ACCOUNT["email"], NEW_ACCOUNT["password"]


def login(password: str = PASSWORD, email: str = EMAIL):
    return call("POST", f"/{TENANT}/sessions", {"email": email, "password": password})


def fail(times: int, email: str = EMAIL) -> None:
    for _ in range(times):
        assert login("Mauvais2024", email).status == 401


def shift_clock(monkeypatch, seconds: float) -> None:
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + seconds)


def test_five_failures_lock_the_email_even_for_the_right_password():
    active_account()
    fail(5)

    reply = login()

    assert reply.status == 429
    assert reply.json["code"] == "too_many_attempts"
    assert 1 <= int(reply.headers["Retry-After"]) <= 900


def test_four_failures_do_not_lock_and_a_success_clears_them():
    active_account()
    fail(4)
    assert login().status == 200

    fail(4)

    assert login().status == 200


def test_unknown_emails_are_throttled_the_same_way():
    fail(5, email="inconnu@example.org")

    reply = login(email="inconnu@example.org")

    assert reply.status == 429


def test_the_lock_ends_when_the_window_passes(monkeypatch):
    active_account()
    fail(5)

    shift_clock(monkeypatch, 15 * 60 + 1)

    assert login().status == 200


def test_attempts_during_the_lock_do_not_extend_it(monkeypatch):
    active_account()
    fail(5)
    first = int(login().headers["Retry-After"])

    shift_clock(monkeypatch, 600)
    for _ in range(3):
        assert login("Mauvais2024").status == 429
    later = int(login().headers["Retry-After"])

    assert later <= first - 599
    shift_clock(monkeypatch, 15 * 60 + 1)
    assert login().status == 200


def test_a_token_lives_one_hour_and_is_bound_to_its_tenant():
    token = active_account()
    claims = jwt.decode(token, options={"verify_signature": False})

    assert claims["exp"] - claims["iat"] == 3600
    assert claims["aud"] == f"tenant:{TENANT}"
    assert jwt.get_unverified_header(token)["alg"] == "HS256"


def test_a_token_is_refused_on_another_tenant():
    from portal.tenancy.provisioning import create_tenant

    token = active_account()
    create_tenant("autre-ville", "Autre Ville", "https://autre.example", "a@portail.localhost")

    reply = call("GET", "/autre-ville/me", token=token)

    assert reply.status == 401


def forge(token: str, **claims) -> str:
    header, payload, signature = token.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=="))
    data.update(claims)
    edited = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    return f"{header}.{edited}.{signature}"


def none_token(token: str) -> str:
    payload = token.split(".")[1]
    header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
    return f"{header}.{payload}."


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(none_token, id="alg-none"),
        pytest.param(lambda t: t[:-4] + ("AAAA" if not t.endswith("AAAA") else "BBBB"), id="wrong-signature"),
        pytest.param(lambda t: forge(t, sub="0" * 32), id="edited-payload"),
        pytest.param(
            lambda t: jwt.encode({**jwt.decode(t, options={"verify_signature": False})}, "k" * 32), id="other-key"
        ),
        pytest.param(lambda t: "not-a-jwt", id="garbage"),
    ],
)
def test_tampered_tokens_are_401(tamper):
    token = active_account()

    reply = call("GET", f"/{TENANT}/me", token=tamper(token))

    assert reply.status == 401
    assert reply.json["code"] == "unauthorized"


@pytest.mark.parametrize("header", ["Bearer ", "Bearer", "Basic dXNlcjpwYXNz", "token-without-scheme"])
def test_malformed_authorization_headers_are_401(header):
    assert call("GET", f"/{TENANT}/me", headers={"Authorization": header}).status == 401


def signed(claims: dict) -> str:
    from portal.platform.signing import purpose_key

    return jwt.encode(claims, purpose_key("jwt"), algorithm="HS256")


def test_expired_tokens_wrong_audience_and_overlong_lifetimes_are_401():
    token = active_account()
    claims = jwt.decode(token, options={"verify_signature": False})
    now = int(time.time())

    for bad in (
        {**claims, "iat": now - 7200, "exp": now - 3600},
        {**claims, "aud": "tenant:autre-ville"},
        {**claims, "iss": "someone-else"},
        {**claims, "exp": now + 86400},
        {k: v for k, v in claims.items() if k != "jti"},
    ):
        assert call("GET", f"/{TENANT}/me", token=signed(bad)).status == 401, bad


def test_a_missing_authorization_header_is_401_with_www_authenticate():
    reply = call("GET", f"/{TENANT}/me")

    assert reply.status == 401
    assert reply.headers["WWW-Authenticate"].startswith("Bearer")


def test_logout_revokes_that_token_only():
    token = active_account()
    other = login().json["access_token"]

    assert call("DELETE", f"/{TENANT}/sessions/current", token=token).status == 204

    assert call("GET", f"/{TENANT}/me", token=token).status == 401
    assert call("DELETE", f"/{TENANT}/sessions/current", token=token).status == 401
    assert call("GET", f"/{TENANT}/me", token=other).status == 200


def test_logout_prunes_expired_entries_from_the_denylist():
    first = active_account()
    second = login().json["access_token"]
    call("DELETE", f"/{TENANT}/sessions/current", token=first)
    old_jti = jwt.decode(first, options={"verify_signature": False})["jti"]
    update_account(EMAIL, revoked_tokens={old_jti: int(time.time()) - 1})

    call("DELETE", f"/{TENANT}/sessions/current", token=second)

    revoked = stored_account(EMAIL).revoked_tokens
    assert list(revoked) == [jwt.decode(second, options={"verify_signature": False})["jti"]]


def test_a_deleted_account_s_tokens_stop_working():
    token = active_account()
    delete_account_item(EMAIL)

    assert call("GET", f"/{TENANT}/me", token=token).status == 401


def test_a_disabled_account_s_tokens_stop_working():
    token = active_account()
    update_account(EMAIL, status="disabled")

    assert call("GET", f"/{TENANT}/me", token=token).status == 401
    assert login().json["code"] == "invalid_credentials"


def test_a_warm_login_reads_the_email_and_its_counter_in_one_call_then_the_account(aws_calls):
    active_account()
    login()
    aws_calls.clear()

    assert login().status == 200
    # The attempt is taken before the password is checked and cleared once it is right (the contract: exactly 5
    # attempts however many arrive at once), then the usage counter.
    assert aws_calls == [
        "dynamodb.BatchGetItem",
        "dynamodb.GetItem",
        "dynamodb.UpdateItem",
        "dynamodb.DeleteItem",
        "dynamodb.UpdateItem",
    ]


def test_thirty_parallel_wrong_passwords_get_exactly_five_401s_and_the_right_one_is_refused_after():
    from concurrent.futures import ThreadPoolExecutor

    active_account()

    with ThreadPoolExecutor(max_workers=30) as pool:
        statuses = list(pool.map(lambda _: login("Mauvais2024").status, range(30)))

    assert statuses.count(401) == 5 and statuses.count(429) == 25
    assert login().status == 429


def test_a_right_password_racing_wrong_ones_is_one_of_the_five_checked():
    from concurrent.futures import ThreadPoolExecutor

    active_account()
    guesses = ["Mauvais2024"] * 19 + [PASSWORD]

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(lambda password: login(password).status, guesses))

    checked = statuses.count(401) + statuses.count(200)
    assert statuses.count(200) <= 1 and statuses.count(429) == 20 - checked
    assert statuses.count(401) <= 5 + 5 * statuses.count(200)  # a success clears the count, as it always did


def test_parallel_wrong_current_passwords_count_five_at_most():
    from concurrent.futures import ThreadPoolExecutor

    token = active_account()
    body = {"current_password": "Mauvais2024", "password": "Piscine2025!", "password_confirmation": "Piscine2025!"}

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(lambda _: call("PUT", f"/{TENANT}/me/password", body, token=token).status, range(20)))

    assert statuses.count(422) == 5 and statuses.count(429) == 15
