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

from ..errors import InvalidResetToken
from ..store import accounts as store
from . import links, notices
from .model import ACTIVE, PENDING, Tenant
from .registration import send_new_activation_link
from .sessions import LOGIN_THROTTLE
from .throttle import Throttle, email_subject

RESET_SECONDS = 3600
RESET_MAILS = Throttle("reset-mail", limit=3, window_seconds=3600)


def request_reset(tenant: Tenant, email: str) -> None:
    from .. import mail

    subject = email_subject(email)
    account, mails_sent = store.find_by_email_with_counter(tenant.slug, email, (RESET_MAILS.scope, subject))
    if account is None or not RESET_MAILS.allows(mails_sent):
        return
    if account.status == PENDING:
        send_new_activation_link(tenant, account)
    elif account.status == ACTIVE:
        link = links.new(account.account_id, RESET_SECONDS)
        if store.set_reset_link(tenant.slug, account.account_id, link.digest, link.expires_at):
            mail.send_password_reset(tenant, account.email, account.first_name, link.token, RESET_SECONDS // 60)
    else:
        return
    RESET_MAILS.failed(tenant.slug, subject)  # counts the mail sent


def reset_password(tenant: Tenant, token: str, password: str, confirmation: str) -> None:
    from . import passwords

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
