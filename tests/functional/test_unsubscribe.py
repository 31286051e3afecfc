"""One-click unsubscribe (RFC 8058): POST on the mail's List-Unsubscribe URL turns that kind off, no login."""

from __future__ import annotations

import re

import pytest

from infra.openapi import PATH_PATTERNS

from .helpers import TENANT, active_account, call, stored_account


@pytest.fixture
def parent(tenant, monkeypatch):
    from portal.platform.config import settings

    monkeypatch.setenv("PUBLIC_API_URL", "https://api.ville-test.fr/v1")
    settings.cache_clear()
    yield active_account()
    settings.cache_clear()


def link(kind: str) -> str:
    from portal.accounts.unsubscribe import link
    from portal.tenancy.tenants import get_tenant

    return link(get_tenant(TENANT), stored_account().account_id, kind)


def one_click(url: str):
    path = url.removeprefix("https://api.ville-test.fr/v1")
    return call(
        "POST", path, raw=b"List-Unsubscribe=One-Click", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )


@pytest.mark.parametrize("kind", ["new_invoices", "reminders"])
def test_the_link_turns_that_kind_off_and_only_that_one(parent, kind):
    url = link(kind)

    assert url.startswith(f"https://api.ville-test.fr/v1/{TENANT}/notifications/unsubscribe/")
    assert re.fullmatch(PATH_PATTERNS["token"], url.rsplit("/", 1)[1])  # as the OpenAPI document says
    reply = one_click(url)
    again = one_click(url)

    assert reply.status == again.status == 200 and reply.json == {"notification": kind}
    choices = call("GET", f"/{TENANT}/me", token=parent).json["notifications"]
    assert choices == {
        "new_invoices": kind != "new_invoices",
        "reminders": kind != "reminders",
        "bookings": True,
        "requests": True,
    }


def test_a_forged_or_altered_link_changes_nothing(parent):
    url = link("reminders")
    account_id, _kind, signature = url.rsplit("/", 1)[1].split(".")
    base = url.rsplit("/", 1)[0]

    for token in (
        f"{account_id}.0.{signature}",
        f"{'0' * 32}.1.{signature}",
        f"{account_id}.9.{signature}",
        "x",
        "a.b.c",
    ):
        reply = one_click(f"{base}/{token}")
        assert (reply.status, reply.json["code"]) == (400, "invalid_unsubscribe_link")
    assert call("GET", f"/{TENANT}/me", token=parent).json["notifications"] == {
        "new_invoices": True,
        "reminders": True,
        "bookings": True,
        "requests": True,
    }


def test_without_a_public_api_url_there_is_no_link(tenant, monkeypatch):
    from portal.platform.config import settings

    monkeypatch.setenv("PUBLIC_API_URL", "")
    settings.cache_clear()
    active_account()

    assert link("reminders") is None
    settings.cache_clear()


@pytest.mark.parametrize("kind_part", ["²", "٣", "1"], ids=["superscript-two", "arabic-indic-three", "ascii"])
def test_tokens_with_non_ascii_digits_or_letters_are_400_not_500(parent, kind_part):
    account_id = stored_account().account_id

    reply = one_click(f"/{TENANT}/notifications/unsubscribe/{account_id}.{kind_part}.ñññññññññññññññññññññññ")

    assert reply.status == 400 and reply.json["code"] == "invalid_unsubscribe_link"
