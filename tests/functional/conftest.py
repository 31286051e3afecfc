"""Functional tests: the real handlers against moto (in-process, no sockets)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from moto import mock_aws

from infra import template
from infra.lambdas import api_event, invoke
from infra.outbox import messages
from infra.provision import LOCAL_REGION, LOCAL_SENDER_DOMAIN, provision

TENANT = "ville-test"
ORIGIN = "https://portail.ville-test.fr"


def reset_container_caches() -> None:
    """What a fresh Lambda container would not have: cached clients, keys and tenants."""
    from portal import aws, keys
    from portal.domain import tenants

    aws.client.cache_clear()
    keys._master_secret.cache_clear()
    keys.purpose_key.cache_clear()
    tenants._cache.clear()


@pytest.fixture
def aws_stack() -> Iterator[None]:
    with mock_aws():
        provision({name: boto3.client(name) for name in ("dynamodb", "secretsmanager", "ses", "s3")})
        reset_container_caches()
        yield
    reset_container_caches()


@pytest.fixture
def tenant(aws_stack: None) -> str:
    """A tenant 'ville-test' whose portal is https://portail.ville-test.fr; returns its admin key."""
    from portal.domain.tenants import create_tenant

    return create_tenant(
        slug=TENANT,
        name="Ville de Test",
        portal_url=ORIGIN,
        sender_email=f"ne-pas-repondre@{LOCAL_SENDER_DOMAIN}",
        allowed_origins=[ORIGIN],
    )


@pytest.fixture
def aws_calls(monkeypatch) -> list[str]:
    """Every AWS API call made through botocore, as "service.Operation", in order."""
    from botocore.client import BaseClient

    calls: list[str] = []
    real = BaseClient._make_api_call

    def record(self, operation_name, api_params):
        calls.append(f"{self.meta.service_model.service_name}.{operation_name}")
        return real(self, operation_name, api_params)

    monkeypatch.setattr(BaseClient, "_make_api_call", record)
    return calls


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def json(self) -> Any:
        return json.loads(self.text)


def call(
    method: str,
    path: str,
    body: Any = None,
    *,
    headers: dict[str, str] | None = None,
    raw: bytes | None = None,
    token: str | None = None,
    query: dict[str, Any] | None = None,
) -> Reply:
    """Invoke the handler that template.yaml routes ``method path`` to, with an API Gateway event."""
    for route in template.routes():
        params = route.match(path)
        if params is not None and route.method == method:
            break
    else:
        raise AssertionError(f"no route for {method} {path}")
    headers = dict(headers or {})
    if body is not None:
        raw = json.dumps(body).encode()
        headers.setdefault("Content-Type", "application/json")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    query_lists = {name: [str(value)] for name, value in (query or {}).items()}
    result = invoke(route, api_event(route, path, params, headers=headers, body=raw, query=query_lists))
    return Reply(result["statusCode"], result["headers"], result["body"])


def outbox() -> list[dict[str, Any]]:
    return messages(LOCAL_REGION)


def activation_token(mail: dict[str, Any]) -> str:
    from urllib.parse import parse_qs, urlsplit

    link = next(word for word in mail["text"].split() if "/activation?token=" in word)
    return parse_qs(urlsplit(link).query)["token"][0]


NEW_ACCOUNT = {
    "civility": "MME",
    "last_name": "Martin",
    "first_name": "Léa",
    "email": "lea.martin@example.org",
    "password": "Cantine2024!",
    "password_confirmation": "Cantine2024!",
    "terms_accepted": True,
}


def register(**changes: Any) -> Reply:
    return call("POST", f"/{TENANT}/accounts", {**NEW_ACCOUNT, **changes})


def active_account(email: str = NEW_ACCOUNT["email"], password: str = NEW_ACCOUNT["password"]) -> str:
    """Register and activate an account; return a fresh access token."""
    assert register(email=email, password=password, password_confirmation=password).status == 202
    token = activation_token(outbox()[-1])
    assert call("POST", f"/{TENANT}/accounts/activation", {"token": token}).status == 200
    reply = call("POST", f"/{TENANT}/sessions", {"email": email, "password": password})
    assert reply.status == 200, reply.text
    return reply.json["access_token"]
