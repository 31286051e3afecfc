"""Secret codes (subscriber codes, personal codes) are stored and looked up by keyed digest.

Codes ignore surrounding spaces and letter case, so they are normalised first.
"""

from __future__ import annotations

import hashlib
import hmac

from portal.platform.signing import purpose_key


def normalize(code: str) -> str:
    return code.strip().upper()


def digest(code: str) -> str:
    return hmac.new(purpose_key("codes"), normalize(code).encode(), hashlib.sha256).hexdigest()
