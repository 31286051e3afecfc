"""Upload the reference portal (web/) to the stack's PortalBucket, pointing it at the API.

    python -m infra.publish_web --bucket <PortalBucketName> --api <ApiUrl> --tenant ville-x

config.js is written from the arguments; every file gets its content type.
Uses the ordinary AWS credential chain (or AWS_ENDPOINT_URL for a stand-in).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

WEB = Path(__file__).resolve().parent.parent / "web"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}


def config_js(api: str, tenant: str) -> str:
    settings = json.dumps({"api": api.rstrip("/"), "tenant": tenant})
    return f"// Written by infra/publish_web.py at deployment.\nwindow.PORTAL_CONFIG = {settings};\n"


def publish(s3: Any, bucket: str, api: str, tenant: str) -> list[str]:
    published = []
    for path in sorted(WEB.iterdir()):
        if path.suffix not in TYPES:
            continue
        body = config_js(api, tenant).encode() if path.name == "config.js" else path.read_bytes()
        cache = "no-cache" if path.suffix == ".html" or path.name == "config.js" else "max-age=300"
        s3.put_object(Bucket=bucket, Key=path.name, Body=body, ContentType=TYPES[path.suffix], CacheControl=cache)
        published.append(path.name)
    return published


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m infra.publish_web", description=__doc__.split("\n\n")[0])
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--api", required=True, help="the stack's ApiUrl output")
    parser.add_argument("--tenant", required=True)
    args = parser.parse_args(argv)
    import boto3

    for name in publish(boto3.client("s3"), args.bucket, args.api, args.tenant):
        print(f"published {name}")


if __name__ == "__main__":
    main()
