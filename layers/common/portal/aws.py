"""AWS clients, created once per container on first use.

botocore directly (not boto3): pynamodb already loads botocore, and skipping
boto3's resource layer keeps the cold start down. Timeouts are short and
retries bounded so that a sick dependency becomes a quick 503, not a hung
Lambda billed to the municipality.
"""

from __future__ import annotations

import os
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


# Presigned URLs must be SigV4; path-style only towards a local stand-in (AWS_ENDPOINT_URL).
S3_CONFIG = Config(
    signature_version="s3v4", s3={"addressing_style": "path" if os.environ.get("AWS_ENDPOINT_URL") else "auto"}
)


@cache
def client(service: str) -> Any:
    session = botocore.session.get_session()
    config = CLIENT_CONFIG.merge(S3_CONFIG) if service == "s3" else CLIENT_CONFIG
    return session.create_client(service, region_name=settings().region, config=config)
