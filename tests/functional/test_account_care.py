"""Account self-service (docs/accounts.md): forgotten password, password and
email change, profile, export, deletion."""

from __future__ import annotations

import hashlib
import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from .helpers import (
    NEW_ACCOUNT,
    ORIGIN,
    TENANT,
    account_item,
    activation_token,
    active_account,
    call,
    link_token,
    mails_to,
    outbox,
    register,
    stored_account,
    table_items,
)

pytestmark = pytest.mark.usefixtures("tenant")

EMAIL, PASSWORD = NEW_ACCOUNT["email"], NEW_ACCOUNT["password"]
NEW_PASSWORD = "Piscine2025!"


def ask_reset(email: str = EMAIL):
    return call("POST", f"/{TENANT}/accounts/password-reset", {"email": email})


def reset(token: str, password: str = NEW_PASSWORD, confirmation: str | None = None):
    body = {"token": token, "password": password, "password_confirmation": confirmation or password}
    return call("POST", f"/{TENANT}/accounts/password", body)


def login(email: str = EMAIL, password: str = PASSWORD):
    return call("POST", f"/{TENANT}/sessions", {"email": email, "password": password})


def reset_link(email: str = EMAIL) -> str:
    assert ask_reset(email).status == 202
    return link_token(mails_to(email)[-1], "mot-de-passe")


# --- forgotten password ----------------------------------------------------------


def test_a_reset_request_answers_the_same_whatever_the_email():
    active_account()
    register(email="pending@example.org")
    sent_before = len(outbox())

    replies = [ask_reset(email) for email in (EMAIL, "pending@example.org", "nobody@example.org")]

    assert {(r.status, r.text) for r in replies} == {(202, '{"status":"accepted"}')}
    new = outbox()[sent_before:]
    assert [m["to"] for m in new] == [[EMAIL], ["pending@example.org"]]  # the unknown email gets nothing
    assert f"{ORIGIN}/mot-de-passe?token=" in new[0]["text"] and "nouveau mot de passe" in new[0]["subject"]
    assert f"{ORIGIN}/activation?token=" in new[1]["text"]  # a pending account gets its activation link


def test_a_reset_link_is_random_stored_as_its_sha256_and_valid_one_hour():
    import base64

    active_account()
    token = reset_link()
    item = account_item()

    assert len(base64.urlsafe_b64decode(token.split(".", 1)[1] + "==")) * 8 >= 128
    assert item["reset_token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in json.dumps(item, default=str)
    assert abs(int(item["reset_expires_at"]) - (time.time() + 3600)) < 60


def test_setting_a_new_password_from_the_link_changes_the_login_and_mails_a_notice():
    active_account()
    token = reset_link()

    reply = reset(token)

    assert reply.status == 200 and reply.json == {"status": "password_changed"}
    assert login(password=NEW_PASSWORD).status == 200
    assert login().json["code"] == "invalid_credentials"
    assert "mot de passe a été modifié" in mails_to(EMAIL)[-1]["subject"]


def test_unknown_used_expired_and_superseded_reset_links_get_one_answer(monkeypatch):
    from portal.accounts import recovery

    active_account()
    used = reset_link()
    assert reset(used).status == 200
    older = reset_link()
    newer = reset_link()
    monkeypatch.setattr(recovery, "RESET_SECONDS", -1)
    active_account(email="expire@example.org")
    expired = reset_link("expire@example.org")

    replies = [reset(t) for t in ("0" * 32 + ".nope", "not-a-token", used, older, expired)]

    assert {(r.status, r.text) for r in replies} == {(400, replies[0].text)}
    assert replies[0].json["code"] == "invalid_reset_token"
    assert reset(newer).status == 200


def test_a_link_of_another_kind_is_refused_like_an_unknown_one():
    register()
    activation = activation_token(outbox()[-1])
    assert reset(activation).json["code"] == "invalid_reset_token"

    call("POST", f"/{TENANT}/accounts/activation", {"token": activation})
    reset_token = reset_link()
    assert call("POST", f"/{TENANT}/accounts/activation", {"token": reset_token}).status == 400
    assert call("POST", f"/{TENANT}/accounts/email-confirmation", {"token": reset_token}).status == 400


def test_a_refused_new_password_is_422_and_leaves_the_link_usable():
    active_account()
    token = reset_link()

    weak = reset(token, password="motdepasse")
    mismatch = reset(token, confirmation="Autre2025!x")

    assert weak.status == 422 and weak.json["errors"][0]["field"] == "password"
    assert mismatch.json["code"] == "password_mismatch"
    assert reset(token).status == 200


def test_at_most_three_reset_mails_per_email_per_hour():
    active_account()
    sent_before = len(mails_to(EMAIL))

    replies = [ask_reset() for _ in range(5)]

    assert {r.status for r in replies} == {202}
    assert len(mails_to(EMAIL)) - sent_before == 3


def test_a_reset_voids_every_earlier_access_token_and_lifts_the_login_lock():
    token = active_account()
    for _ in range(5):
        login(password="Mauvais2025!")
    assert login().status == 429

    assert reset(reset_link()).status == 200

    assert call("GET", f"/{TENANT}/me", token=token).status == 401
    fresh = login(password=NEW_PASSWORD)
    assert fresh.status == 200
    assert call("GET", f"/{TENANT}/me", token=fresh.json["access_token"]).status == 200


def test_the_same_reset_link_used_twice_at_once_works_once():
    active_account()
    token = reset_link()

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = sorted(pool.map(lambda _: reset(token).status, range(8)))

    assert statuses == [200] + [400] * 7


def test_of_two_reset_requests_at_once_only_one_link_works():
    active_account()
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda _: ask_reset(), range(2)))
    links = [link_token(mail, "mot-de-passe") for mail in mails_to(EMAIL) if "/mot-de-passe?token=" in mail["text"]]

    assert len(links) == 2
    assert sorted(reset(link).status for link in links) == [200, 400]


def test_tokens_won_by_logins_racing_a_reset_are_all_void_once_it_is_done():
    active_account()
    token = reset_link()

    with ThreadPoolExecutor(max_workers=6) as pool:
        logins = [pool.submit(login) for _ in range(5)]
        done = pool.submit(reset, token)
        won = [f.result().json["access_token"] for f in logins if f.result().status == 200]
    assert done.result().status == 200

    assert all(call("GET", f"/{TENANT}/me", token=t).status == 401 for t in won)


# --- change the password, logged in ------------------------------------------------


def change_password(token: str, current: str = PASSWORD, password: str = NEW_PASSWORD):
    body = {"current_password": current, "password": password, "password_confirmation": password}
    return call("PUT", f"/{TENANT}/me/password", body, token=token)


def test_changing_the_password_returns_a_new_token_and_voids_the_others():
    first = active_account()
    second = login().json["access_token"]

    reply = change_password(first)

    assert reply.status == 200 and reply.json["token_type"] == "Bearer"
    assert call("GET", f"/{TENANT}/me", token=reply.json["access_token"]).status == 200
    assert call("GET", f"/{TENANT}/me", token=first).status == 401
    assert call("GET", f"/{TENANT}/me", token=second).status == 401
    assert login(password=NEW_PASSWORD).status == 200
    assert "mot de passe a été modifié" in mails_to(EMAIL)[-1]["subject"]


def test_a_wrong_current_password_is_422_and_counts_as_a_failed_login():
    token = active_account()

    replies = [change_password(token, current="Mauvais2025!") for _ in range(5)]

    assert {r.status for r in replies} == {422}
    assert replies[0].json["code"] == "wrong_password"
    assert replies[0].json["errors"][0]["field"] == "current_password"
    assert change_password(token).status == 429
    assert login().json["code"] == "too_many_attempts"


def test_a_refused_new_password_changes_nothing():
    token = active_account()

    assert change_password(token, password="court1A").status == 422
    assert call("GET", f"/{TENANT}/me", token=token).status == 200
    assert login().status == 200


# --- profile and notification choices ----------------------------------------------


def test_me_shows_notification_choices_on_by_default_and_a_deliverable_email():
    token = active_account()

    me = call("GET", f"/{TENANT}/me", token=token).json

    assert me["notifications"] == {"new_invoices": True, "reminders": True, "bookings": True, "requests": True}
    assert me["email_undeliverable"] is False


def test_a_profile_change_keeps_what_it_leaves_out():
    token = active_account()

    reply = call("PATCH", f"/{TENANT}/me", {"first_name": " Zoé ", "notifications": {"reminders": False}}, token=token)

    assert reply.status == 200
    assert reply.json["first_name"] == "Zoé" and reply.json["last_name"] == "Martin"
    assert reply.json["notifications"] == {"new_invoices": True, "reminders": False, "bookings": True, "requests": True}
    assert call("GET", f"/{TENANT}/me", token=token).json == reply.json


@pytest.mark.parametrize(
    "body",
    [
        {"email": "autre@example.org"},
        {"last_name": None},
        {"civility": "DR"},
        {"first_name": "Zo\u200be"},
        {"last_name": ""},
        {"notifications": {"reminders": "no"}},
        {"notifications": {"sms": True}},
    ],
    ids=["email", "null", "civility", "invisible", "empty", "not-a-boolean", "unknown-kind"],
)
def test_a_bad_profile_change_is_422_and_changes_nothing(body):
    token = active_account()
    before = call("GET", f"/{TENANT}/me", token=token).json

    reply = call("PATCH", f"/{TENANT}/me", body, token=token)

    assert reply.status == 422 and reply.json["errors"]
    assert call("GET", f"/{TENANT}/me", token=token).json == before


# --- change the email --------------------------------------------------------------

NEW_EMAIL = "lea.nouvelle@example.org"


def ask_email_change(token: str, new_email: str = NEW_EMAIL, password: str = PASSWORD):
    return call("POST", f"/{TENANT}/me/email", {"new_email": new_email, "current_password": password}, token=token)


def confirm_email(token: str):
    return call("POST", f"/{TENANT}/accounts/email-confirmation", {"token": token})


def test_an_email_change_is_confirmed_from_the_new_address_and_noticed_at_the_old_one():
    token = active_account()

    reply = ask_email_change(token)

    assert reply.status == 202 and reply.json == {"status": "confirmation_sent"}
    [confirmation] = mails_to(NEW_EMAIL)
    assert f"{ORIGIN}/email?token=" in confirmation["text"]
    assert NEW_EMAIL in mails_to(EMAIL)[-1]["text"] and "/email?token=" not in mails_to(EMAIL)[-1]["text"]
    assert login().status == 200  # nothing changes before the confirmation

    assert confirm_email(link_token(confirmation, "email")).json == {"status": "email_changed"}
    assert login().json["code"] == "invalid_credentials"
    assert login(email=NEW_EMAIL).status == 200
    assert call("GET", f"/{TENANT}/me", token=token).json["email"] == NEW_EMAIL


def test_after_an_email_change_the_subscriptions_stay_and_the_old_email_can_register_again(published_family):
    token = active_account()
    call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": published_family}, token=token)
    ask_email_change(token)
    confirm_email(link_token(mails_to(NEW_EMAIL)[-1], "email"))

    assert [s["family_id"] for s in call("GET", f"/{TENANT}/subscriptions", token=token).json["items"]] == ["F-001"]
    assert register().status == 202
    assert "/activation?token=" in mails_to(EMAIL)[-1]["text"]  # a new account, not "you already have one"


def test_an_address_that_already_has_an_account_gets_the_same_202_and_a_mail_saying_so():
    token = active_account()
    active_account(email=NEW_EMAIL)

    reply = ask_email_change(token)

    assert reply.status == 202 and reply.json == {"status": "confirmation_sent"}
    taken = mails_to(NEW_EMAIL)[-1]
    assert "déjà un compte" in taken["subject"] and "?token=" not in taken["text"]
    assert stored_account().email == EMAIL


@pytest.mark.parametrize(
    ("new_email", "password", "code"),
    [
        (NEW_EMAIL, "Mauvais2025!", "wrong_password"),
        (EMAIL, PASSWORD, "email_unchanged"),
        ("pas-une-adresse", PASSWORD, "validation_failed"),
    ],
)
def test_a_refused_email_change_is_422_and_sends_nothing(new_email, password, code):
    token = active_account()
    sent = len(outbox())

    reply = ask_email_change(token, new_email, password)

    assert reply.status == 422 and reply.json["code"] == code
    assert len(outbox()) == sent


def test_unknown_used_and_expired_email_links_get_one_answer(monkeypatch):
    from portal.accounts import email_change

    token = active_account()
    ask_email_change(token)
    used = link_token(mails_to(NEW_EMAIL)[-1], "email")
    assert confirm_email(used).status == 200
    monkeypatch.setattr(email_change, "EMAIL_CHANGE_SECONDS", -1)
    other = active_account(email="autre@example.org")
    ask_email_change(other, new_email="autre.nouvelle@example.org")
    expired = link_token(mails_to("autre.nouvelle@example.org")[-1], "email")

    replies = [confirm_email(t) for t in ("0" * 32 + ".nope", used, expired)]

    assert {(r.status, r.text) for r in replies} == {(400, replies[0].text)}
    assert replies[0].json["code"] == "invalid_email_token"


def test_two_accounts_confirming_the_same_new_address_at_once_never_share_it():
    tokens = [active_account(email=f"parent{n}@example.org") for n in range(2)]
    for token in tokens:
        ask_email_change(token, new_email=NEW_EMAIL)
    links = [link_token(mail, "email") for mail in mails_to(NEW_EMAIL)]

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = sorted(pool.map(lambda link: confirm_email(link).status, links))

    assert statuses == [200, 400]
    owners = [i for i in table_items() if "#EMAIL#" in i["pk"]["S"]]
    assert len(owners) == 2  # NEW_EMAIL and the loser's unchanged address
    assert sum(1 for i in table_items() if i.get("email", {}).get("S") == NEW_EMAIL) == 1


# --- export and deletion -----------------------------------------------------------


def test_the_export_is_a_json_attachment_of_everything_held_and_nothing_secret(published_family):
    token = active_account()
    call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": published_family}, token=token)

    reply = call("GET", f"/{TENANT}/me/export", token=token)

    assert reply.status == 200 and reply.headers["Content-Disposition"].startswith("attachment")
    data = reply.json
    assert data["email"] == EMAIL and data["profile"]["last_name"] == "Martin"
    assert data["terms"]["version"] == "1" and data["activated_at"]
    assert data["subscriptions"] == [
        {"family_id": "F-001", "label": "Famille MARTIN", "since": data["subscriptions"][0]["since"]}
    ]
    item = account_item()
    for secret in (item["password_hash"], published_family, token, "argon2"):
        assert secret not in reply.text


def test_deleting_the_account_removes_it_its_email_and_its_sessions_but_not_the_town_s_data(published_family):
    token = active_account()
    call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": published_family}, token=token)

    reply = call("POST", f"/{TENANT}/me/deletion", {"current_password": PASSWORD}, token=token)

    assert reply.status == 204
    assert call("GET", f"/{TENANT}/me", token=token).status == 401
    assert login().json["code"] == "invalid_credentials"
    assert not [i for i in table_items() if "#ACCOUNT#" in i["pk"]["S"] or "#EMAIL#" in i["pk"]["S"]]
    assert [i for i in table_items() if i["sk"]["S"] == "FAMILY"]
    assert "supprimé" in mails_to(EMAIL)[-1]["subject"]
    assert register().status == 202 and "/activation?token=" in mails_to(EMAIL)[-1]["text"]


def test_a_wrong_password_deletes_nothing():
    token = active_account()

    reply = call("POST", f"/{TENANT}/me/deletion", {"current_password": "Mauvais2025!"}, token=token)

    assert reply.status == 422 and reply.json["code"] == "wrong_password"
    assert call("GET", f"/{TENANT}/me", token=token).status == 200


@pytest.fixture
def published_family(tenant) -> str:
    """Family F-001 published with its subscriber code; returns the code."""
    from .helpers import family, send

    send(tenant, family())
    return "FAM-7Q2K-9XWD"


def test_a_dead_reset_link_costs_no_password_hash(monkeypatch):
    from portal.accounts import passwords

    active_account()
    used = reset_link()
    reset(used)
    hashed = []
    monkeypatch.setattr(passwords, "hash_password", lambda password: hashed.append(password) or "x")

    assert reset(used).status == 400
    assert reset("0" * 32 + ".x").status == 400
    assert hashed == []


# --- a new password cancels a pending email change (the contract) ---------------------


def test_a_password_reset_cancels_a_pending_email_change():
    token = active_account()
    ask_email_change(token)  # the attacker, with a phished password, moves the login to their address
    attacker_link = link_token(mails_to(NEW_EMAIL)[-1], "email")

    assert reset(reset_link()).status == 200  # the owner resets the password

    reply = confirm_email(attacker_link)
    assert reply.status == 400 and reply.json["code"] == "invalid_email_token"
    assert stored_account().email == EMAIL and stored_account().pending_email is None


def test_a_password_change_cancels_a_pending_email_change():
    token = active_account()
    ask_email_change(token)
    attacker_link = link_token(mails_to(NEW_EMAIL)[-1], "email")
    body = {"current_password": PASSWORD, "password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD}

    assert call("PUT", f"/{TENANT}/me/password", body, token=token).status == 200

    assert confirm_email(attacker_link).json["code"] == "invalid_email_token"
    assert login(password=NEW_PASSWORD).status == 200 and login(email=NEW_EMAIL).status == 401


# --- the answer's time does not tell whether an address has an account (the contract) ---------------


@pytest.mark.parametrize(
    "request_",
    [
        lambda email: ask_reset(email),
        lambda email: call("POST", f"/{TENANT}/accounts/activation-email", {"email": email}),
        lambda email: register(email=email),
    ],
    ids=["reset", "resend", "register"],
)
def test_known_and_unknown_addresses_answer_after_the_same_fixed_time(monkeypatch, request_):
    """Timed by the clock the routes use, not by the wall: every path leaves the same floor behind it."""
    from portal.kernel import clock
    from portal.platform.config import settings

    active_account()
    register(email="pending@example.org")
    slept: list[float] = []
    monkeypatch.setattr(clock.time, "sleep", slept.append)
    moments = iter(float(n) for n in range(10_000))
    monkeypatch.setattr(clock.time, "monotonic", lambda: next(moments) * 0.001)  # 1 ms between readings

    for email in (EMAIL, "pending@example.org", "nobody@example.org"):
        assert request_(email).status == 202

    floor = settings().answer_floor_ms / 1000
    assert len(slept) == 3 and all(abs(pause - (floor - 0.001)) < 1e-9 for pause in slept)
