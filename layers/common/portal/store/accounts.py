"""Citizen account records. Every state change is one conditional write."""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DoesNotExist, PutError, UpdateError
from pynamodb.expressions.update import Action

from .errors import is_conditional_failure, translate_aws_errors
from .models import AccountRecord

PENDING = "pending"
ACTIVE = "active"


def get_account(tenant: str, account_id: str) -> AccountRecord | None:
    with translate_aws_errors():
        try:
            return AccountRecord.get(AccountRecord.key(tenant, account_id), "PROFILE", consistent_read=True)
        except DoesNotExist:
            return None


def insert_account(record: AccountRecord) -> bool:
    """Create the account; False if one already exists for this email."""
    with translate_aws_errors():
        try:
            record.save(condition=AccountRecord.pk.does_not_exist())
        except PutError as exc:
            if is_conditional_failure(exc):
                return False
            raise
    return True


def _conditional_update(tenant: str, account_id: str, actions: list[Action], condition: object) -> bool:
    record = AccountRecord(AccountRecord.key(tenant, account_id), "PROFILE")
    with translate_aws_errors():
        try:
            record.update(actions=actions, condition=condition)  # type: ignore[arg-type]
        except UpdateError as exc:
            if is_conditional_failure(exc):
                return False
            raise
    return True


def renew_pending(tenant: str, account_id: str, changes: dict[str, object]) -> bool:
    """Overwrite a still-pending account's details and activation token.

    False if the account is not pending any more (activated meanwhile).
    """
    actions = [getattr(AccountRecord, name).set(value) for name, value in changes.items()]
    return _conditional_update(tenant, account_id, actions, AccountRecord.status == PENDING)


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
    return _conditional_update(tenant, account_id, actions, condition)


def revoke_token(tenant: str, account_id: str, jti: str, expires_at: int, expired: list[str]) -> None:
    """Add a token to the account's denylist and drop entries that expired."""
    actions: list[Action] = [AccountRecord.revoked_tokens[jti].set(expires_at)]  # type: ignore[index]
    actions += [AccountRecord.revoked_tokens[old].remove() for old in expired if old != jti]  # type: ignore[index]
    _conditional_update(tenant, account_id, actions, AccountRecord.pk.exists())


def set_password_hash(tenant: str, account_id: str, password_hash: str) -> None:
    _conditional_update(tenant, account_id, [AccountRecord.password_hash.set(password_hash)], AccountRecord.pk.exists())


def subscribe(tenant: str, account_id: str, family_id: str, subscribed_at: str) -> bool:
    """Add a family to the account; False if it was already there (a concurrent call won)."""
    return _conditional_update(
        tenant,
        account_id,
        [AccountRecord.subscriptions[family_id].set(subscribed_at)],  # type: ignore[index]
        AccountRecord.status.exists() & AccountRecord.subscriptions[family_id].does_not_exist(),  # type: ignore[index]
    )


def unsubscribe(tenant: str, account_id: str, family_id: str) -> bool:
    """Remove a family from the account; False if it was not subscribed."""
    return _conditional_update(
        tenant,
        account_id,
        [AccountRecord.subscriptions[family_id].remove()],  # type: ignore[index]
        AccountRecord.subscriptions[family_id].exists(),  # type: ignore[index]
    )
