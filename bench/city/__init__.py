"""A big city on one deployment (``python -m bench.city``): measured on the local stack, modelled on AWS.

The stand-in serves one request at a time and reports no consumed capacity, so each section measures on a
sample what the stand-in can say exactly (AWS calls, items read and written, their sizes) and models the
rest from AWS's published figures, each printed line saying which it is: **measured** (on the stand-in, a
sample scaled linearly to the city) or **modelled** (latencies, capacity units, prices below).

Sections, each also runnable alone (``python -m bench.city.<name> --help``):

- ``monthly``: 150,000 invoices and their PDFs published through the S3 bulk path, and the new-invoice
  mails sent within the account's SES rate (14, 50 and 200 a second);
- ``rush``: 8,000 parents in ten minutes opening a holiday centre of 600 places;
- ``strike``: a day closing 40 activities under 30,000 bookings of 20,000 families;
- ``lists``: the feed on a day of 100,000 booking events, an attendance list of 1,200 children.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from bench.booking_costs import LATENCY_MS as DYNAMODB_LATENCY_MS

# The city (issue 39): what a town of 100,000 families does in a month.
FAMILIES = 100_000
CHILDREN = 150_000
INVOICES = 150_000  # the monthly run: one invoice a child
FOLLOWERS_PER_FAMILY = 1.5  # accounts following a family (both parents, sometimes one)
RUSH_PARENTS = 8_000
RUSH_MINUTES = 10
RUSH_PLACES = 600
STRIKE_ACTIVITIES = 40
STRIKE_BOOKINGS = 30_000
STRIKE_FAMILIES = 20_000
FEED_DAY_EVENTS = 100_000
ATTENDANCE_CHILDREN = 1_200
SES_RATES = (14, 50, 200)  # mails a second: a fresh production account, and two raised ones

# Assumed latencies from a Lambda in the same region, in ms (modelled): DynamoDB's as in bench.booking_costs
# (its "single-digit milliseconds"), S3's first byte for small objects (tens of ms, AWS's performance
# guidelines), SES's API answer, SQS's.
LATENCY_MS: dict[str, float] = {
    **DYNAMODB_LATENCY_MS,
    "SendRawEmail": 40.0,
    "PutObject": 25.0,
    "GetObject": 20.0,
    "HeadObject": 10.0,
    "CopyObject": 30.0,
    "DeleteObject": 10.0,
    "ReceiveMessage": 10.0,
    "DeleteMessageBatch": 10.0,
}

# AWS list prices (us-east-1, late 2025, assumed for eu-west-3), as in docs/cost-model.md.
PRICE = {
    "api_request": 3.50 / 1e6,
    "lambda_request": 0.20 / 1e6,
    "lambda_gb_second": 0.0000133334,  # arm64
    "read_unit": 0.125 / 1e6,  # on demand: one strongly consistent read of 4 KB, or two eventual
    "write_unit": 0.625 / 1e6,  # one write of 1 KB; a transaction's item counts two
    "mail": 0.10 / 1000,
    "sqs_request": 0.40 / 1e6,
    "s3_put": 0.005 / 1000,
    "s3_get": 0.0004 / 1000,
    "s3_gb_month": 0.023,
    "log_gb": 0.50,
}


def item_bytes(item: dict[str, Any]) -> int:
    """A DynamoDB item's size as DynamoDB bills it: each attribute name's UTF-8 bytes plus its value's
    (strings their UTF-8 bytes, numbers about one byte per two digits plus one, binary its bytes, a map
    or list 3 bytes plus 1 an element, booleans and nulls 1)."""
    return sum(len(name.encode()) + _value_bytes(value) for name, value in item.items())


def _value_bytes(value: dict[str, Any]) -> int:
    ((kind, inner),) = value.items()
    if kind == "S":
        return len(inner.encode())
    if kind == "N":
        return math.ceil(len(str(Decimal(inner)).lstrip("-").replace(".", "")) / 2) + 1
    if kind == "B":
        return len(inner)
    if kind in ("SS", "NS", "BS"):
        return sum(_value_bytes({kind[0]: v}) for v in inner)
    if kind == "M":
        return 3 + sum(len(k.encode()) + _value_bytes(v) + 1 for k, v in inner.items())
    if kind == "L":
        return 3 + sum(_value_bytes(v) + 1 for v in inner)
    return 1  # BOOL, NULL


def write_units(size: int, transactional: bool = False) -> int:
    """Write capacity units for one item of ``size`` bytes: one a KB, doubled in a transaction."""
    return max(1, math.ceil(size / 1024)) * (2 if transactional else 1)


def read_units(size: int, consistent: bool = True) -> float:
    """Read capacity units for ``size`` bytes read: one per 4 KB, half for an eventually consistent read."""
    units = max(1, math.ceil(size / 4096))
    return units if consistent else units / 2


def dollars(amount: float) -> str:
    return f"${amount:,.2f}" if amount >= 0.995 else f"${amount:.3f}"


def heading(title: str) -> None:
    print(f"\n{title}")
    print("-" * len(title))
