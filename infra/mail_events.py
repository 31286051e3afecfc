"""The SES events the local stack and the tests play: what a configuration set publishes to SNS."""

from __future__ import annotations

import json
from typing import Any


def sns_event(*messages: dict[str, Any]) -> dict[str, Any]:
    """An SNS → Lambda event carrying SES events, one record each."""
    return {
        "Records": [
            {"EventSource": "aws:sns", "Sns": {"Type": "Notification", "Message": json.dumps(m)}} for m in messages
        ]
    }


def ses_event(kind: str, address: str, headers: dict[str, str], permanent: bool = True) -> dict[str, Any]:
    """A bounce (permanent or transient) or a complaint about ``address``, for a mail with these headers."""
    mail = {"destination": [address], "headers": [{"name": k, "value": v} for k, v in headers.items()]}
    if kind == "Complaint":
        return {
            "eventType": "Complaint",
            "complaint": {"complainedRecipients": [{"emailAddress": address}]},
            "mail": mail,
        }
    bounce = {"bounceType": "Permanent" if permanent else "Transient", "bouncedRecipients": [{"emailAddress": address}]}
    return {"eventType": "Bounce", "bounce": bounce, "mail": mail}


def bounce(address: str, outbox: list[dict[str, Any]]) -> dict[str, Any] | None:
    """SES's event for a permanent bounce of the last mail sent to ``address`` (its headers name the
    tenant), or None if no mail went there."""
    sent = [m for m in outbox if address.strip().lower() in (to.lower() for to in m["to"])]
    if not sent:
        return None
    return ses_event("Bounce", address, sent[-1]["headers"])
