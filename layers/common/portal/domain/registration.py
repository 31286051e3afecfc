"""Creating an account: register, activate from the mailed link, ask for the link again.

Mail, argon2 and the password list are imported where they are used: the
functions that never send mail or hash a password do not pay for them.

Rules (shared/API.md, "Citizen: account"):
- registration and resend answer the same whatever the email: only mail differs;
- every registration path hashes the password once, so timing tells nothing;
- activation links: 256 random bits, SHA-256 stored, single use, 24 h, superseded (``links``).
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from ..errors import FieldProblem, InvalidActivationToken, SubscriberCodeNotFound
from ..store import accounts as store
from . import clock, family_codes, links, usage
from .model import PENDING, Account, Registration, Tenant
from .throttle import email_subject

if TYPE_CHECKING:
    from ..schemas.accounts import CreateAccount

ACTIVATION_SECONDS = 24 * 3600


def new_account_id() -> str:
    """A random account id (128 bits): the email can change, the id never does."""
    return secrets.token_hex(16)


def _check_registration(tenant: Tenant, body: CreateAccount) -> None:
    from . import captcha, passwords

    problems: list[FieldProblem] = []
    if body.terms_accepted is not True:
        problems.append(
            {"field": "terms_accepted", "code": "terms_not_accepted", "message": "The terms of use must be accepted"}
        )
    if tenant.captcha_provider and not captcha.verify(tenant, body.captcha_token):
        problems.append({"field": "captcha_token", "code": "captcha_failed", "message": "The captcha check failed"})
    passwords.check_new_password(body.password, body.password_confirmation, problems)


def _family_of_registration_code(tenant: Tenant, email: str, code: str) -> str:
    """The family a subscriber code given at registration belongs to; guesses are throttled per email."""
    subject = email_subject(email)
    family_codes.guard(tenant.slug, subject, created_at=None)
    family_id = family_codes.family_for_code(tenant.slug, code)
    if family_id is None:
        family_codes.record_failure(tenant.slug, subject)
        raise SubscriberCodeNotFound()
    return family_id


def register(tenant: Tenant, body: CreateAccount) -> None:
    from .. import mail
    from . import passwords

    _check_registration(tenant, body)
    now = clock.now()
    # A family given by its code is followed once the account is activated: until
    # then the account cannot log in, so it cannot read anything.
    subscriptions = {}
    if body.subscriber_code:
        family_id = _family_of_registration_code(tenant, body.email, body.subscriber_code)
        subscriptions[family_id] = clock.rfc3339(now)
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
        account_id=new_account_id(),
        tenant=tenant.slug,
        email=body.email,
        status=PENDING,
        created_at=now,
        **vars(details),
    )
    link = links.new(account.account_id, ACTIVATION_SECONDS)
    if store.create(account, link.digest, link.expires_at):
        mail.send_activation(tenant, body.email, body.first_name, link.token)
        return
    existing = store.find_by_email(tenant.slug, body.email)
    if existing is None:
        return
    # Still pending: the latest registration wins and only its fresh link works.
    link = links.new(existing.account_id, ACTIVATION_SECONDS)
    if existing.status == PENDING and store.renew_pending(
        tenant.slug, existing.account_id, link.digest, link.expires_at, details
    ):
        mail.send_activation(tenant, body.email, body.first_name, link.token)
    else:
        mail.send_account_exists(tenant, body.email, existing.first_name)


def activate(tenant: Tenant, token: str) -> None:
    account_id = links.account_of(token)
    if account_id is None or not store.activate(tenant.slug, account_id, links.digest(token), clock.now()):
        raise InvalidActivationToken()
    usage.count_activated(tenant.slug, 1)


def resend_activation(tenant: Tenant, email: str) -> None:
    account = store.find_by_email(tenant.slug, email)
    if account is not None and account.status == PENDING:
        send_new_activation_link(tenant, account)


def send_new_activation_link(tenant: Tenant, account: Account) -> bool:
    """A still-pending account gets a fresh link (the previous one stops working); False if it was activated."""
    from .. import mail

    link = links.new(account.account_id, ACTIVATION_SECONDS)
    if not store.renew_pending(tenant.slug, account.account_id, link.digest, link.expires_at):
        return False
    mail.send_activation(tenant, account.email, account.first_name, link.token)
    return True
