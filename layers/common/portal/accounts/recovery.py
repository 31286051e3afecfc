"""Forgotten password (OWASP Forgot Password cheat sheet).

- The same 202 whatever the email; an active account gets a link, a pending
  one its activation link again, an unknown email nothing.
- Links: 256 random bits, SHA-256 stored, single use, 1 hour; a newer one
  replaces the older (``links``).
- At most 3 such mails per email per hour; beyond, the same 202 and no mail.
- Setting the new password voids every access token issued before (the
  account's token generation moves on), lifts the login lock, and mails a notice.
"""

from __future__ import annotations

from portal.accounts import links, mail_budget, mails, notices, store
from portal.accounts.model import ACTIVE, PENDING, Account
from portal.accounts.registration import send_new_activation_link
from portal.accounts.sessions import LOGIN_THROTTLE
from portal.kernel import clock
from portal.platform.config import settings
from portal.platform.errors import InvalidResetToken
from portal.platform.throttle import email_subject
from portal.tenancy.model import Tenant

RESET_SECONDS = 3600


def request_reset(tenant: Tenant, email: str) -> None:
    """Mail a reset link (or a pending account's activation link); the answer takes the same time whatever
    the address (``clock.no_sooner_than``)."""
    with clock.no_sooner_than(settings().answer_floor_ms / 1000):
        _request_reset(tenant, email)


def _request_reset(tenant: Tenant, email: str) -> None:
    subject = email_subject(email)
    account = store.find_by_email(tenant.slug, email)
    if account is None:
        return
    if account.status == PENDING:  # its activation link again, within the activation mails' budget
        mail_budget.spend(
            mail_budget.ACTIVATION, tenant.slug, subject, lambda: send_new_activation_link(tenant, account)
        )
    elif account.status == ACTIVE:
        mail_budget.spend(mail_budget.RESET, tenant.slug, subject, lambda: _mail_reset_link(tenant, account))


def _mail_reset_link(tenant: Tenant, account: Account) -> bool:
    link = links.new(account.account_id, RESET_SECONDS)
    if not store.set_reset_link(tenant.slug, account.account_id, link.digest, link.expires_at):
        return False  # disabled meanwhile
    mails.send_password_reset(tenant, account.email, account.first_name, link.token, RESET_SECONDS // 60)
    return True


def reset_password(tenant: Tenant, token: str, password: str, confirmation: str) -> None:
    from portal.accounts import (
        passwords,  # argon2 and the password list: only the operations that hash or check a password load them
    )

    passwords.check_new_password(password, confirmation)
    account_id, digest = links.account_of(token), links.digest(token)
    # The link is checked before the (deliberately slow) hash, then used by a conditional write.
    if account_id is None or not store.has_live_reset_link(tenant.slug, account_id, digest):
        raise InvalidResetToken()
    account = store.reset_password(tenant.slug, account_id, digest, passwords.hash_password(password))
    if account is None:  # used meanwhile by a concurrent request
        raise InvalidResetToken()
    LOGIN_THROTTLE.reset(tenant.slug, email_subject(account.email))
    notices.password_changed(tenant, account)
