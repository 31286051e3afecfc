"""What every layer of tests shares."""

from __future__ import annotations

import json
from typing import Any


def encode_request(
    body: Any = None, *, raw: bytes | None = None, token: str | None = None, headers: dict[str, str] | None = None
) -> tuple[bytes | None, dict[str, str]]:
    """A request's bytes and headers: ``body`` as JSON (or ``raw`` bytes), ``token`` as a bearer."""
    headers = dict(headers or {})
    if body is not None:
        raw = json.dumps(body).encode()
        headers.setdefault("Content-Type", "application/json")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return raw, headers
