"""Notifications over HTTP on the local stack: SES's bounce event played by /_local/ses/bounce."""

from __future__ import annotations

import pytest

from .helpers import citizen

pytestmark = pytest.mark.e2e


def test_a_bouncing_address_is_shown_as_undeliverable(stack):
    email = "rebond@example.org"
    token = citizen(stack, email)
    mails = [m for m in stack.request("GET", "/_local/outbox")[2]["messages"] if m["to"] == [email]]
    assert mails[-1]["headers"]["X-Espace-Famille-Tenant"] == "demo"

    status, _, played = stack.request("POST", "/_local/ses/bounce", {"email": email})

    assert (status, played) == (200, {"marked": 1})
    assert stack.request("GET", "/demo/me", token=token)[2]["email_undeliverable"] is True
    assert stack.request("POST", "/_local/ses/bounce", {"email": "jamais@example.org"})[0] == 404
    assert stack.request("POST", "/_local/ses/bounce", {"mail": email})[0] == 422
