"""AWS clients, created once per container on first use.

botocore directly (not boto3): pynamodb already loads botocore, and skipping
boto3's resource layer keeps the cold start down. Timeouts are short and
retries bounded so that a sick dependency becomes a quick 503, not a hung
Lambda billed to the municipality.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import botocore.session
from botocore.config import Config

from .config import settings

CLIENT_CONFIG = Config(
    connect_timeout=2,
    read_timeout=5,
    retries={"mode": "standard", "max_attempts": 3},
)


@cache
def client(service: str) -> Any:
    session = botocore.session.get_session()
    return session.create_client(service, region_name=settings().region, config=CLIENT_CONFIG)
