"""Deleting an account (``POST /me/deletion``): what it alone holds goes with it (its threads and their
messages; its appointments to come are cancelled); what is the family's stays the family's (its requests and
papers, without the account's name)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal.accounts import account_care
from portal.appointments import booking as appointments
from portal.threads import writing as threads

if TYPE_CHECKING:
    from portal.accounts.sessions import Principal
    from portal.tenancy.model import Tenant


def delete_account(tenant: Tenant, principal: Principal, current_password: str) -> None:
    account_care.delete_account(tenant, principal, current_password, forget=lambda: _forget(principal))


def _forget(principal: Principal) -> None:
    threads.forget(principal)
    appointments.forget(principal)
