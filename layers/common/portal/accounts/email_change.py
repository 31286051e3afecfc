"""Changing the login email: confirmed from the new address, noticed at the old one.

No enumeration: an address that already has an account gets the same 202,
and the mail sent there says so. The swap is one transaction over the two
email items and the account, so two accounts can never share an email, even
when two changes to one address race: one wins, the other's link is refused.
"""

from __future__ import annotations

from portal.accounts import links, mail_budget, mails, store
from portal.accounts.sessions import Principal, confirm_password
from portal.platform.errors import EmailUnchanged, InvalidEmailToken
from portal.tenancy.model import Tenant

EMAIL_CHANGE_SECONDS = 24 * 3600


def request_change(tenant: Tenant, principal: Principal, new_email: str, current_password: str) -> None:
    account = principal.account
    confirm_password(tenant, account, current_password)
    if new_email == account.email:
        raise EmailUnchanged()

    def send() -> bool:
        if store.find_by_email(tenant.slug, new_email) is not None:
            mails.send_email_taken(tenant, new_email)
        else:
            link = links.new(account.account_id, EMAIL_CHANGE_SECONDS)
            store.set_email_change(tenant.slug, account.account_id, new_email, link.digest, link.expires_at)
            mails.send_email_change(tenant, new_email, account.first_name, link.token)
        mails.send_email_change_notice(tenant, account.email, account.first_name, new_email)
        return True

    # Beyond three requests an hour: the same 202, and no mail.
    mail_budget.spend(mail_budget.EMAIL_CHANGE, tenant.slug, account.account_id, send)


def confirm_change(tenant: Tenant, token: str) -> None:
    account_id = links.account_of(token)
    account = store.get(tenant.slug, account_id) if account_id else None
    if account is None or account.pending_email is None:
        raise InvalidEmailToken()
    if not store.confirm_email_change(tenant.slug, account, links.digest(token)):
        raise InvalidEmailToken()
