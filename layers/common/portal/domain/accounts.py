"""Citizen accounts: register, activate, resend the link, log in and out, profile.

Mail, argon2 and the password list are imported where they are used: the
functions that never send mail or hash a password do not pay for them.

Rules (shared/API.md, "Citizen: account"):
- registration and resend answer the same whatever the email: only mail differs;
- every registration path hashes the password once, so timing tells nothing;
- activation tokens: 256 random bits, SHA-256 stored, single use, 24 h, superseded;
- login failures are throttled per email (known or not), 5 per 15 minutes.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..errors import (
    AccountNotActivated,
    InvalidActivationToken,
    InvalidCredentials,
    Unauthorized,
    ValidationFailed,
    field_error,
)
from ..store import accounts as store
from ..store.accounts import ACTIVE, PENDING
from ..store.models import AccountRecord
from . import tokens
from .tenants import Tenant
from .throttle import Throttle

if TYPE_CHECKING:
    from ..schemas.accounts import CreateAccount

ACTIVATION_SECONDS = 24 * 3600
LOGIN_THROTTLE = Throttle("login")
_ACCOUNT_ID = re.compile(r"^[0-9a-f]{32}$")


def account_id_for(tenant: str, email: str) -> str:
    """The account's id: a digest of (tenant, normalised email), so an email maps to one key."""
    return hashlib.sha256(f"{tenant}\n{email}".encode()).hexdigest()[:32]


def _new_activation_token(account_id: str) -> tuple[str, str, int]:
    """(token for the link, its SHA-256 to store, expiry epoch). The id prefix locates the account."""
    token = f"{account_id}.{secrets.token_urlsafe(32)}"
    return token, _digest(token), int(time.time()) + ACTIVATION_SECONDS


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_registration(tenant: Tenant, body: CreateAccount) -> None:
    from . import captcha, passwords

    errors = []
    violation = passwords.policy_violation(body.password)
    if violation:
        errors.append({"field": "password", "code": violation[0], "message": violation[1]})
    if body.password_confirmation != body.password:
        errors.append(
            {"field": "password_confirmation", "code": "password_mismatch", "message": "The passwords differ"}
        )
    if body.terms_accepted is not True:
        errors.append(
            {"field": "terms_accepted", "code": "terms_not_accepted", "message": "The terms of use must be accepted"}
        )
    if tenant.captcha_provider and not captcha.verify(tenant, body.captcha_token):
        errors.append({"field": "captcha_token", "code": "captcha_failed", "message": "The captcha check failed"})
    if errors:
        code = errors[0]["code"] if len(errors) == 1 else None
        raise ValidationFailed(errors=errors, code=code)


def _family_of_registration_code(tenant: Tenant, account_id: str, code: str) -> str:
    """The family a subscriber code given at registration belongs to; guesses are throttled."""
    from .subscriptions import ACCOUNT_THROTTLE, TENANT_THROTTLE, family_for_code, record_failure
    from .throttle import check_all

    check_all(tenant.slug, [(ACCOUNT_THROTTLE, account_id), (TENANT_THROTTLE, "all")])
    family_id = family_for_code(tenant.slug, code)
    if family_id is None:
        record_failure(tenant.slug, account_id)
        raise field_error("subscriber_code", "subscriber_code_not_found", "No family has this subscriber code")
    return family_id


def register(tenant: Tenant, body: CreateAccount) -> None:
    from .. import mail
    from . import passwords

    _check_registration(tenant, body)
    now = datetime.now(UTC)
    account_id = account_id_for(tenant.slug, body.email)
    # A family given by its code is followed once the account is activated: until
    # then the account cannot log in, so it cannot read anything.
    subscriptions = {}
    if body.subscriber_code:
        subscriptions[_family_of_registration_code(tenant, account_id, body.subscriber_code)] = rfc3339(now)
    password_hash = passwords.hash_password(body.password)
    token, token_hash, expires_at = _new_activation_token(account_id)
    details = {
        "civility": body.civility,
        "last_name": body.last_name,
        "first_name": body.first_name,
        "password_hash": password_hash,
        "terms_version": tenant.terms_version,
        "terms_accepted_at": now,
        "activation_token_hash": token_hash,
        "activation_expires_at": expires_at,
        "subscriptions": subscriptions,
    }
    record = AccountRecord(
        AccountRecord.key(tenant.slug, account_id),
        "PROFILE",
        account_id=account_id,
        tenant=tenant.slug,
        email=body.email,
        status=PENDING,
        created_at=now,
        revoked_tokens={},
        **details,
    )
    if store.insert_account(record):
        mail.send_activation(tenant, body.email, body.first_name, token)
        return
    existing = store.get_account(tenant.slug, account_id)
    if existing is None:
        return
    # Still pending: the latest registration wins and only its fresh link works.
    if existing.status == PENDING and store.renew_pending(tenant.slug, account_id, details):
        mail.send_activation(tenant, body.email, body.first_name, token)
    else:
        mail.send_account_exists(tenant, body.email, existing.first_name)


def activate(tenant: Tenant, token: str) -> None:
    account_id, _, secret = token.partition(".")
    if not (_ACCOUNT_ID.fullmatch(account_id) and secret):
        raise InvalidActivationToken()
    if not store.activate(tenant.slug, account_id, _digest(token), datetime.now(UTC)):
        raise InvalidActivationToken()


def resend_activation(tenant: Tenant, email: str) -> None:
    from .. import mail

    account_id = account_id_for(tenant.slug, email)
    account = store.get_account(tenant.slug, account_id)
    if account is None or account.status != PENDING:
        return
    token, token_hash, expires_at = _new_activation_token(account_id)
    changes = {"activation_token_hash": token_hash, "activation_expires_at": expires_at}
    if store.renew_pending(tenant.slug, account_id, changes):
        mail.send_activation(tenant, account.email, account.first_name, token)


def login(tenant: Tenant, email: str, password: str) -> str:
    from . import passwords

    account_id = account_id_for(tenant.slug, email)
    had_failures = LOGIN_THROTTLE.check(tenant.slug, account_id)
    account = store.get_account(tenant.slug, account_id)
    if not passwords.verify_password(account.password_hash if account else None, password):
        LOGIN_THROTTLE.failed(tenant.slug, account_id)
        raise InvalidCredentials()
    assert account is not None  # verify_password is False without a stored hash
    if had_failures:
        LOGIN_THROTTLE.reset(tenant.slug, account_id)
    if account.status == PENDING:
        raise AccountNotActivated()
    if account.status != ACTIVE:  # disabled by the municipality: say no more than for a wrong password
        raise InvalidCredentials()
    if passwords.needs_rehash(account.password_hash):
        store.set_password_hash(tenant.slug, account_id, passwords.hash_password(password))
    return tokens.issue(tenant.slug, account_id)


@dataclass(frozen=True)
class Principal:
    """The caller of an authenticated route: verified token claims and the account read once."""

    claims: tokens.Claims
    account: AccountRecord

    @property
    def subscriptions(self) -> dict[str, str]:
        """The families this account follows: family_id → subscribed_at."""
        subscriptions = self.account.subscriptions
        return subscriptions.as_dict() if subscriptions else {}


def authenticate(tenant: Tenant, bearer: str) -> Principal:
    claims = tokens.verify(bearer, tenant.slug)
    account = store.get_account(tenant.slug, claims.account_id)
    if account is None or account.status != ACTIVE or claims.jti in _revoked(account):
        raise Unauthorized()
    return Principal(claims, account)


def logout(principal: Principal) -> None:
    now = time.time()
    expired = [jti for jti, exp in _revoked(principal.account).items() if exp < now]
    c = principal.claims
    store.revoke_token(c.tenant, c.account_id, c.jti, c.expires_at, expired)


def _revoked(account: AccountRecord) -> dict[str, int]:
    return account.revoked_tokens.as_dict() if account.revoked_tokens else {}


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
