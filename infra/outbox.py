"""Mail sent through the SES stand-in (moto), parsed back into text and HTML."""

from __future__ import annotations

import email
import email.policy
from email.utils import parsedate_to_datetime
from typing import Any

from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends


def messages(region: str) -> list[dict[str, Any]]:
    """Every message sent so far, oldest first, as the local /_local/outbox shows them."""
    found = []
    for sent in ses_backends[DEFAULT_ACCOUNT_ID][region].sent_messages:
        raw = getattr(sent, "raw_data", None)
        if raw is None:
            continue
        parsed = email.message_from_string(raw, policy=email.policy.default)
        text = parsed.get_body(preferencelist=("plain",))
        html = parsed.get_body(preferencelist=("html",))
        found.append(
            {
                "to": [str(a) for a in parsed.get_all("To", [])],
                "from": str(parsed["From"]),
                "subject": str(parsed["Subject"]),
                "text": text.get_content() if text else "",
                "html": html.get_content() if html else "",
                "headers": {name: str(value) for name, value in parsed.items()},
                "sent_at": parsedate_to_datetime(parsed["Date"]).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "attachments": [
                    {
                        "filename": part.get_filename(),
                        "content_type": part.get_content_type(),
                        "text": part.get_content() if part.get_content_maintype() == "text" else None,
                    }
                    for part in parsed.iter_attachments()
                ],
            }
        )
    return found
