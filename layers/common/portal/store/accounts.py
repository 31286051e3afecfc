"""Citizen accounts and the email items that make an address unique in a tenant.

Every state change is one conditional write (or one transaction), so that
concurrent requests can never leave two accounts on one email, activate a
link twice or lose a subscription.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from ..aws import translate_aws_errors
from ..domain.model import ACTIVE, PENDING, Account, Counter, Registration
from . import counters, keys
from .counters import Subject
from .table import AccountRecord, EmailRecord, attributes_of, connection, get_items, value_of, write_if


def get(tenant: str, account_id: str) -> Account | None:
    with translate_aws_errors():
        try:
            record = AccountRecord.get(keys.account(tenant, account_id), keys.PROFILE, consistent_read=True)
        except DoesNotExist:
            return None
    return _account(record)


def find_by_email(tenant: str, email: str) -> Account | None:
    """The account owning a (normalised) email: its email item, then the account."""
    with translate_aws_errors():
        try:
            owner = EmailRecord.get(keys.email(tenant, email), keys.EMAIL, consistent_read=True)
        except DoesNotExist:
            return None
    return get(tenant, owner.account_id)


def find_by_email_with_counter(tenant: str, email: str, counter: Subject) -> tuple[Account | None, Counter | None]:
    """Login's reads: the email item and an attempt counter in one BatchGetItem, then the account."""
    email_key = (keys.email(tenant, email), keys.EMAIL)
    found = get_items([email_key, counters.item_key(tenant, counter)])
    attempts = counters.read(found, tenant, counter)
    if email_key not in found:
        return None, attempts
    return get(tenant, EmailRecord.from_raw_data(found[email_key]).account_id), attempts


def create(account: Account, token_hash: str, token_expires_at: int) -> bool:
    """Store a pending account and claim its email in one transaction; False if the email is taken."""
    record = AccountRecord(
        keys.account(account.tenant, account.account_id),
        keys.PROFILE,
        activation_token_hash=token_hash,
        activation_expires_at=token_expires_at,
        **attributes_of(account),
    )
    owner = EmailRecord(keys.email(account.tenant, account.email), keys.EMAIL, account_id=account.account_id)

    def claim() -> None:
        with TransactWrite(connection=connection()) as transaction:
            transaction.save(owner, condition=EmailRecord.pk.does_not_exist())
            transaction.save(record, condition=AccountRecord.pk.does_not_exist())

    return write_if(claim)


def renew_pending(
    tenant: str, account_id: str, token_hash: str, token_expires_at: int, details: Registration | None = None
) -> bool:
    """Give a still-pending account a new activation token (and a new registration's details).

    False if the account is not pending any more (activated meanwhile).
    """
    actions: list[Action] = [
        AccountRecord.activation_token_hash.set(token_hash),
        AccountRecord.activation_expires_at.set(token_expires_at),
    ]
    if details is not None:
        actions += [
            AccountRecord.civility.set(details.civility),
            AccountRecord.last_name.set(details.last_name),
            AccountRecord.first_name.set(details.first_name),
            AccountRecord.password_hash.set(details.password_hash),
            AccountRecord.terms_version.set(details.terms_version),
            AccountRecord.terms_accepted_at.set(details.terms_accepted_at),
            AccountRecord.subscriptions.set(dict(details.subscriptions)),
        ]
    return _update(tenant, account_id, actions, AccountRecord.status == PENDING)


def activate(tenant: str, account_id: str, token_hash: str, now: datetime) -> bool:
    """Use an activation token: one write, true only for the current, unexpired token.

    The condition makes activation single-use under any concurrency: of many
    parallel calls with one token, exactly one succeeds.
    """
    actions = [
        AccountRecord.status.set(ACTIVE),
        AccountRecord.activated_at.set(now),
        AccountRecord.activation_token_hash.remove(),
        AccountRecord.activation_expires_at.remove(),
    ]
    condition = (
        (AccountRecord.status == PENDING)
        & (AccountRecord.activation_token_hash == token_hash)
        & (AccountRecord.activation_expires_at > int(now.timestamp()))
    )
    return _update(tenant, account_id, actions, condition)


def revoke_token(tenant: str, account_id: str, jti: str, expires_at: int, expired: Iterable[str]) -> None:
    """Add a token to the account's denylist and drop entries that expired."""
    actions = [_entry(AccountRecord.revoked_tokens, jti).set(expires_at)]
    actions += [_entry(AccountRecord.revoked_tokens, old).remove() for old in expired if old != jti]
    _update(tenant, account_id, actions, AccountRecord.pk.exists())


def set_password_hash(tenant: str, account_id: str, password_hash: str) -> None:
    _update(tenant, account_id, [AccountRecord.password_hash.set(password_hash)], AccountRecord.pk.exists())


def subscribe(tenant: str, account_id: str, family_id: str, subscribed_at: str) -> bool:
    """Add a family to the account; False if it was already there (a concurrent call won)."""
    entry = _entry(AccountRecord.subscriptions, family_id)
    return _update(
        tenant, account_id, [entry.set(subscribed_at)], AccountRecord.status.exists() & entry.does_not_exist()
    )


def unsubscribe(tenant: str, account_id: str, family_id: str) -> bool:
    """Remove a family from the account; False if it was not subscribed."""
    entry = _entry(AccountRecord.subscriptions, family_id)
    return _update(tenant, account_id, [entry.remove()], entry.exists())


def _entry(attribute: object, name: str) -> Any:
    """A key of a map attribute, as an update or condition path."""
    return attribute[name]  # type: ignore[index]  # pynamodb's MapAttribute paths are untyped


def _update(tenant: str, account_id: str, actions: Sequence[Action], condition: Condition) -> bool:
    record = AccountRecord(keys.account(tenant, account_id), keys.PROFILE)
    return write_if(lambda: record.update(actions=list(actions), condition=condition))


def _account(record: AccountRecord) -> Account:
    return value_of(
        Account,
        record,
        subscriptions=record.subscriptions.as_dict() if record.subscriptions else {},
        revoked_tokens={
            k: int(v) for k, v in (record.revoked_tokens.as_dict() if record.revoked_tokens else {}).items()
        },
    )
