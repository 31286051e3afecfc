"""The local stack (`make run`) holds a town's use: simultaneous connections, the contract's largest booking
requests on a full table, and a stop in seconds (issue 31, point 8).

The figures (how long the large requests and the stop take) are printed, never asserted: run with ``-s``."""

from __future__ import annotations

import http.client
import json
import re
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest

from infra.provision import LOCAL_REGION, PHYSICAL_NAMES

from .helpers import ServerProcess, start_stack

pytestmark = pytest.mark.e2e
PASSWORD = "Cantine2024!"
TENANT = "charge"
SUBSCRIBER_CODE = "FAM-CHRG-0001"
UNITS = [f"U{n}" for n in range(10)]  # an activity's most units
TABLE_ITEMS = 10_000
FIRST = date.today() + timedelta(days=21)  # past every booking deadline's reach: bookable
DAYS = [FIRST + timedelta(days=n) for n in range(40)]


def aws_endpoint(stack: ServerProcess) -> str:
    found = re.search(r"AWS stand-in:\s+(http://\S+)", stack.logs())
    assert found, stack.logs()
    return found.group(1)


def dynamodb(stack: ServerProcess) -> Any:
    """A client of the stack's stand-in DynamoDB, as the stack's own functions have."""
    return boto3.client(
        "dynamodb",
        endpoint_url=aws_endpoint(stack),
        region_name=LOCAL_REGION,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )


def table_items(stack: ServerProcess) -> int:
    table = PHYSICAL_NAMES["DataTable"]
    return int(dynamodb(stack).describe_table(TableName=table)["Table"]["ItemCount"])


def fill_table(stack: ServerProcess, items: int) -> None:
    """Items of another town, written straight to the table: what the stand-in's cost grows with is the table."""
    ddb, table, written = dynamodb(stack), PHYSICAL_NAMES["DataTable"], 0
    while written < items:
        batch = [f"T#ailleurs#F#{n:06d}" for n in range(written, min(written + 25, items))]
        puts = [{"PutRequest": {"Item": {"pk": {"S": pk}, "sk": {"S": "FAMILY"}, "label": {"S": pk}}}} for pk in batch]
        assert not ddb.batch_write_item(RequestItems={table: puts}).get("UnprocessedItems")
        written += len(batch)


def simultaneous(stack: ServerProcess, requests: list[tuple[str, str, dict[str, str]]]) -> list[int | str]:
    """Each request on its own connection, all sent at the same moment: each status, or the connection's error."""
    address = urlsplit(stack.url)
    ready = threading.Barrier(len(requests))
    answers: list[int | str] = []

    def send(method: str, path: str, headers: dict[str, str]) -> None:
        ready.wait()
        try:
            connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=60)
            connection.request(method, path, headers=headers)
            response = connection.getresponse()
            response.read()
            answers.append(response.status)
        except OSError as error:
            answers.append(type(error).__name__)

    threads = [threading.Thread(target=send, args=request) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


# ---- simultaneous connections -----------------------------------------------------------------------


def test_fifty_simultaneous_requests_are_all_answered_without_a_server_error(stack):
    admin = {"X-Api-Key": stack.admin_key}
    since = f"/demo/admin/bookings?since={date.today().isoformat()}T00:00:00Z"
    kinds = [("GET", since, admin), ("GET", "/demo/me", {}), ("GET", "/openapi.json", {}), ("GET", "/", {})]

    answers = simultaneous(stack, [kinds[n % len(kinds)] for n in range(50)])

    assert len(answers) == 50
    assert [a for a in answers if not isinstance(a, int) or a >= 500] == [], Counter(answers)


# ---- the contract's largest booking requests on a full table ----------------------------------------


def activity() -> dict[str, Any]:
    """Open every day, ten units without a capacity: every change of a request can be booked."""
    return {
        "type": "activity",
        "activity_id": "PERI",
        "label": "Périscolaire",
        "nature": "Accueil périscolaire",
        "from": (date.today() - timedelta(days=30)).isoformat(),
        "to": (date.today() + timedelta(days=300)).isoformat(),
        "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        "closed": [],
        "extra_days": [],
        "units": [{"unit_id": u, "label": u, "price": "1.00", "capacity": None} for u in UNITS],
        "booking_deadline": {"days_before": 2, "time": "10:00", "working_days": True},
        "cancellation_deadline": None,
        "opens_at": None,
        "waiting_list": False,
    }


def household() -> list[dict[str, Any]]:
    """One family (its code ``SUBSCRIBER_CODE``) of two children, both enrolled in the activity."""
    span = {"from": activity()["from"], "to": activity()["to"]}
    child = {"type": "child", "family_id": "F-0001", "last_name": "CHARGE", "birth_date": "2016-04-12"}
    return [
        {"type": "family", "family_id": "F-0001", "label": "Famille CHARGE", "subscriber_code": SUBSCRIBER_CODE},
        *({**child, "child_id": c, "first_name": c, "school": None, "class": None} for c in ("E-0001", "E-0002")),
        *({"type": "enrolment", "child_id": c, "activity_id": "PERI", **span} for c in ("E-0001", "E-0002")),
    ]


def publish(stack: ServerProcess, key: str, records: list[dict[str, Any]]) -> None:
    for start in range(0, len(records), 1000):
        body = "\n".join(json.dumps(r) for r in records[start : start + 1000]).encode()
        headers = {"Content-Type": "application/x-ndjson", "X-Api-Key": key}
        status, _, report = stack.request("POST", f"/{TENANT}/admin/imports", raw=body, headers=headers)
        assert status == 200 and not report["rejected"], report


def parent(stack: ServerProcess) -> str:
    """An account following the first family: its access token."""
    email = "parent.charge@example.org"
    body = {
        "civility": "MME",
        "last_name": "Charge",
        "first_name": "Camille",
        "email": email,
        "password": PASSWORD,
        "password_confirmation": PASSWORD,
        "terms_accepted": True,
        "subscriber_code": SUBSCRIBER_CODE,
    }
    status, _, answer = stack.request("POST", f"/{TENANT}/accounts", body)
    assert status == 202, answer
    mail = [m for m in stack.request("GET", "/_local/outbox")[2]["messages"] if m["to"] == [email]][-1]
    token = re.search(r"token=(\S+)", mail["text"]).group(1)
    assert stack.request("POST", f"/{TENANT}/accounts/activation", {"token": token})[0] == 200
    return stack.request("POST", f"/{TENANT}/sessions", {"email": email, "password": PASSWORD})[2]["access_token"]


@pytest.fixture(scope="module")
def full_table() -> Iterator[tuple[ServerProcess, str]]:
    """A stack of its own whose table holds ``TABLE_ITEMS`` items, and a parent of two children there."""
    stack = start_stack()
    try:
        status, _, created = stack.request("POST", "/_local/tenants", {"tenant": TENANT})
        assert status == 201, created
        publish(stack, created["admin_key"], [activity(), *household()])
        token = parent(stack)
        fill_table(stack, TABLE_ITEMS - table_items(stack))
        yield stack, token
    finally:
        stack.process.terminate()
        stack.process.wait(timeout=10)


def changes(days: list[date], booked: bool) -> dict[str, Any]:
    return {
        "activity_id": "PERI",
        "changes": [{"date": f"{d}", "unit_id": u, "booked": booked} for d in days for u in UNITS],
    }


def timed(stack: ServerProcess, token: str, child: str, body: dict[str, Any]) -> tuple[int, Any, float]:
    started = time.monotonic()
    status, _, answer = stack.request("POST", f"/{TENANT}/children/{child}/bookings", body, token=token)
    return status, answer, time.monotonic() - started


def test_a_booking_request_of_400_changes_on_a_full_table_answers_every_change(full_table):
    stack, token = full_table
    assert table_items(stack) >= TABLE_ITEMS

    status, answer, seconds = timed(stack, token, "E-0001", changes(DAYS, booked=True))

    print(f"\n400 changes on a table of {table_items(stack):,} items: {status} in {seconds:.1f} s")
    assert status == 200, answer
    assert len(answer["results"]) == 400
    assert Counter(r["outcome"] for r in answer["results"]) == {"booked": 400}


def test_200_cancellations_in_one_request_on_a_full_table_answer_every_change(full_table):
    stack, token = full_table
    assert table_items(stack) >= TABLE_ITEMS
    booked = timed(stack, token, "E-0002", changes(DAYS[:20], booked=True))
    assert booked[0] == 200 and booked[1]["summary"]["booked"] == 200, booked[1]

    status, answer, seconds = timed(stack, token, "E-0002", changes(DAYS[:20], booked=False))

    print(f"\n200 cancellations on a table of {table_items(stack):,} items: {status} in {seconds:.1f} s")
    assert status == 200, answer
    assert len(answer["results"]) == 200
    assert Counter(r["outcome"] for r in answer["results"]) == {"cancelled": 200}


# ---- stopping -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_the_stack_stops_within_seconds_of_a_signal_even_with_requests_in_flight(sent):
    stack = start_stack()
    admin = {"X-Api-Key": stack.admin_key}
    since = f"/demo/admin/bookings?since={date.today().isoformat()}T00:00:00Z"
    in_flight = threading.Thread(target=simultaneous, args=(stack, [("GET", since, admin)] * 20), daemon=True)
    in_flight.start()
    time.sleep(0.5)  # the requests sent and being answered

    started = time.monotonic()
    stack.process.send_signal(sent)
    try:
        code = stack.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        stack.process.kill()
        pytest.fail(f"still running 10 s after {sent.name}:\n{stack.logs()[-2000:]}")

    print(f"\nstopped {time.monotonic() - started:.1f} s after {sent.name}")
    assert code == 0, stack.logs()[-2000:]
