"""Creating an account: register, activate from the mailed link, ask for the link again.

Mail, argon2 and the password list are imported where they are used: the
functions that never send mail or hash a password do not pay for them.

Rules (docs/accounts.md):
- registration and resend answer the same whatever the email: only mail differs;
- every registration path hashes the password once, and what depends on whether the address has an
  account takes the same time on every path (``clock.no_sooner_than``), so timing tells nothing;
- at most 3 activation and 3 "account exists" mails per address an hour (``mail_budget``);
- a pending address registered again with another password keeps neither (``CONTESTED``): its
  link activates it without a password and hands back a reset token to choose one;
- activation links: 256 random bits, SHA-256 stored, single use, 24 h, superseded (``links``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from portal.accounts import links, mail_budget, mails, store
from portal.accounts.model import CONTESTED, PENDING, Account, Registration
from portal.kernel import clock, ids
from portal.platform import metering
from portal.platform.config import settings
from portal.platform.errors import FieldProblem, InvalidActivationToken
from portal.platform.throttle import email_subject
from portal.tenancy.model import Tenant

if TYPE_CHECKING:
    from portal.accounts.bodies import CreateAccount

ACTIVATION_SECONDS = 24 * 3600
RESET_SECONDS = 3600  # a reset link, as mailed by "mot de passe oublié" (recovery)


def _check_registration(tenant: Tenant, body: CreateAccount) -> None:
    from portal.accounts import captcha, passwords  # the captcha client and argon2: registration only

    problems: list[FieldProblem] = []
    if body.terms_accepted is not True:
        problems.append(
            {"field": "terms_accepted", "code": "terms_not_accepted", "message": "The terms of use must be accepted"}
        )
    if tenant.captcha_provider and not captcha.verify(tenant, body.captcha_token):
        problems.append({"field": "captcha_token", "code": "captcha_failed", "message": "The captcha check failed"})
    passwords.check_new_password(body.password, body.password_confirmation, problems)


def register(tenant: Tenant, body: CreateAccount, family_of: Callable[[str], str] | None = None) -> None:
    """``family_of``: the family a subscriber code given with the account designates (billing's, which
    throttles the guesses and answers 422 ``subscriber_code_not_found``); no code may be given without it."""
    from portal.accounts import (
        passwords,  # argon2 and the password list: only the operations that hash or check a password load them
    )

    _check_registration(tenant, body)
    now = clock.now()
    # A family given by its code is followed once the account is activated: until
    # then the account cannot log in, so it cannot read anything.
    subscriptions = {}
    if body.subscriber_code:
        assert family_of is not None, "registration with a subscriber code needs billing's look-up"
        subscriptions[family_of(body.subscriber_code)] = clock.rfc3339(now)
    details = Registration(
        civility=body.civility,
        last_name=body.last_name,
        first_name=body.first_name,
        password_hash=passwords.hash_password(body.password),
        terms_version=tenant.terms_version,
        terms_accepted_at=now,
        subscriptions=subscriptions,
    )
    account = Account(
        account_id=ids.random_id(),  # the email can change, the id never does
        tenant=tenant.slug,
        email=body.email,
        status=PENDING,
        created_at=now,
        **vars(details),
    )
    with clock.no_sooner_than(settings().answer_floor_ms / 1000):
        _register(tenant, body, account, details)


def _register(tenant: Tenant, body: CreateAccount, account: Account, details: Registration) -> None:
    """What registration does with the address: the part whose time must not tell whether it has an account."""
    from portal.accounts import (
        passwords,  # argon2 and the password list: only the operations that hash or check a password load them
    )

    subject = email_subject(body.email)
    created = False

    def create() -> bool:
        nonlocal created
        link = links.new(account.account_id, ACTIVATION_SECONDS)
        created = store.create(account, link.digest, link.expires_at)
        return created and _mail_activation(tenant, account, link.token)

    if mail_budget.spend(mail_budget.ACTIVATION, tenant.slug, subject, create) or created:
        return
    existing = store.find_by_email(tenant.slug, body.email)
    if existing is None:
        return  # no budget left for a new address (or it was deleted meanwhile): the same answer, no mail
    if existing.status == PENDING:
        if not passwords.verify_password(existing.password_hash, body.password):
            # Registered again with another password: neither is kept, so that whoever registers
            # last cannot choose the password the mailbox's owner then activates (the contract).
            details = replace(details, password_hash=CONTESTED)
        mail_budget.spend(
            mail_budget.ACTIVATION, tenant.slug, subject, lambda: send_new_activation_link(tenant, existing, details)
        )
    else:
        mail_budget.spend(
            mail_budget.ACCOUNT_EXISTS, tenant.slug, subject, lambda: _mail_account_exists(tenant, existing)
        )


def _mail_activation(tenant: Tenant, account: Account, token: str) -> bool:
    mails.send_activation(tenant, account.email, account.first_name, token)
    return True


def _mail_account_exists(tenant: Tenant, account: Account) -> bool:
    """Greets the stored account's owner: never the names a new registration typed."""
    mails.send_account_exists(tenant, account.email, account.first_name)
    return True


def activate(tenant: Tenant, token: str) -> str | None:
    """Use an activation link, once. An account whose registration was contested (two passwords) has
    none: it is activated without one and the answer is a reset token to choose it (else None)."""
    account_id = links.account_of(token)
    account = store.activate(tenant.slug, account_id, links.digest(token), clock.now()) if account_id else None
    if account is None:
        raise InvalidActivationToken()
    metering.count_activated(tenant.slug, 1)
    if account.password_hash != CONTESTED:
        return None
    link = links.new(account.account_id, RESET_SECONDS)
    store.set_reset_link(tenant.slug, account.account_id, link.digest, link.expires_at)
    return link.token


def resend_activation(tenant: Tenant, email: str) -> None:
    with clock.no_sooner_than(settings().answer_floor_ms / 1000):
        account = store.find_by_email(tenant.slug, email)
        if account is not None and account.status == PENDING:
            mail_budget.spend(
                mail_budget.ACTIVATION,
                tenant.slug,
                email_subject(email),
                lambda: send_new_activation_link(tenant, account),
            )


def send_new_activation_link(tenant: Tenant, account: Account, details: Registration | None = None) -> bool:
    """A still-pending account gets a fresh link (the previous one stops working), and a new registration's
    details if given; False if it was activated meanwhile."""
    link = links.new(account.account_id, ACTIVATION_SECONDS)
    if not store.renew_pending(tenant.slug, account.account_id, link.digest, link.expires_at, details):
        return False
    first_name = details.first_name if details else account.first_name
    return _mail_activation(tenant, replace(account, first_name=first_name), link.token)
