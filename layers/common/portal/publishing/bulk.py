"""Imports dropped in S3 under imports/{tenant}/: run the same import, write a report beside it.

What can never succeed (an unknown tenant, a file too large, a body that is
not JSON Lines) is reported, not raised: retrying would not help. Only an
outage (503) raises, so Lambda retries and then sends the event to the
on-failure queue.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

from portal.platform.errors import ApiError, PayloadTooLarge
from portal.platform.observability import logger
from portal.publishing import store as bucket
from portal.publishing.imports import import_lines
from portal.tenancy.tenants import get_tenant

BULK_LIMIT = 100 * 1024 * 1024
_KEY = re.compile(r"imports/(?P<tenant>[^/]+)/(?P<name>[^/]+)\.ndjson")


def report_key(key: str) -> str:
    return key.removesuffix(".ndjson") + ".report.json"


def import_object(bucket_name: str, key: str) -> dict[str, Any]:
    found = _KEY.fullmatch(key)
    if not found:
        logger.warning("ignored object outside imports/{tenant}/*.ndjson")
        return {}
    try:
        tenant = get_tenant(found["tenant"]).slug
        if bucket.object_size(bucket_name, key) > BULK_LIMIT:
            raise PayloadTooLarge(f"The file exceeds {BULK_LIMIT} bytes")
        report: dict[str, Any] = asdict(import_lines(tenant, bucket.read_object(bucket_name, key)))
    except ApiError as exc:
        if exc.status >= 500:
            raise  # retried by Lambda, then the on-failure destination
        report = {"error": {"code": exc.problem_code, "message": exc.detail}}
    bucket.write_report(bucket_name, report_key(key), report)
    logger.info(
        "bulk import reported", extra={"accepted": report.get("accepted"), "rejected": len(report.get("rejected", []))}
    )
    return report
