"""Objects of the documents bucket (private, encrypted): put under a key the server chooses, served only
through short presigned links as attachments (a browser never renders a stored file from our origin)."""

from __future__ import annotations

from dataclasses import dataclass

from portal.platform.aws import client, translate_aws_errors
from portal.platform.config import settings
from portal.platform.errors import NotAPdf

# A PDF the town's software uploads through the API: API Gateway hands a binary body to Lambda base64-encoded
# (4/3 larger) under Lambda's 6 MB event limit.
PDF_LIMIT = 4 * 1024 * 1024
PDF_SIGNATURE = b"%PDF-"


def require_pdf(data: bytes) -> None:
    """A PDF the town uploads starts with ``%PDF-`` (else 415 ``not_a_pdf``)."""
    if not data.startswith(PDF_SIGNATURE):
        raise NotAPdf("The body must be a PDF document (starting with %PDF-)")


def pdf_name(kind: str, name: str) -> str:
    """A download's file name, ``{kind}-{name}.pdf``, from a record's own words (an invoice's number, a
    paper's id) kept to letters, digits and ``-_.``."""
    return f"{kind}-" + "".join(c if c.isalnum() or c in "-_." else "_" for c in name) + ".pdf"


def put(key: str, data: bytes, content_type: str, file_name: str) -> None:
    with translate_aws_errors():
        client("s3").put_object(
            Bucket=settings().documents_bucket,
            Key=key,
            Body=data,
            ContentType=content_type,
            ContentDisposition=attachment(file_name),
            ServerSideEncryption="AES256",
        )


def copy(source: str, version: str | None, key: str, content_type: str, file_name: str) -> None:
    """Copy an object (that version of it, where the bucket keeps versions) to ``key`` inside S3, with the
    type, download name and encryption ``put`` gives: the bytes never pass through the function."""
    origin = {"Bucket": settings().documents_bucket, "Key": source} | ({"VersionId": version} if version else {})
    with translate_aws_errors():
        client("s3").copy_object(
            Bucket=settings().documents_bucket,
            Key=key,
            CopySource=origin,
            MetadataDirective="REPLACE",
            TaggingDirective="REPLACE",  # no tag of the uploader's follows (nor needs reading its tags)
            ContentType=content_type,
            ContentDisposition=attachment(file_name),
            ServerSideEncryption="AES256",
        )


def link(key: str, content_type: str, file_name: str, seconds: int) -> str:
    """A presigned GET (SigV4, computed locally: no AWS call) serving the object as an attachment."""
    with translate_aws_errors():
        url: str = client("s3").generate_presigned_url(
            "get_object",
            Params={
                "Bucket": settings().documents_bucket,
                "Key": key,
                "ResponseContentType": content_type,
                "ResponseContentDisposition": attachment(file_name),
            },
            ExpiresIn=seconds,
        )
    return url


def attachment(file_name: str) -> str:
    """``Content-Disposition`` for a download under ``file_name`` (RFC 6266): an ASCII name any browser
    reads, and the name as typed, percent-encoded, for those that read ``filename*``."""
    from urllib.parse import quote  # a few names a request: not worth a start-up import

    plain = "".join(c if c.isascii() and (c.isalnum() or c in "-_. ") else "_" for c in file_name)
    if plain == file_name:
        return f'attachment; filename="{plain}"'
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(file_name, safe='')}"


def post_form(key: str, content_type: str, size: int, seconds: int) -> tuple[str, dict[str, str]]:
    """A presigned POST (computed locally) that accepts one object at ``key``, of ``content_type`` and at
    most ``size`` bytes (the policy's content-length-range: S3 refuses a larger file), for ``seconds``."""
    with translate_aws_errors():
        form = client("s3").generate_presigned_post(
            Bucket=settings().documents_bucket,
            Key=key,
            Fields={"Content-Type": content_type},
            Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, size]],
            ExpiresIn=seconds,
        )
    return str(form["url"]), {str(k): str(v) for k, v in form["fields"].items()}


@dataclass(frozen=True)
class Head:
    """An object's size, first bytes, ETag and version (None where the bucket keeps no versions)."""

    size: int
    data: bytes
    etag: str
    version: str | None


def first_bytes(key: str, count: int, version: str | None = None) -> Head | None:
    """An object's first ``count`` bytes and what identifies it (a ranged GET: a 10 MB file is not read), of
    that version if one is given; None when there is no such object (or version). An empty object has no
    first byte: S3 refuses the range (416), and its head is empty."""
    from botocore.exceptions import ClientError  # with boto3, already loaded by the client

    with translate_aws_errors():
        try:
            chosen = {"VersionId": version} if version else {}
            answer = client("s3").get_object(
                Bucket=settings().documents_bucket, Key=key, Range=f"bytes=0-{count - 1}", **chosen
            )
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code")
            if code in ("NoSuchKey", "NoSuchVersion", "404"):
                return None
            if code == "InvalidRange":
                return Head(0, b"", "", None)
            raise
        size = int(str(answer.get("ContentRange", "")).rpartition("/")[2] or answer["ContentLength"])
        return Head(size, answer["Body"].read(), str(answer.get("ETag", "")), answer.get("VersionId"))


def delete(key: str, version: str | None = None) -> None:
    """Delete an object, or one version of it (the one before becomes the object again)."""
    with translate_aws_errors():
        if version is None:
            client("s3").delete_object(Bucket=settings().documents_bucket, Key=key)
        else:
            client("s3").delete_object(Bucket=settings().documents_bucket, Key=key, VersionId=version)
