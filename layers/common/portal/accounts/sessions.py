"""Logging in and out, and who is calling an authenticated route.

Login attempts are throttled per email (known or not), 5 per 15 minutes,
counted atomically before the password is checked (``throttle``); every path
verifies a password hash, so neither answers nor timing tell whether an email
has an account.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from portal.accounts import store, tokens
from portal.accounts.model import ACTIVE, PENDING, Account
from portal.kernel.ids import TenantSlug
from portal.platform.errors import AccountNotActivated, InvalidCredentials, Unauthorized, WrongPassword
from portal.platform.throttle import Throttle, email_subject
from portal.tenancy.model import Tenant

LOGIN_THROTTLE = Throttle("login")


@dataclass(frozen=True)
class Principal:
    """The caller of an authenticated route: verified token claims and the account read once."""

    claims: tokens.Claims
    account: Account

    @property
    def tenant(self) -> TenantSlug:
        return self.claims.tenant

    @property
    def account_id(self) -> str:
        return self.claims.account_id


def login(tenant: Tenant, email: str, password: str) -> str:
    from portal.accounts import (
        passwords,  # argon2 and the password list: only the operations that hash or check a password load them
    )

    subject = email_subject(email)
    account, attempts = store.find_by_email_with_counter(tenant.slug, email, (LOGIN_THROTTLE.scope, subject))
    LOGIN_THROTTLE.judge(attempts)  # locked already: refused before any write or hash
    # The attempt is counted before the password is checked: of any number of parallel attempts,
    # five at most are ever checked in a window. A right password then clears the count.
    LOGIN_THROTTLE.take(tenant.slug, subject)
    # The hash is verified on every path (a dummy one for an unknown email): timing tells nothing.
    if not passwords.verify_password(account.password_hash if account else None, password) or account is None:
        raise InvalidCredentials()
    LOGIN_THROTTLE.reset(tenant.slug, subject)
    if account.status == PENDING:
        raise AccountNotActivated()
    if account.status != ACTIVE:  # disabled by the municipality: say no more than for a wrong password
        raise InvalidCredentials()
    if passwords.needs_rehash(account.password_hash):
        store.set_password_hash(tenant.slug, account.account_id, passwords.hash_password(password))
    return tokens.issue(tenant.slug, account.account_id, account.token_generation)


def confirm_password(tenant: Tenant, account: Account, password: str) -> None:
    """The current password, asked again before a sensitive change; a wrong one counts as a failed login."""
    from portal.accounts import (
        passwords,  # argon2 and the password list: only the operations that hash or check a password load them
    )

    subject = email_subject(account.email)
    LOGIN_THROTTLE.take(tenant.slug, subject)  # counted before the check, as at login
    if not passwords.verify_password(account.password_hash, password):
        raise WrongPassword()
    LOGIN_THROTTLE.give_back(tenant.slug, subject)  # a right password is not a failure


def authenticate(tenant: Tenant, bearer: str) -> Principal:
    claims = tokens.verify(bearer, tenant.slug)
    account = store.get(tenant.slug, claims.account_id)
    if (
        account is None
        or account.status != ACTIVE
        or claims.generation != account.token_generation  # issued before a password change
        or claims.jti in account.revoked_tokens
    ):
        raise Unauthorized()
    return Principal(claims, account)


def logout(principal: Principal) -> None:
    now = time.time()
    expired = [jti for jti, exp in principal.account.revoked_tokens.items() if exp < now]
    c = principal.claims
    store.revoke_token(c.tenant, c.account_id, c.jti, c.expires_at, expired)
