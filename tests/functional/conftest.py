"""Functional tests: the real handlers against moto (in-process, no sockets). Fixtures only:
the helpers tests share are in ``helpers``."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from infra.moto_fixes import between_refuses_reversed_bounds, transactions_back_up_items
from infra.provision import LOCAL_SENDER_DOMAIN, SERVICES, provision

from .bookings_world import at_noon, crowd, full_wednesday, parent  # noqa: F401 (the bookings tests' fixtures)
from .helpers import (
    ORIGIN,
    OTHER,
    TENANT,
    active_account,
    allowed_actions,
    call,
    family,
    iam_actions,
    reset_container_caches,
    send,
)

transactions_back_up_items()  # as on the local stack: a transaction's cost is what it writes, not its table
between_refuses_reversed_bounds()  # as DynamoDB: a key condition's BETWEEN with its bounds reversed is refused


@pytest.fixture
def aws_stack() -> Iterator[None]:
    with mock_aws():
        provision({name: boto3.client(name) for name in SERVICES})
        reset_container_caches()
        yield
    reset_container_caches()


@pytest.fixture
def tenant(aws_stack: None) -> str:
    """A tenant 'ville-test' whose portal is https://portail.ville-test.fr; returns its admin key."""
    from portal.tenancy.provisioning import create_tenant

    return create_tenant(
        slug=TENANT,
        name="Ville de Test",
        portal_url=ORIGIN,
        sender_email=f"ne-pas-repondre@{LOCAL_SENDER_DOMAIN}",
        allowed_origins=[ORIGIN],
    )


@pytest.fixture(autouse=True)
def least_privilege(monkeypatch) -> Iterator[None]:
    """Every AWS call a handler makes during a test is granted by its function's policy in template.yaml."""
    from botocore.client import BaseClient

    from infra.lambdas import RUNNING

    denied: list[str] = []
    real = BaseClient._make_api_call

    def check(self, operation_name, api_params):
        function = RUNNING.get()
        if function is not None:
            call = f"{self.meta.service_model.service_name}.{operation_name}"
            missing = iam_actions(call, api_params) - allowed_actions(function, on_index="IndexName" in api_params)
            denied.extend(f"{function}: {action}" for action in sorted(missing))
        return real(self, operation_name, api_params)

    monkeypatch.setattr(BaseClient, "_make_api_call", check)
    yield
    assert not denied, f"calls the template does not allow: {sorted(set(denied))}"


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


@pytest.fixture
def followers(tenant, monkeypatch):
    """Two activated accounts following F-001; the second also follows F-002."""
    from portal.platform.config import settings

    monkeypatch.setenv("PUBLIC_API_URL", "https://api.ville-test.fr/v1")
    settings.cache_clear()
    assert send(tenant, family("F-001"), family("F-002", code="FAM-3MZP-4TRC", label="Famille DURAND")).status == 200
    first, second = active_account(), active_account(OTHER)
    for token, codes in ((first, ["FAM-7Q2K-9XWD"]), (second, ["FAM-7Q2K-9XWD", "FAM-3MZP-4TRC"])):
        for code in codes:
            assert call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": code}, token=token).status == 201
    yield tenant
    settings.cache_clear()
