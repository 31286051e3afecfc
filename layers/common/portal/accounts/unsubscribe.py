"""One-click unsubscribe (RFC 8058) from a kind of notification mail, without logging in.

Each notification mail carries ``List-Unsubscribe: <https://…/{tenant}/notifications/unsubscribe/{token}>``
and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``. The token names the
account and the kind, signed with a key of its own (``signing.purpose_key``):
it cannot be forged or turned into another account's or another kind's, and it
stays valid, as mail providers expect, until the account is gone.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from portal.accounts import store
from portal.kernel.ids import TenantSlug
from portal.platform.config import settings
from portal.platform.errors import InvalidUnsubscribeLink
from portal.platform.signing import purpose_key
from portal.tenancy.model import Tenant

KINDS = ("new_invoices", "reminders", "bookings", "requests")


def link(tenant: Tenant, account_id: str, kind: str) -> str | None:
    """The URL a mail client POSTs to; None without a public API URL (no header then)."""
    base = settings().public_api_url.rstrip("/")
    if not base:
        return None
    return f"{base}/{tenant.slug}/notifications/unsubscribe/{token(tenant.slug, account_id, kind)}"


def token(tenant: TenantSlug, account_id: str, kind: str) -> str:
    return f"{account_id}.{KINDS.index(kind)}.{_signature(tenant, account_id, kind)}"


def unsubscribe(tenant: Tenant, given: str) -> str:
    """Turn off the kind of notification the token names; the kind. An account gone since: nothing to do."""
    account_id, _, rest = given.partition(".")
    number, _, signature = rest.partition(".")
    # str.isdigit() also says yes to "²" or "٣", which int() refuses: only ASCII digits name a kind.
    kind = KINDS[int(number)] if number.isascii() and number.isdigit() and int(number) < len(KINDS) else None
    expected = _signature(tenant.slug, account_id, kind) if kind else ""
    # compare_digest refuses non-ASCII text: compare the bytes.
    if kind is None or not hmac.compare_digest(signature.encode(), expected.encode()):
        raise InvalidUnsubscribeLink()
    store.set_notification(tenant.slug, account_id, kind, False)
    return kind


def _signature(tenant: TenantSlug, account_id: str, kind: str) -> str:
    digest = hmac.new(purpose_key("unsubscribe"), f"{tenant}\n{account_id}\n{kind}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()[:18]).decode()
