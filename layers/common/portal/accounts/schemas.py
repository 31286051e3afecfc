"""Bodies of the account routes (register, activate, resend, log in, me)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StrictBool, StringConstraints

from portal.accounts import checks
from portal.accounts.checks import NAME_PATTERN
from portal.accounts.model import normalize_email
from portal.platform.checks import is_none
from portal.platform.schemas import Code, Input, Output, Patch, Visible

Name = Annotated[
    str,
    Visible(100),  # trimmed and bounded; hidden characters are refused as such first
    AfterValidator(checks.person_name),
    Field(json_schema_extra={"pattern": NAME_PATTERN}),
]
# For lookups (login, resend, reset): any string the schema allows, then normalised; a malformed
# one (even blank once trimmed) simply matches nothing. Bounds apply to what was sent, as published.
EmailKey = Annotated[str, StringConstraints(min_length=1, max_length=254), AfterValidator(normalize_email)]
Email = Annotated[EmailKey, AfterValidator(checks.valid_email)]
# Passwords are taken exactly as typed: no trimming, no truncation. The
# policy (length, classes, common passwords) is checked in the domain.
Password = Annotated[str, StringConstraints(min_length=1, max_length=1024)]
Token = Annotated[str, StringConstraints(min_length=1, max_length=512)]


class CreateAccount(Input):
    civility: Literal["M", "MME"]
    last_name: Name
    first_name: Name
    email: Email
    password: Password
    password_confirmation: Password
    subscriber_code: Code | None = None
    terms_accepted: StrictBool | None = None
    captcha_token: Annotated[str, StringConstraints(max_length=4096)] | None = None


class Activation(Input):
    token: Token


class ResendActivation(Input):
    email: EmailKey


class Credentials(Input):
    email: EmailKey
    password: Password


class Status(Output):
    status: Literal[
        "pending_activation", "active", "accepted", "password_changed", "confirmation_sent", "email_changed"
    ]


class Activated(Output):
    """An activated account; ``password_required`` (with a reset token for ``POST /accounts/password``)
    when its registration was contested and no password was kept."""

    status: Literal["active", "password_required"]
    token: str | None = Field(default=None, exclude_if=is_none)


class AccessToken(Output):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - a scheme name, not a secret
    expires_in: int = Field(ge=1, le=3600)


class PasswordResetRequest(Input):
    email: EmailKey


class NewPassword(Input):
    token: Token
    password: Password
    password_confirmation: Password


class PasswordChange(Input):
    current_password: Password
    password: Password
    password_confirmation: Password


class NotificationChoices(Patch):
    new_invoices: StrictBool | None = None
    reminders: StrictBool | None = None
    bookings: StrictBool | None = None
    requests: StrictBool | None = None


class ProfileChange(Patch):
    civility: Literal["M", "MME"] | None = None
    last_name: Name | None = None
    first_name: Name | None = None
    notifications: NotificationChoices | None = None


class EmailChange(Input):
    new_email: Email
    current_password: Password


class EmailConfirmation(Input):
    token: Token


class PasswordConfirmation(Input):
    current_password: Password


class NotificationsOut(Output):
    new_invoices: bool
    reminders: bool
    bookings: bool
    requests: bool


class Profile(Output):
    civility: Literal["M", "MME"]
    last_name: str
    first_name: str
    email: str
    created_at: str
    notifications: NotificationsOut
    email_undeliverable: bool


class Unsubscribed(Output):
    """The kind of notification mail now off."""

    notification: Literal["new_invoices", "reminders", "bookings", "requests"]
