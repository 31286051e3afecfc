"""Account lifecycle through the real handlers, on moto: docs/accounts.md."""

from __future__ import annotations

import pytest

from .helpers import (
    NEW_ACCOUNT,
    ORIGIN,
    TENANT,
    account_item,
    activation_token,
    active_account,
    call,
    outbox,
    register,
    stored_account,
)

pytestmark = pytest.mark.usefixtures("tenant")


def test_registration_answers_202_pending_and_mails_an_activation_link_in_french():
    reply = register()

    assert reply.status == 202
    assert reply.json == {"status": "pending_activation"}
    [mail] = outbox()
    assert mail["to"] == [NEW_ACCOUNT["email"]]
    assert "ne-pas-repondre@portail.localhost" in mail["from"]
    assert "activez votre compte" in mail["subject"]
    assert f"{ORIGIN}/activation?token=" in mail["text"]
    assert f"{ORIGIN}/activation?token=" in mail["html"]
    assert "Bonjour Léa" in mail["text"]


def test_the_link_host_comes_from_tenant_configuration_not_from_request_headers():
    call(
        "POST",
        f"/{TENANT}/accounts",
        NEW_ACCOUNT,
        headers={"Host": "evil.example", "X-Forwarded-Host": "evil.example", "Origin": "https://evil.example"},
    )

    assert "evil.example" not in outbox()[0]["text"]
    assert "evil.example" not in outbox()[0]["html"]


def test_activation_then_login_then_me_returns_the_profile():
    register()
    assert call("POST", f"/{TENANT}/accounts/activation", {"token": activation_token(outbox()[0])}).json == {
        "status": "active"
    }

    login = call("POST", f"/{TENANT}/sessions", {"email": NEW_ACCOUNT["email"], "password": NEW_ACCOUNT["password"]})
    assert login.status == 200
    assert login.json["token_type"] == "Bearer"
    assert login.json["expires_in"] == 3600

    me = call("GET", f"/{TENANT}/me", token=login.json["access_token"])
    assert me.status == 200
    assert me.json["email"] == NEW_ACCOUNT["email"]
    assert me.json["civility"] == "MME"
    assert me.json["first_name"] == "Léa"
    assert me.json["last_name"] == "Martin"
    assert me.json["created_at"].endswith("Z")


def test_an_email_is_matched_case_insensitively_after_trimming_spaces():
    register(email="  Lea.MARTIN@Example.org ")
    call("POST", f"/{TENANT}/accounts/activation", {"token": activation_token(outbox()[0])})

    reply = call("POST", f"/{TENANT}/sessions", {"email": "LEA.martin@example.ORG  ", "password": "Cantine2024!"})

    assert reply.status == 200
    assert stored_account().email == "lea.martin@example.org"


def test_registering_an_active_email_answers_the_same_and_mails_an_account_exists_notice():
    active_account()
    first = stored_account()

    reply = register(password="Autre2024pass", password_confirmation="Autre2024pass")

    assert reply.status == 202 and reply.json == {"status": "pending_activation"}
    assert "déjà un compte" in outbox()[-1]["subject"]
    assert "/activation?token=" not in outbox()[-1]["text"]
    assert stored_account().password_hash == first.password_hash


def test_registering_a_pending_email_again_sends_a_fresh_link_and_the_old_one_stops_working():
    register()
    old = activation_token(outbox()[0])

    reply = register()

    assert reply.status == 202 and reply.json == {"status": "pending_activation"}
    new = activation_token(outbox()[1])
    assert new != old
    assert call("POST", f"/{TENANT}/accounts/activation", {"token": old}).status == 400
    assert call("POST", f"/{TENANT}/accounts/activation", {"token": new}).status == 200


def test_new_and_existing_emails_get_byte_identical_answers():
    new = register(email="nouvelle@example.org")
    active_account(email="ancienne@example.org")
    existing = register(email="ancienne@example.org")

    assert (new.status, new.text) == (existing.status, existing.text)


def test_an_activation_token_works_once():
    register()
    token = activation_token(outbox()[0])

    assert call("POST", f"/{TENANT}/accounts/activation", {"token": token}).status == 200
    again = call("POST", f"/{TENANT}/accounts/activation", {"token": token})

    assert again.status == 400
    assert again.json["code"] == "invalid_activation_token"


def test_unknown_used_and_expired_tokens_get_the_same_answer(monkeypatch):
    import portal.accounts.registration as accounts

    register()
    used = activation_token(outbox()[0])
    call("POST", f"/{TENANT}/accounts/activation", {"token": used})
    monkeypatch.setattr(accounts, "ACTIVATION_SECONDS", -1)
    register(email="expire@example.org")
    expired = activation_token(outbox()[-1])
    unknown = "0" * 32 + ".nope"

    replies = [call("POST", f"/{TENANT}/accounts/activation", {"token": t}) for t in (unknown, used, expired)]

    assert {(r.status, r.text) for r in replies} == {(400, replies[0].text)}
    assert replies[0].json["code"] == "invalid_activation_token"
    assert stored_account("expire@example.org").status == "pending"


def test_the_activation_token_is_stored_only_as_its_sha256():
    import hashlib

    register()
    token = activation_token(outbox()[0])
    item = account_item()

    assert item["activation_token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(item)


def test_activation_tokens_carry_at_least_128_random_bits():
    import base64

    register()
    token = activation_token(outbox()[0])
    secret = token.split(".", 1)[1]

    assert len(base64.urlsafe_b64decode(secret + "==")) * 8 >= 128


def test_activation_links_expire_after_24_hours():
    import time

    register()
    assert abs(int(account_item()["activation_expires_at"]) - (time.time() + 24 * 3600)) < 60


def test_resend_gives_a_fresh_link_and_the_previous_one_stops_working():
    register()
    old = activation_token(outbox()[0])

    reply = call("POST", f"/{TENANT}/accounts/activation-email", {"email": NEW_ACCOUNT["email"]})

    assert reply.status == 202 and reply.json == {"status": "pending_activation"}
    new = activation_token(outbox()[1])
    assert call("POST", f"/{TENANT}/accounts/activation", {"token": old}).status == 400
    assert call("POST", f"/{TENANT}/accounts/activation", {"token": new}).status == 200


def test_resend_answers_the_same_for_unknown_and_active_emails_and_mails_nothing():
    active_account()
    sent = len(outbox())

    unknown = call("POST", f"/{TENANT}/accounts/activation-email", {"email": "personne@example.org"})
    active = call("POST", f"/{TENANT}/accounts/activation-email", {"email": NEW_ACCOUNT["email"]})

    assert (unknown.status, unknown.text) == (active.status, active.text) == (202, '{"status":"pending_activation"}')
    assert len(outbox()) == sent


def test_the_right_password_on_a_pending_account_is_403_account_not_activated():
    register()

    reply = call("POST", f"/{TENANT}/sessions", {"email": NEW_ACCOUNT["email"], "password": NEW_ACCOUNT["password"]})

    assert reply.status == 403
    assert reply.json["code"] == "account_not_activated"


def test_wrong_password_and_unknown_email_get_identical_401s():
    active_account()

    wrong = call("POST", f"/{TENANT}/sessions", {"email": NEW_ACCOUNT["email"], "password": "Mauvais2024"})
    unknown = call("POST", f"/{TENANT}/sessions", {"email": "inconnu@example.org", "password": "Mauvais2024"})

    assert wrong.status == unknown.status == 401
    assert wrong.text == unknown.text
    assert wrong.json["code"] == "invalid_credentials"


def test_the_hasher_runs_for_unknown_emails_too(monkeypatch):
    from portal.accounts import passwords

    calls = []
    real = passwords.HASHER

    class SpyHasher:
        def hash(self, password):  # the dummy hash, when no test made it yet
            return real.hash(password)

        def verify(self, password_hash, password):
            calls.append(password_hash)
            return real.verify(password_hash, password)

    monkeypatch.setattr(passwords, "HASHER", SpyHasher())

    call("POST", f"/{TENANT}/sessions", {"email": "inconnu@example.org", "password": "Mauvais2024"})

    assert len(calls) == 1 and calls[0].startswith("$argon2id$")


def test_the_password_is_checked_exactly_as_typed():
    active_account()

    for variant in (" Cantine2024!", "Cantine2024! ", "cantine2024!", "Cantine2024"):
        reply = call("POST", f"/{TENANT}/sessions", {"email": NEW_ACCOUNT["email"], "password": variant})
        assert reply.status == 401, variant


def test_an_address_in_nfd_or_with_a_punycode_domain_is_the_same_account():
    import unicodedata

    composed = "léa@exämple.org"
    assert register(email=composed).status == 202
    assert call("POST", f"/{TENANT}/accounts/activation", {"token": activation_token(outbox()[-1])}).status == 200

    again = [register(email=unicodedata.normalize("NFD", composed)), register(email="LÉA@XN--EXMPLE-CUA.ORG")]

    assert {r.status for r in again} == {202}
    assert [m["subject"] for m in outbox()[-2:]] == ["Ville de Test : vous avez déjà un compte"] * 2
    assert {tuple(m["to"]) for m in outbox()} == {("léa@xn--exmple-cua.org",)}  # mail goes to the normalised address
    login = {"email": "Le\u0301a@xn--exmple-cua.org", "password": NEW_ACCOUNT["password"]}
    assert call("POST", f"/{TENANT}/sessions", login).status == 200


# --- hardening (the contract): names, the mail budget, a contested registration ---------------


@pytest.mark.parametrize(
    "name",
    [
        "Bonjour client, votre facture cantine est impayée : réglez sur https://x.example",
        "L3a",
        "a:b",
        "x/y",
        "a@b",
        "<b>",
        "M.",
        " - ",
    ],
)
def test_a_name_that_is_not_letters_spaces_hyphens_or_apostrophes_is_422_on_its_field(name):
    reply = register(first_name=name)

    assert reply.status == 422 and reply.json["errors"][0]["field"] == "first_name"
    assert outbox() == []


@pytest.mark.parametrize("name", ["Jean-Pierre", "D'Artagnan", "Zoë", "Łukasz", "李", "Anne Marie", "O’Neil"])
def test_names_of_any_script_with_accents_hyphens_and_apostrophes_are_accepted(name):
    assert register(first_name=name).status == 202
    assert outbox()[-1]["text"].startswith(f"Bonjour {name},")


def test_the_account_exists_mail_greets_the_stored_owner_not_the_names_typed():
    active_account()

    register(first_name="Mallory")

    assert outbox()[-1]["text"].startswith(f"Bonjour {NEW_ACCOUNT['first_name']},")


def test_at_most_three_activation_mails_an_hour_whichever_route_asks():
    register()
    call("POST", f"/{TENANT}/accounts/activation-email", {"email": NEW_ACCOUNT["email"]})
    call("POST", f"/{TENANT}/accounts/password-reset", {"email": NEW_ACCOUNT["email"]})  # pending: its activation link

    extra = [register(), call("POST", f"/{TENANT}/accounts/activation-email", {"email": NEW_ACCOUNT["email"]})]

    assert {r.status for r in extra} == {202}
    assert len(outbox()) == 3
    # The last mailed link still works: a request beyond the budget changed nothing.
    assert call("POST", f"/{TENANT}/accounts/activation", {"token": activation_token(outbox()[-1])}).status == 200


def test_at_most_three_account_exists_mails_an_hour():
    active_account()
    sent = len(outbox())

    for _ in range(5):
        assert register().status == 202

    assert len(outbox()) == sent + 3


def test_twenty_parallel_requests_for_one_address_send_three_mails_at_most():
    from concurrent.futures import ThreadPoolExecutor

    active_account()
    sent = len(outbox())

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(
            pool.map(
                lambda _: call("POST", f"/{TENANT}/accounts/password-reset", {"email": NEW_ACCOUNT["email"]}).status,
                range(20),
            )
        )

    assert set(statuses) == {202} and len(outbox()) - sent == 3


def test_a_pending_address_registered_again_with_another_password_keeps_neither():
    register()
    register(password="Intrus2025!", password_confirmation="Intrus2025!")  # someone else, last

    token = activation_token(outbox()[-1])
    reply = call("POST", f"/{TENANT}/accounts/activation", {"token": token})

    assert reply.status == 200 and reply.json["status"] == "password_required"
    for password in (NEW_ACCOUNT["password"], "Intrus2025!"):
        login = {"email": NEW_ACCOUNT["email"], "password": password}
        assert call("POST", f"/{TENANT}/sessions", login).status == 401
    chosen = {"token": reply.json["token"], "password": "Piscine2025!", "password_confirmation": "Piscine2025!"}
    assert call("POST", f"/{TENANT}/accounts/password", chosen).json == {"status": "password_changed"}
    login = {"email": NEW_ACCOUNT["email"], "password": "Piscine2025!"}
    assert call("POST", f"/{TENANT}/sessions", login).status == 200


def test_a_pending_address_registered_again_with_the_same_password_activates_as_usual():
    register()
    register()

    reply = call("POST", f"/{TENANT}/accounts/activation", {"token": activation_token(outbox()[-1])})

    assert reply.json == {"status": "active"}
