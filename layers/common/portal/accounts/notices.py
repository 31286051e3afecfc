"""Notices mailed after a change that already happened (password changed, account deleted).

The change stands whether or not the notice leaves: an SES failure here is
logged, not answered as a 503 (retrying would find the change already made).
"""

from __future__ import annotations

from collections.abc import Callable

from portal.accounts import mails
from portal.accounts.model import Account
from portal.platform.errors import ServiceUnavailable
from portal.platform.observability import logger
from portal.tenancy.model import Tenant


def password_changed(tenant: Tenant, account: Account) -> None:
    _best_effort("password changed", lambda: mails.send_password_changed(tenant, account.email, account.first_name))


def account_deleted(tenant: Tenant, account: Account) -> None:
    _best_effort("account deleted", lambda: mails.send_account_deleted(tenant, account.email, account.first_name))


def _best_effort(what: str, send: Callable[[], None]) -> None:
    try:
        send()
    except ServiceUnavailable:
        logger.warning("notice not sent", extra={"notice": what})
