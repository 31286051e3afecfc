"""The stand-in's transactions back up the items they name, not their tables (infra/moto_fixes.py), and stay
all-or-nothing. The functional tests' conftest applies the change, as the local stack does."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from infra import moto_fixes

pytestmark = pytest.mark.usefixtures("tables")
KEYED = "keyed"  # hash and range key, as the template's table
PLAIN = "plain"  # a hash key alone


@pytest.fixture
def tables() -> Iterator[None]:
    with mock_aws():
        ddb = boto3.client("dynamodb")
        ddb.create_table(
            TableName=KEYED,
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"},
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        ddb.create_table(
            TableName=PLAIN,
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        yield


def key(table: str, pk: str) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"S": "A"}} if table == KEYED else {"pk": {"S": pk}}


def put(table: str, pk: str, **attributes: int) -> dict[str, Any]:
    item = {**key(table, pk), **{name: {"N": str(value)} for name, value in attributes.items()}}
    return {"Put": {"TableName": table, "Item": item}}


def update(table: str, pk: str, places: int) -> dict[str, Any]:
    return {
        "Update": {
            "TableName": table,
            "Key": key(table, pk),
            "UpdateExpression": "SET places = :places",
            "ExpressionAttributeValues": {":places": {"N": str(places)}},
        }
    }


def delete(table: str, pk: str) -> dict[str, Any]:
    return {"Delete": {"TableName": table, "Key": key(table, pk)}}


def only_if_absent(table: str, pk: str) -> dict[str, Any]:
    return {
        "ConditionCheck": {"TableName": table, "Key": key(table, pk), "ConditionExpression": "attribute_not_exists(pk)"}
    }


def fill(table: str, count: int, prefix: str = "filler") -> None:
    ddb = boto3.client("dynamodb")
    for start in range(0, count, 25):
        writes = [
            {"PutRequest": put(table, f"{prefix}-{n}", places=n)["Put"]} for n in range(start, min(start + 25, count))
        ]
        for write in writes:
            del write["PutRequest"]["TableName"]
        ddb.batch_write_item(RequestItems={table: writes})


def stored(table: str) -> dict[str, int]:
    """Each item's pk and its places."""
    items = boto3.client("dynamodb").scan(TableName=table)["Items"]
    return {item["pk"]["S"]: int(item["places"]["N"]) for item in items}


@pytest.mark.parametrize("table", [KEYED, PLAIN])
def test_a_transaction_whose_condition_fails_writes_none_of_its_items(table):
    ddb = boto3.client("dynamodb")
    ddb.transact_write_items(
        TransactItems=[put(table, "kept", places=1), put(table, "gone", places=2), put(table, "taken", places=3)]
    )

    with pytest.raises(ClientError) as refused:
        ddb.transact_write_items(
            TransactItems=[
                put(table, "new", places=4),
                update(table, "kept", places=9),
                delete(table, "gone"),
                only_if_absent(table, "taken"),
            ]
        )

    assert refused.value.response["Error"]["Code"] == "TransactionCanceledException"
    assert stored(table) == {"kept": 1, "gone": 2, "taken": 3}


@pytest.mark.parametrize("table", [KEYED, PLAIN])
def test_a_transaction_naming_one_item_twice_writes_nothing(table):
    ddb = boto3.client("dynamodb")

    with pytest.raises(ClientError) as refused:
        ddb.transact_write_items(TransactItems=[put(table, "twice", places=1), update(table, "twice", places=2)])

    assert refused.value.response["Error"]["Code"] == "ValidationException"
    assert stored(table) == {}


def test_a_transaction_that_meets_its_conditions_writes_every_item():
    ddb = boto3.client("dynamodb")
    ddb.transact_write_items(TransactItems=[put(KEYED, "kept", places=1), put(KEYED, "gone", places=2)])

    ddb.transact_write_items(
        TransactItems=[
            put(KEYED, "new", places=4),
            update(KEYED, "kept", places=9),
            delete(KEYED, "gone"),
            only_if_absent(KEYED, "free"),
        ]
    )

    assert stored(KEYED) == {"new": 4, "kept": 9}


def test_what_a_transaction_copies_does_not_grow_with_its_table(monkeypatch):
    copies: list[str] = []
    real = copy.deepcopy

    def counted(value: Any, memo: Any = None) -> Any:
        copies.append(type(value).__name__)
        return real(value, memo)

    monkeypatch.setattr(copy, "deepcopy", counted)

    def copies_of_a_failed_transaction(filler: int) -> int:
        fill(KEYED, filler, prefix=f"at-{filler}")
        copies.clear()
        with pytest.raises(ClientError):
            boto3.client("dynamodb").transact_write_items(
                TransactItems=[update(KEYED, f"at-{filler}-0", places=7), only_if_absent(KEYED, f"at-{filler}-1")]
            )
        return len(copies)

    small, large = copies_of_a_failed_transaction(10), copies_of_a_failed_transaction(300)

    assert "Table" not in copies
    assert small == large


def test_the_change_is_refused_once_moto_no_longer_copies_whole_tables(monkeypatch):
    from moto.dynamodb.models import DynamoDBBackend

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        """A moto that backs up the items it writes, or has changed how it backs up."""

    monkeypatch.setattr(DynamoDBBackend, "transact_write_items", transact_write_items)
    monkeypatch.setattr(DynamoDBBackend, "_portal_items_backed_up", False)

    with pytest.raises(moto_fixes.MotoChanged, match="no longer deep-copies"):
        moto_fixes.transactions_back_up_items()


def test_the_installed_moto_still_copies_whole_tables_and_is_changed():
    from moto.dynamodb.models import DynamoDBBackend

    assert DynamoDBBackend._portal_items_backed_up is True
    assert moto_fixes.copies_whole_tables(DynamoDBBackend.transact_write_items.__wrapped__)


def test_a_between_with_its_bounds_reversed_is_refused_as_dynamodb_does():
    ddb = boto3.client("dynamodb")
    ddb.put_item(TableName=KEYED, Item={"pk": {"S": "p"}, "sk": {"S": "b"}})

    def query(lower: str, upper: str) -> Any:
        return ddb.query(
            TableName=KEYED,
            KeyConditionExpression="pk = :p AND sk BETWEEN :lo AND :hi",
            ExpressionAttributeValues={":p": {"S": "p"}, ":lo": {"S": lower}, ":hi": {"S": upper}},
        )

    assert [item["sk"]["S"] for item in query("a", "c")["Items"]] == ["b"]
    assert query("b", "b")["Count"] == 1  # equal bounds are a range of one
    with pytest.raises(ClientError) as refused:
        query("c", "a")
    assert refused.value.response["Error"]["Code"] == "ValidationException"
    assert "BETWEEN operator requires upper bound" in refused.value.response["Error"]["Message"]
