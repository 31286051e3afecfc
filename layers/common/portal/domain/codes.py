"""Secret codes (subscriber codes, personal codes) are stored and looked up by keyed digest.

Codes ignore surrounding spaces and letter case, so they are normalised first.
"""

from __future__ import annotations

import hashlib
import hmac

from ..keys import purpose_key


def normalize(code: str) -> str:
    return code.strip().upper()


def digest(code: str) -> str:
    return hmac.new(purpose_key("codes"), normalize(code).encode(), hashlib.sha256).hexdigest()


def invoice_ref_key(tenant: str, emission_code: str, reference: str) -> str:
    """InvoiceRefIndex key of an (emission code, reference) pair, as printed on the invoice."""
    return f"TENANT#{tenant}#INVREF#{normalize(emission_code)}#{normalize(reference)}"
