"""SES bounce and complaint events: an address that bounces for good, or whose owner complains,
gets no more notification mails (account mails such as a password reset still go).

Events come from the configuration set every mail is sent with (SNS, then the
``mail_events`` function). Only permanent bounces and complaints count; the
tenant comes from the mail's own headers (``mail.TENANT_HEADER``), since an
address is an account only within its municipality.
"""

from __future__ import annotations

from typing import Any

from portal.accounts import directory
from portal.accounts.model import normalize_email
from portal.kernel.ids import TenantSlug
from portal.platform.mailer import TENANT_HEADER
from portal.platform.observability import logger


def stopped_addresses(event: dict[str, Any]) -> tuple[TenantSlug | None, list[str]]:
    """The tenant an SES event's mail was sent for, and the addresses that must get no more notifications."""
    mail = _mapping(event.get("mail"))
    headers = [_mapping(h) for h in _items(mail.get("headers"))]
    tenant = next((h.get("value") for h in headers if str(h.get("name", "")).lower() == TENANT_HEADER.lower()), None)
    kind = event.get("eventType") or event.get("notificationType")
    bounce, complaint = _mapping(event.get("bounce")), _mapping(event.get("complaint"))
    recipients: list[Any] = []
    if kind == "Bounce" and bounce.get("bounceType") == "Permanent":
        recipients = _items(bounce.get("bouncedRecipients"))
    elif kind == "Complaint":
        recipients = _items(complaint.get("complainedRecipients"))
    addresses = [str(r["emailAddress"]) for r in map(_mapping, recipients) if r.get("emailAddress")]
    return (TenantSlug(str(tenant)) if tenant else None), addresses  # the header our mails carry


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def record(event: dict[str, Any]) -> int:
    """Mark the accounts an SES event names as undeliverable; how many were marked."""
    tenant, addresses = stopped_addresses(event)
    if tenant is None:
        if addresses:
            logger.warning("SES event without the tenant header: ignored")
        return 0
    marked = 0
    for address in addresses:
        email = normalize_email(address)
        account = directory.find_by_email(tenant, email)
        if account is not None and directory.mark_undeliverable(tenant, account.account_id, email):
            marked += 1
    logger.info("SES event recorded", extra={"tenant": tenant, "marked": marked})
    return marked
