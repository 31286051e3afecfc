"""Checks of the account bodies, free of pydantic (see ``portal.platform.checks``)."""

from __future__ import annotations

import re
import unicodedata

from portal.platform.engine import PydanticCustomError

# A name goes into the town's mails ("Bonjour Léa,"): letters of any script with their accents (Unicode word
# characters that are neither digits nor "_", taken in NFC), spaces, hyphens and apostrophes; never a digit, ":",
# "/", "@", "<" or "." that could put a link or a message of someone else's in a mail (the contract).
NAME_PATTERN = r"^[ '’-]*[^\W\d_](?:[^\W\d_]|[ '’-])*$"
_PERSON_NAME = re.compile(NAME_PATTERN)


def valid_email(value: str) -> str:
    # costly to import: only where an address is validated
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        raise PydanticCustomError("invalid_email", "This is not a valid email address") from None
    return value


def person_name(value: str) -> str:
    value = unicodedata.normalize("NFC", value)
    if not _PERSON_NAME.match(value):
        raise PydanticCustomError("invalid_name", "Letters, spaces, hyphens and apostrophes only")
    return value
