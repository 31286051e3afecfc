"""Money is integer cents inside the system; text becomes cents here, once.

Two edges: billing software sends decimal strings with a dot ("6.40"); a
person types an amount as they see it ("6,40", "6.4", "6", 6.4). Negative
amounts, more than two decimals and non-numbers are refused.
"""

from __future__ import annotations

import re

# At most 999,999,999.99 euros (beyond any municipal invoice): nine digits of euros.
# The patterns are the whole rule, and the schemas publish them as they are.
IMPORTED_PATTERN = r"^(0|[1-9][0-9]{0,8})(\.[0-9]{1,2})?$"
TYPED_PATTERN = r"^\s*[0-9]{1,9}([.,][0-9]{1,2})?\s*$"
MAX_EUROS = 999999999.99

_IMPORTED = re.compile(IMPORTED_PATTERN)
_TYPED = re.compile(r"([0-9]{1,9})(?:[.,]([0-9]{1,2}))?")


class InvalidAmount(ValueError):
    pass


def cents_from_import(text: object) -> int:
    """ "6.40" → 640. Exactly the format billing software is asked to send."""
    if not isinstance(text, str) or not _IMPORTED.fullmatch(text):
        raise InvalidAmount('a decimal string with a dot and at most two decimals, e.g. "6.40"')
    return _to_cents(*text.partition(".")[::2])


def cents_from_typed(value: object) -> int:
    """What a person types: "6,40", "6.40", "6.4", "6", 6.4 or 6 all mean 640."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InvalidAmount("an amount such as 6,40")
    text = repr(value) if isinstance(value, float) else str(value)
    found = _TYPED.fullmatch(text.strip())
    if not found:
        raise InvalidAmount("an amount such as 6,40, positive, with at most two decimals, under a billion")
    return _to_cents(found.group(1), found.group(2) or "")


def _to_cents(units: str, decimals: str) -> int:
    return int(units) * 100 + int((decimals or "0").ljust(2, "0"))
