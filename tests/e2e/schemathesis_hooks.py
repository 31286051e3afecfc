"""Schemathesis hooks for the fuzz run: body serializers and an object-level authorization check."""

from __future__ import annotations

import os

import requests
import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    # A value that is not text (negative testing) goes out as bytes that are not UTF-8 text either.
    return value.encode("utf-8", "surrogatepass") if isinstance(value, str) else b"\xff\xfe not text"


@schemathesis.serializer("application/pdf")
def pdf(ctx, value):
    return value if isinstance(value, bytes) else b"" if value is None else str(value).encode()


@schemathesis.check
def other_accounts_cannot_read_it(ctx, response, case):
    """Whatever the first citizen could read, the second (no shared family) gets a 404 for."""
    owned = ("/invoices/", "/payments/", "/children/", "/families/", "/requests/", "/threads/", "/appointments/")
    own = any(part in case.path for part in owned)
    town = case.path.startswith(("/{tenant}/admin/", "/{tenant}/agent/"))  # the town's routes: not an account's
    if case.method != "GET" or not own or town or response.status_code != 200:
        return None
    headers = {**(case.headers or {}), "Authorization": f"Bearer {os.environ['FUZZ_OTHER_TOKEN']}"}
    url = response.request.url
    other = requests.get(url, headers=headers, timeout=30)
    if other.status_code != 404:
        raise AssertionError(f"another account got {other.status_code} for {case.path}")
    return None
