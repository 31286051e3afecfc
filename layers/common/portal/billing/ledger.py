"""What other areas read and write of billing: invoices and their payments (the ledger's public face).

Payments book an online payment under its invoice in their own transaction (``new_payment``) and
remove it when the billing software's record replaces it; notifications read the invoices they
mail about and those falling due; the store behind stays billing's own.
"""

from __future__ import annotations

from portal.billing.store import (
    billed_invoice,
    due_on,
    families,
    invoices,
    new_payment,
    remove_payment,
)

__all__ = ["billed_invoice", "due_on", "families", "invoices", "new_payment", "remove_payment"]
