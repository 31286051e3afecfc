"""Online payment providers, behind one small interface the payment rules use.

One implementation, PayFiP's web service (``payfip``), built by ``services``
only when a payment function first needs it: no other function loads the SOAP/XML code.
Tests and the local stack talk to it through a stand-in that speaks the same
SOAP operations at a local URL (``infra/payfip_standin.py``); nothing fake sits
in the cloud path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

Outcome = Literal["paid", "refused", "abandoned"]


class ProviderUnavailable(Exception):
    """The provider did not answer, or answered something that is not a result (logged, never shown)."""


@dataclass(frozen=True)
class Order:
    """What the provider is asked to collect; ``refdet``/``label`` already fit its alphabet."""

    account: str  # the régie's client number
    mode: str  # T test, X activation, W production
    year: str
    refdet: str
    amount_cents: int
    email: str
    label: str
    notify_url: str
    return_url: str


@dataclass(frozen=True)
class Result:
    """What the provider says of an operation, once it knows."""

    operation: str
    outcome: Outcome
    amount_cents: int
    account: str
    refdet: str
    mode: str
    reference: str  # authorisation number
    debit: bool  # paid by direct debit rather than card
    paid_at: datetime | None


class Provider(Protocol):
    name: str

    def start(self, order: Order) -> str:
        """A new operation id for this order (raises ProviderUnavailable)."""
        ...

    def page(self, operation: str) -> str:
        """Where the parent's browser pays."""
        ...

    def result(self, operation: str) -> Result | None:
        """The operation's result; None while the provider does not know it (or no longer knows it)."""
        ...

    def check_account(self, account: str) -> None:
        """Raise ProviderUnavailable unless the provider knows this client number."""
        ...
