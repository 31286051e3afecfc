"""Imports dropped in S3 under imports/{tenant}/: run the same import, write a report beside it."""

from __future__ import annotations

import json
import re

from ..aws import client
from ..errors import ApiError, TenantNotFound
from ..observability import logger
from ..store.errors import translate_aws_errors
from .imports import import_lines
from .tenants import get_tenant

BULK_LIMIT = 100 * 1024 * 1024
_KEY = re.compile(r"imports/(?P<tenant>[^/]+)/(?P<name>[^/]+)\.ndjson")


def report_key(key: str) -> str:
    return key.removesuffix(".ndjson") + ".report.json"


def import_object(bucket: str, key: str) -> dict[str, object]:
    found = _KEY.fullmatch(key)
    s3 = client("s3")
    if not found:
        logger.warning("ignored object outside imports/{tenant}/*.ndjson")
        return {}
    try:
        get_tenant(found["tenant"])
        with translate_aws_errors():
            head = s3.head_object(Bucket=bucket, Key=key)
            if head["ContentLength"] > BULK_LIMIT:
                raise ApiError(f"The file exceeds {BULK_LIMIT} bytes", code="payload_too_large")
            data = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        report: dict[str, object] = import_lines(found["tenant"], data).model_dump()
    except TenantNotFound:
        report = {"error": {"code": "tenant_not_found", "message": "Unknown municipality"}}
    except ApiError as exc:
        if exc.status >= 500:
            raise  # retried by Lambda, then the on-failure destination
        report = {"error": {"code": exc.code, "message": exc.detail}}
    with translate_aws_errors():
        s3.put_object(
            Bucket=bucket,
            Key=report_key(key),
            Body=json.dumps(report, ensure_ascii=False).encode(),
            ContentType="application/json",
            ServerSideEncryption="AES256",
        )
    logger.info(
        "bulk import reported", extra={"accepted": report.get("accepted"), "rejected": len(report.get("rejected", []))}
    )  # type: ignore[arg-type]
    return report
