"""Opaque, tamper-proof listing cursors.

A cursor names the last item returned; it is signed with a key derived from
the signing secret and bound to the scope it was issued for (the account and
the filters), so it can neither be forged nor replayed on another listing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

from portal.platform.errors import InvalidCursor
from portal.platform.signing import purpose_key

Position = tuple[str, ...]


def make(position: Position, scope: str) -> str:
    payload = json.dumps(list(position), separators=(",", ":")).encode()
    return f"{_b64(payload)}.{_b64(_sign(payload, scope))}"


def read(cursor: str, scope: str, size: int) -> Position:
    """The position a cursor names; 422 ``invalid_cursor`` if it is not one issued for this scope."""
    try:
        payload_text, signature_text = cursor.split(".")
        payload, signature = _unb64(payload_text), _unb64(signature_text)
    except ValueError:
        raise InvalidCursor() from None
    if not hmac.compare_digest(signature, _sign(payload, scope)):
        raise InvalidCursor()
    position = json.loads(payload)
    if not (isinstance(position, list) and len(position) == size and all(isinstance(p, str) for p in position)):
        raise InvalidCursor()
    return tuple(position)


def _sign(payload: bytes, scope: str) -> bytes:
    return hmac.new(purpose_key("cursor"), scope.encode() + b"\n" + payload, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    if not text or len(text) > 1024:
        raise ValueError("bad cursor")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
