"""Races: conditional writes keep one account per email and single-use tokens."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest

from infra.provision import PHYSICAL_NAMES

from .conftest import TENANT, activation_token, call, outbox, register

pytestmark = pytest.mark.usefixtures("tenant")


def accounts_stored() -> int:
    items = boto3.client("dynamodb").scan(TableName=PHYSICAL_NAMES["DataTable"])["Items"]
    return sum(1 for item in items if "#ACCOUNT#" in item["pk"]["S"])


def test_twenty_parallel_registrations_of_one_email_make_one_account():
    with ThreadPoolExecutor(max_workers=20) as pool:
        replies = list(pool.map(lambda _: register(), range(20)))

    assert {r.status for r in replies} == {202}
    assert accounts_stored() == 1
    # Whatever the interleaving, exactly one link (the last issued) activates it.
    tokens = [activation_token(m) for m in outbox()]
    results = [call("POST", f"/{TENANT}/accounts/activation", {"token": t}).status for t in tokens]
    assert results.count(200) == 1


def test_twenty_parallel_activations_with_one_token_make_exactly_one_success():
    register()
    token = activation_token(outbox()[0])

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(
            pool.map(lambda _: call("POST", f"/{TENANT}/accounts/activation", {"token": token}).status, range(20))
        )

    assert statuses.count(200) == 1
    assert statuses.count(400) == 19
