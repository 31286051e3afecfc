"""The notification mails, in French: new invoices, reminders; each with its one-click unsubscribe."""

from __future__ import annotations

from portal.billing.invoices import InvoiceView
from portal.billing.model import Invoice
from portal.platform import mailer
from portal.tenancy.model import Tenant


def send_new_invoices(
    tenant: Tenant, to: str, first_name: str, invoices: list[Invoice], unsubscribe: str | None
) -> None:
    """The import's new invoices of the families the account follows."""
    plural = "s" if len(invoices) > 1 else ""
    _notify(
        tenant,
        to,
        first_name,
        unsubscribe,
        subject=f"{tenant.name} : {len(invoices)} nouvelle{plural} facture{plural}",
        intro=f"{len(invoices)} nouvelle{plural} facture{plural} "
        f"{'sont disponibles' if plural else 'est disponible'} dans votre espace facturation :",
        lines=[
            f"Facture n° {i.number} · {i.nature} · {mailer.euros(i.amount_cents)} · à payer avant le "
            f"{mailer.french_date(i.due_date)}"
            for i in invoices
        ],
        why="Vous recevez ce message parce que vous avez choisi d'être prévenu des nouvelles factures ; "
        "vous pouvez arrêter depuis « Mon compte » ou le lien de désabonnement de votre messagerie.",
        action=("Voir mes factures", mailer.link(tenant, "#/factures")),
    )


def send_reminder(
    tenant: Tenant, to: str, first_name: str, invoices: list[InvoiceView], unsubscribe: str | None
) -> None:
    """Invoices still to pay, due in three days (their views: balance included)."""
    plural = "s" if len(invoices) > 1 else ""
    _notify(
        tenant,
        to,
        first_name,
        unsubscribe,
        subject=f"{tenant.name} : facture{plural} à régler avant l'échéance",
        intro=f"Pour éviter une relance du Trésor public, pensez à régler "
        f"{'ces factures' if plural else 'cette facture'} dans les trois jours :",
        lines=[
            f"Facture n° {i.number} · {i.nature} · reste à payer {mailer.euros(i.balance_cents)} · "
            f"échéance le {mailer.french_date(i.due_date)}"
            for i in invoices
        ],
        why="Si vous avez déjà payé, ne tenez pas compte de ce message. Vous pouvez arrêter ces rappels depuis "
        "« Mon compte » ou le lien de désabonnement de votre messagerie.",
        action=("Payer en ligne", mailer.link(tenant, "#/factures")),
    )


def _notify(
    tenant: Tenant,
    to: str,
    first_name: str,
    unsubscribe: str | None,
    *,
    subject: str,
    intro: str,
    lines: list[str],
    why: str,
    action: tuple[str, str],
) -> None:
    """A notification mail: its list, why it came, and the RFC 8058 one-click unsubscribe headers."""
    mailer.send(tenant, to, subject, first_name, [intro, *lines, why], action, unsubscribe=unsubscribe)
