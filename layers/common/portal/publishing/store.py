"""Bulk import files in the documents bucket (imports/{tenant}/…), and the reports written beside them."""

from __future__ import annotations

import json
from typing import Any

from portal.platform.aws import client, translate_aws_errors


def object_size(bucket: str, key: str) -> int:
    with translate_aws_errors():
        return int(client("s3").head_object(Bucket=bucket, Key=key)["ContentLength"])


def read_object(bucket: str, key: str) -> bytes:
    with translate_aws_errors():
        data: bytes = client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()
    return data


def write_report(bucket: str, key: str, report: dict[str, Any]) -> None:
    with translate_aws_errors():
        client("s3").put_object(
            Bucket=bucket,
            Key=key,
            Body=json.dumps(report, ensure_ascii=False).encode(),
            ContentType="application/json",
            ServerSideEncryption="AES256",
        )
