"""Upload the reference portal (web/) to the stack's PortalBucket, pointing it at the API.

    python -m infra.publish_web --bucket <PortalBucketName> --api <ApiUrl> --tenant ville-x

config.js is written from the arguments; every file gets its content type. Files in subfolders (the
portal's modules, web/core/ and web/areas/) keep their path as their key, as the pages import them.
A page in a subfolder (the agents' console, web/agent/index.html) is also put under its folder's key
(``agent/``): CloudFront asks the bucket for ``agent/`` when a browser opens ``/agent/`` (the mailed
invitation links), and the bucket has no index documents of its own.
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


def portal_files() -> list[str]:
    """Every file of the portal, by its key: its path under web/ (e.g. ``core/api.js``)."""
    files = (path for path in WEB.rglob("*") if path.suffix in TYPES and path.is_file())
    return sorted(path.relative_to(WEB).as_posix() for path in files)


def publish(s3: Any, bucket: str, api: str, tenant: str) -> list[str]:
    published = []
    for key in portal_files():
        suffix = Path(key).suffix
        body = config_js(api, tenant).encode() if key == "config.js" else (WEB / key).read_bytes()
        # The modules import one another by name: a browser or an edge holding an older one for minutes
        # after a deployment would pair it with newer ones and break the portal. They are revalidated each
        # time (an unchanged file is a 304), like the page and its config; only the style sheet is kept.
        cache = "max-age=300" if suffix == ".css" else "no-cache"
        keys = [key, key.removesuffix("index.html")] if key.endswith("/index.html") else [key]
        for name in keys:
            s3.put_object(Bucket=bucket, Key=name, Body=body, ContentType=TYPES[suffix], CacheControl=cache)
            published.append(name)
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
