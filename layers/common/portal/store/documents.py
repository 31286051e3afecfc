"""The documents bucket: invoice PDFs and bulk import files with their reports.

Objects are written encrypted (SSE-S3) under keys the server chooses; PDFs are
read only through short-lived presigned links that name the download.
"""

from __future__ import annotations

import json
from typing import Any

from portal.platform.aws import client, translate_aws_errors
from portal.platform.config import settings
from portal.store import keys


def put_pdf(tenant: str, invoice_id: str, data: bytes, filename: str) -> str:
    """Store an invoice's PDF; returns its object key."""
    key = keys.pdf_object(tenant, invoice_id)
    with translate_aws_errors():
        client("s3").put_object(
            Bucket=settings().documents_bucket,
            Key=key,
            Body=data,
            ContentType="application/pdf",
            ContentDisposition=_attachment(filename),
            ServerSideEncryption="AES256",
        )
    return key


def pdf_link(key: str, filename: str, seconds: int) -> str:
    """A presigned GET (SigV4, computed locally: no AWS call) serving the PDF as an attachment."""
    with translate_aws_errors():
        url: str = client("s3").generate_presigned_url(
            "get_object",
            Params={
                "Bucket": settings().documents_bucket,
                "Key": key,
                "ResponseContentType": "application/pdf",
                "ResponseContentDisposition": _attachment(filename),
            },
            ExpiresIn=seconds,
        )
    return url


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


def _attachment(filename: str) -> str:
    return f'attachment; filename="{filename}"'
