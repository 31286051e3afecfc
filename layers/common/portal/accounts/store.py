"""Citizen accounts, the email items that make an address unique in a tenant, and followers.

Every state change is one conditional write (or one transaction), so that
concurrent requests can never leave two accounts on one email, activate a
link twice or lose a subscription.

| access pattern                         | key condition                                                    |
|----------------------------------------|------------------------------------------------------------------|
| account by id (token subject, links)   | GetItem pk=TENANT#{t}#ACCOUNT#{id}, sk=PROFILE                   |
| account by email (login, register)     | GetItem pk=TENANT#{t}#EMAIL#{sha256(e)}, sk=EMAIL → id; then by id |
| accounts following a family            | Query pk=TENANT#{t}#FOLLOWERS#{f}, sk begins_with FOLLOWER#      |

Accounts have a random id; "one account per email per tenant" is the
uniqueness of the email item's primary key, written in the same transaction
as the account (``attribute_not_exists`` on both), so changing an email is a
transaction over two email items and no lookup is eventually consistent.
A follower item is written and removed in the same transaction as the
account's subscription: a hint for the mails, the account's own
``subscriptions`` staying the truth.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from pynamodb.attributes import BooleanAttribute, MapAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DoesNotExist
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from portal.accounts.model import ACTIVE, PENDING, Account, Notifications, Registration
from portal.kernel.ids import TenantSlug
from portal.platform import counters
from portal.platform.aws import translate_aws_errors
from portal.platform.counters import Counter, Subject
from portal.platform.errors import Unauthorized
from portal.platform.table import Item, attributes_of, connection, get_items, query_items, value_of, write_if

PROFILE, EMAIL, FOLLOWER_PREFIX = "PROFILE", "EMAIL", "FOLLOWER#"


def account_key(tenant: TenantSlug, account_id: str) -> str:
    return f"TENANT#{tenant}#ACCOUNT#{account_id}"


def email_key(tenant: TenantSlug, address: str) -> str:
    """The uniqueness item of a (normalised) email: one account per email per tenant."""
    return f"TENANT#{tenant}#EMAIL#{hashlib.sha256(address.encode()).hexdigest()}"


def followers_key(tenant: TenantSlug, family_id: str) -> str:
    """The accounts following a family (new-invoice mails, reminders): one partition per family."""
    return f"TENANT#{tenant}#FOLLOWERS#{family_id}"


class AccountRecord(Item):
    """A citizen account.

    ``status``: ``pending`` until the activation link is used, then ``active``.
    ``activation_token_hash``: SHA-256 of the pending link's secret, removed on use.
    ``subscriptions``: the families whose invoices the account may read.
    ``revoked_tokens``: the denylist of logged-out JWTs, ``jti`` → expiry (epoch
    seconds); read with the account on every authenticated call, so logout costs
    no extra read later, and pruned of expired entries on each logout.
    ``token_generation``: a token carries the generation it was issued in; a
    password change adds 1, voiding every earlier token at no extra read.
    Links (activation, reset, email change): SHA-256 of the live one and its
    expiry, one pair per kind, removed on use.
    """

    sk = UnicodeAttribute(range_key=True, default=PROFILE)
    account_id = UnicodeAttribute()
    tenant = UnicodeAttribute()
    email = UnicodeAttribute()
    civility = UnicodeAttribute()
    last_name = UnicodeAttribute()
    first_name = UnicodeAttribute()
    password_hash = UnicodeAttribute()
    status = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    activated_at = UTCDateTimeAttribute(null=True)
    terms_version = UnicodeAttribute()
    terms_accepted_at = UTCDateTimeAttribute()
    activation_token_hash = UnicodeAttribute(null=True)
    activation_expires_at = NumberAttribute(null=True)
    reset_token_hash = UnicodeAttribute(null=True)
    reset_expires_at = NumberAttribute(null=True)
    pending_email = UnicodeAttribute(null=True)
    email_token_hash = UnicodeAttribute(null=True)
    email_expires_at = NumberAttribute(null=True)
    token_generation = NumberAttribute(default=0)
    notify_new_invoices = BooleanAttribute(default=True)
    notify_reminders = BooleanAttribute(default=True)
    notify_bookings = BooleanAttribute(default=True)
    notify_requests = BooleanAttribute(default=True)
    email_undeliverable = BooleanAttribute(default=False)
    revoked_tokens: MapAttribute[str, int] = MapAttribute(default=dict)
    # Families this account may read: family_id → subscribed_at (RFC 3339). Read
    # with the account on every call, so a subscription is effective at once.
    subscriptions: MapAttribute[str, str] = MapAttribute(default=dict)


class EmailRecord(Item):
    """The owner of an email address in a tenant; its key makes the address unique."""

    sk = UnicodeAttribute(range_key=True, default=EMAIL)
    account_id = UnicodeAttribute()


class FollowerRecord(Item):
    """An account following the family (sk FOLLOWER#{account}): who to tell about new invoices.

    A hint written with each subscription and removed with it; the account's own
    ``subscriptions`` stay the truth, checked before any mail."""

    sort_prefix = FOLLOWER_PREFIX

    account_id = UnicodeAttribute()


def get(tenant: TenantSlug, account_id: str) -> Account | None:
    with translate_aws_errors():
        try:
            record = AccountRecord.get(account_key(tenant, account_id), PROFILE, consistent_read=True)
        except DoesNotExist:
            return None
    return _account(record)


def find_by_email(tenant: TenantSlug, email: str) -> Account | None:
    """The account owning a (normalised) email: its email item, then the account."""
    with translate_aws_errors():
        try:
            owner = EmailRecord.get(email_key(tenant, email), EMAIL, consistent_read=True)
        except DoesNotExist:
            return None
    return get(tenant, owner.account_id)


def find_by_email_with_counter(
    tenant: TenantSlug, email: str, counter: Subject
) -> tuple[Account | None, Counter | None]:
    """Login's reads: the email item and an attempt counter in one BatchGetItem, then the account."""
    owner_key = (email_key(tenant, email), EMAIL)
    found = get_items([owner_key, counters.item_key(tenant, counter)])
    attempts = counters.read(found, tenant, counter)
    if owner_key not in found:
        return None, attempts
    return get(tenant, EmailRecord.from_raw_data(found[owner_key]).account_id), attempts


def create(account: Account, token_hash: str, token_expires_at: int) -> bool:
    """Store a pending account and claim its email in one transaction; False if the email is taken."""
    record = AccountRecord(
        account_key(account.tenant, account.account_id),
        PROFILE,
        activation_token_hash=token_hash,
        activation_expires_at=token_expires_at,
        notify_new_invoices=account.notifications.new_invoices,
        notify_reminders=account.notifications.reminders,
        notify_bookings=account.notifications.bookings,
        notify_requests=account.notifications.requests,
        **attributes_of(account, "notifications"),
    )
    owner = EmailRecord(email_key(account.tenant, account.email), EMAIL, account_id=account.account_id)

    def claim() -> None:
        with TransactWrite(connection=connection()) as transaction:
            transaction.save(owner, condition=EmailRecord.pk.does_not_exist())
            transaction.save(record, condition=AccountRecord.pk.does_not_exist())
            for family_id in account.subscriptions:
                transaction.save(_follower(account.tenant, family_id, account.account_id))

    return write_if(claim)


def renew_pending(
    tenant: TenantSlug, account_id: str, token_hash: str, token_expires_at: int, details: Registration | None = None
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
        if details.subscriptions:
            return _update_with_followers(
                tenant, account_id, actions, AccountRecord.status == PENDING, follow=details.subscriptions
            )
    return _update(tenant, account_id, actions, AccountRecord.status == PENDING)


def activate(tenant: TenantSlug, account_id: str, token_hash: str, now: datetime) -> Account | None:
    """Use an activation token: one write, the account as activated only for the current, unexpired token.

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
    return _update_returning(tenant, account_id, actions, condition)


def revoke_token(tenant: TenantSlug, account_id: str, jti: str, expires_at: int, expired: Iterable[str]) -> None:
    """Add a token to the account's denylist and drop entries that expired."""
    actions = [_entry(AccountRecord.revoked_tokens, jti).set(expires_at)]
    actions += [_entry(AccountRecord.revoked_tokens, old).remove() for old in expired if old != jti]
    _update(tenant, account_id, actions, AccountRecord.pk.exists())


def set_password_hash(tenant: TenantSlug, account_id: str, password_hash: str) -> None:
    _update(tenant, account_id, [AccountRecord.password_hash.set(password_hash)], AccountRecord.pk.exists())


def subscribe(tenant: TenantSlug, account_id: str, family_id: str, subscribed_at: str) -> bool:
    """Add a family to the account; False if it was already there (a concurrent call won)."""
    entry = _entry(AccountRecord.subscriptions, family_id)
    condition = AccountRecord.status.exists() & entry.does_not_exist()
    return _update_with_followers(tenant, account_id, [entry.set(subscribed_at)], condition, follow=[family_id])


def unsubscribe(tenant: TenantSlug, account_id: str, family_id: str) -> bool:
    """Remove a family from the account; False if it was not subscribed."""
    entry = _entry(AccountRecord.subscriptions, family_id)
    return _update_with_followers(tenant, account_id, [entry.remove()], entry.exists(), unfollow=[family_id])


def followers(tenant: TenantSlug, family_id: str) -> list[str]:
    """The accounts following a family (a hint: check each account's subscriptions before acting)."""
    found = query_items(
        (FollowerRecord,),
        hash_key=followers_key(tenant, family_id),
        range_key_condition=FollowerRecord.sk.startswith(FOLLOWER_PREFIX),
    )
    return [record.account_id for record in found if isinstance(record, FollowerRecord)]


def mark_undeliverable(tenant: TenantSlug, account_id: str, email: str) -> bool:
    """The account's address bounces or complains: no more notification mails, until the email changes.
    False if the account has another address by now (the event is about an old one)."""
    return _update(tenant, account_id, [AccountRecord.email_undeliverable.set(True)], AccountRecord.email == email)


def set_notification(tenant: TenantSlug, account_id: str, kind: str, on: bool) -> bool:
    """Turn one kind of notification mail on or off; False if the account is gone."""
    return _update(tenant, account_id, [getattr(AccountRecord, f"notify_{kind}").set(on)], AccountRecord.pk.exists())


def _follower(tenant: TenantSlug, family_id: str, account_id: str) -> FollowerRecord:
    return FollowerRecord(followers_key(tenant, family_id), f"{FOLLOWER_PREFIX}{account_id}", account_id=account_id)


def _update_with_followers(
    tenant: TenantSlug,
    account_id: str,
    actions: Sequence[Action],
    condition: Condition,
    follow: Iterable[str] = (),
    unfollow: Iterable[str] = (),
) -> bool:
    """A conditional update of the account and, in the same transaction, its follower items."""
    record = AccountRecord(account_key(tenant, account_id), PROFILE)

    def write() -> None:
        with TransactWrite(connection=connection()) as transaction:
            transaction.update(record, actions=list(actions), condition=condition)
            for family_id in follow:
                transaction.save(_follower(tenant, family_id, account_id))
            for family_id in unfollow:
                transaction.delete(_follower(tenant, family_id, account_id))

    return write_if(write)


def _entry(attribute: object, name: str) -> Any:
    """A key of a map attribute, as an update or condition path."""
    return attribute[name]  # type: ignore[index]  # pynamodb's MapAttribute paths are untyped


def _update(tenant: TenantSlug, account_id: str, actions: Sequence[Action], condition: Condition) -> bool:
    """A conditional update; False if its condition did not hold."""
    return _update_returning(tenant, account_id, actions, condition) is not None


def _account(record: AccountRecord) -> Account:
    return value_of(
        Account,
        record,
        notifications=Notifications(
            bool(record.notify_new_invoices),
            bool(record.notify_reminders),
            bool(record.notify_bookings),
            bool(record.notify_requests),
        ),
        token_generation=int(record.token_generation),
        subscriptions=record.subscriptions.as_dict() if record.subscriptions else {},
        revoked_tokens={
            k: int(v) for k, v in (record.revoked_tokens.as_dict() if record.revoked_tokens else {}).items()
        },
    )


def set_reset_link(tenant: TenantSlug, account_id: str, token_hash: str, token_expires_at: int) -> bool:
    """Store an active account's password-reset link (replacing any older one); False if not active."""
    actions = [AccountRecord.reset_token_hash.set(token_hash), AccountRecord.reset_expires_at.set(token_expires_at)]
    return _update(tenant, account_id, actions, AccountRecord.status == ACTIVE)


def has_live_reset_link(tenant: TenantSlug, account_id: str, token_hash: str) -> bool:
    """Whether this is the account's current, unexpired reset link (read before hashing a password)."""
    with translate_aws_errors():
        try:
            record = AccountRecord.get(
                account_key(tenant, account_id),
                PROFILE,
                consistent_read=True,
                attributes_to_get=["reset_token_hash", "reset_expires_at"],
            )
        except DoesNotExist:
            return False
    expires_at = record.reset_expires_at
    return record.reset_token_hash == token_hash and expires_at is not None and expires_at > time.time()


# A new password cancels a pending email change: whoever asked for it with a stolen password
# must not keep a link that takes the account once its owner has chosen a new one.
_EMAIL_CHANGE_CANCELLED = (
    AccountRecord.pending_email.remove(),
    AccountRecord.email_token_hash.remove(),
    AccountRecord.email_expires_at.remove(),
)


def reset_password(tenant: TenantSlug, account_id: str, token_hash: str, password_hash: str) -> Account | None:
    """Use a reset link: new password, link gone, earlier tokens void. None if the link is not the live one."""
    actions = [
        AccountRecord.password_hash.set(password_hash),
        AccountRecord.token_generation.add(1),
        AccountRecord.reset_token_hash.remove(),
        AccountRecord.reset_expires_at.remove(),
        *_EMAIL_CHANGE_CANCELLED,
    ]
    condition = (
        (AccountRecord.status == ACTIVE)
        & (AccountRecord.reset_token_hash == token_hash)
        & (AccountRecord.reset_expires_at > int(time.time()))
    )
    return _update_returning(tenant, account_id, actions, condition)


def change_password(tenant: TenantSlug, account_id: str, password_hash: str) -> int:
    """Set a new password and void every earlier token; returns the account's new token generation."""
    actions = [
        AccountRecord.password_hash.set(password_hash),
        AccountRecord.token_generation.add(1),
        *_EMAIL_CHANGE_CANCELLED,
    ]
    account = _update_returning(tenant, account_id, actions, AccountRecord.status == ACTIVE)
    if account is None:  # deleted or disabled meanwhile: its token is no longer valid either
        raise Unauthorized()
    return account.token_generation


def update_profile(
    tenant: TenantSlug, account_id: str, names: dict[str, str], notifications: dict[str, bool]
) -> Account:
    """Set any of civility, last_name, first_name and the notification choices; the account as it now is."""
    actions: list[Action] = [getattr(AccountRecord, name).set(value) for name, value in names.items()]
    actions += [getattr(AccountRecord, f"notify_{kind}").set(on) for kind, on in notifications.items()]
    if not actions:
        found = get(tenant, account_id)
    else:
        found = _update_returning(tenant, account_id, actions, AccountRecord.status == ACTIVE)
    if found is None:
        raise Unauthorized()
    return found


def set_email_change(
    tenant: TenantSlug, account_id: str, new_email: str, token_hash: str, token_expires_at: int
) -> None:
    """Remember the address to confirm and its link (replacing any earlier request)."""
    actions = [
        AccountRecord.pending_email.set(new_email),
        AccountRecord.email_token_hash.set(token_hash),
        AccountRecord.email_expires_at.set(token_expires_at),
    ]
    if not _update(tenant, account_id, actions, AccountRecord.status == ACTIVE):
        raise Unauthorized()


def confirm_email_change(tenant: TenantSlug, account: Account, token_hash: str) -> bool:
    """Swap the email in one transaction: claim the new address, free the old one, update the account.

    False if the link is not the live one, or the new address was taken meanwhile (nothing changes).
    """
    new_email = account.pending_email
    assert new_email is not None, "only a pending change is confirmed"
    new_owner = EmailRecord(email_key(tenant, new_email), EMAIL, account_id=account.account_id)
    old_owner = EmailRecord(email_key(tenant, account.email), EMAIL)
    record = AccountRecord(account_key(tenant, account.account_id), PROFILE)

    def swap() -> None:
        with TransactWrite(connection=connection()) as transaction:
            transaction.save(new_owner, condition=EmailRecord.pk.does_not_exist())
            transaction.delete(old_owner, condition=EmailRecord.account_id == account.account_id)
            transaction.update(
                record,
                actions=[
                    AccountRecord.email.set(new_email),
                    AccountRecord.email_undeliverable.set(False),
                    AccountRecord.pending_email.remove(),
                    AccountRecord.email_token_hash.remove(),
                    AccountRecord.email_expires_at.remove(),
                ],
                condition=(AccountRecord.email == account.email)
                & (AccountRecord.pending_email == new_email)
                & (AccountRecord.email_token_hash == token_hash)
                & (AccountRecord.email_expires_at > int(time.time())),
            )

    return write_if(swap)


def delete(tenant: TenantSlug, account: Account) -> bool:
    """Delete the account item (subscriptions, links and denylist are on it) and free its email, together."""
    record = AccountRecord(account_key(tenant, account.account_id), PROFILE)
    owner = EmailRecord(email_key(tenant, account.email), EMAIL)

    def remove() -> None:
        with TransactWrite(connection=connection()) as transaction:
            transaction.delete(record, condition=AccountRecord.email == account.email)
            transaction.delete(owner, condition=EmailRecord.account_id == account.account_id)

    return write_if(remove)


def _update_returning(
    tenant: TenantSlug, account_id: str, actions: Sequence[Action], condition: Condition
) -> Account | None:
    """A conditional update answering the account as it is after it (None if the condition failed)."""
    record = AccountRecord(account_key(tenant, account_id), PROFILE)
    if not write_if(lambda: record.update(actions=list(actions), condition=condition)):
        return None
    return _account(record)  # pynamodb refreshed it from the update's ALL_NEW answer
