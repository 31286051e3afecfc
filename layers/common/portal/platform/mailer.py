"""The citizen emails, in French, text and HTML, sent through SES.

Each mail is a greeting, paragraphs and at most one link, written once and
rendered twice (text, and HTML with every value escaped). Links are built from
the tenant's configured portal URL, never from request headers. An SES failure
is a 503 with Retry-After (``aws.translate_aws_errors``).
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from html import escape
from typing import Any
from urllib.parse import quote

from portal.domain.model import Invoice
from portal.platform import metering
from portal.platform.aws import client, translate_aws_errors
from portal.tenancy.model import Tenant

ACTIVATION_HOURS = 24
IGNORE_IF_NOT_YOU = (
    "Si vous n'êtes pas à l'origine de cette demande, ignorez simplement ce message : votre compte n'est pas modifié."
)


def link(tenant: Tenant, page: str, token: str | None = None) -> str:
    """A page of the tenant's portal, with a link token if given."""
    return f"{tenant.portal_url}/{page}" + (f"?token={quote(token, safe='')}" if token else "")


# The municipality a mail was sent for, in its headers: SES's bounce and complaint events
# quote the headers, and an address is an account only within its tenant.
TENANT_HEADER = "X-Espace-Famille-Tenant"


def send_activation(tenant: Tenant, to: str, first_name: str, token: str) -> None:
    _send(
        tenant,
        to,
        f"{tenant.name} : activez votre compte de l'Espace Famille",
        first_name,
        [
            f"Vous avez demandé la création d'un compte sur le portail citoyen de {tenant.name}.",
            f"Pour l'activer, ouvrez ce lien dans les {ACTIVATION_HOURS} heures. Il ne peut servir qu'une fois.",
        ],
        ("Activer mon compte", link(tenant, "activation", token)),
        "Si vous n'êtes pas à l'origine de cette demande, ignorez simplement ce message : aucun compte ne sera activé.",
    )


def send_account_exists(tenant: Tenant, to: str, first_name: str) -> None:
    _send(
        tenant,
        to,
        f"{tenant.name} : vous avez déjà un compte",
        first_name,
        [
            f"Quelqu'un (peut-être vous) a demandé à créer un compte sur le portail citoyen de {tenant.name} "
            "avec cette adresse email. Un compte actif existe déjà pour cette adresse : "
            "connectez-vous avec votre mot de passe habituel, ou choisissez « Mot de passe oublié ? ».",
        ],
        ("Se connecter", link(tenant, "")),
        IGNORE_IF_NOT_YOU,
    )


def send_password_reset(tenant: Tenant, to: str, first_name: str, token: str, minutes: int) -> None:
    _send(
        tenant,
        to,
        f"{tenant.name} : choisissez un nouveau mot de passe",
        first_name,
        [
            f"Vous avez demandé à changer le mot de passe de votre compte du portail citoyen de {tenant.name}.",
            f"Ouvrez ce lien dans les {minutes} minutes pour en choisir un nouveau. Il ne peut servir qu'une fois, "
            "et un lien plus récent le remplace.",
        ],
        ("Choisir un nouveau mot de passe", link(tenant, "mot-de-passe", token)),
        IGNORE_IF_NOT_YOU,
    )


def send_password_changed(tenant: Tenant, to: str, first_name: str) -> None:
    _send(
        tenant,
        to,
        f"{tenant.name} : votre mot de passe a été modifié",
        first_name,
        [
            f"Le mot de passe de votre compte du portail citoyen de {tenant.name} vient d'être modifié. "
            "Toutes les sessions ouvertes avant ce changement ont été fermées.",
            "Si vous n'êtes pas à l'origine de ce changement, choisissez tout de suite un nouveau mot de passe "
            "avec « Mot de passe oublié ? » et prévenez votre mairie.",
        ],
        ("Mot de passe oublié ?", link(tenant, "#/mot-de-passe-oublie")),
    )


def send_email_change(tenant: Tenant, to: str, first_name: str, token: str) -> None:
    _send(
        tenant,
        to,
        f"{tenant.name} : confirmez votre nouvelle adresse email",
        first_name,
        [
            f"Vous avez demandé à utiliser cette adresse pour vous connecter au portail citoyen de {tenant.name}.",
            f"Ouvrez ce lien dans les {ACTIVATION_HOURS} heures pour confirmer. Il ne peut servir qu'une fois.",
        ],
        ("Confirmer ma nouvelle adresse", link(tenant, "email", token)),
        IGNORE_IF_NOT_YOU,
    )


def send_email_taken(tenant: Tenant, to: str) -> None:
    _send(
        tenant,
        to,
        f"{tenant.name} : cette adresse a déjà un compte",
        None,
        [
            f"Quelqu'un a demandé à utiliser cette adresse pour un autre compte du portail citoyen de {tenant.name}. "
            "Un compte existe déjà avec cette adresse : rien n'a été changé.",
        ],
        None,
        "Si vous n'êtes pas à l'origine de cette demande, vous n'avez rien à faire.",
    )


def send_email_change_notice(tenant: Tenant, to: str, first_name: str, new_email: str) -> None:
    _send(
        tenant,
        to,
        f"{tenant.name} : changement d'adresse email demandé",
        first_name,
        [
            f"Un changement de l'adresse de connexion de votre compte du portail citoyen de {tenant.name} "
            f"vers {new_email} a été demandé. Il prendra effet quand le lien envoyé à cette adresse sera ouvert.",
            "Si vous n'êtes pas à l'origine de cette demande, changez votre mot de passe et prévenez votre mairie.",
        ],
        ("Se connecter", link(tenant, "")),
    )


def send_account_deleted(tenant: Tenant, to: str, first_name: str) -> None:
    _send(
        tenant,
        to,
        f"{tenant.name} : votre compte a été supprimé",
        first_name,
        [
            f"Votre compte du portail citoyen de {tenant.name} a été supprimé, avec vos abonnements. "
            "Les factures de votre famille restent tenues par votre mairie.",
            "Vous pouvez créer un nouveau compte avec cette adresse à tout moment.",
        ],
        None,
    )


def send_new_invoices(
    tenant: Tenant, to: str, first_name: str, invoices: list[Invoice], unsubscribe: str | None
) -> None:
    """The import's new invoices of the families the account follows."""
    plural = "s" if len(invoices) > 1 else ""
    _notify(
        tenant, to, first_name, unsubscribe,
        subject=f"{tenant.name} : {len(invoices)} nouvelle{plural} facture{plural}",
        intro=f"{len(invoices)} nouvelle{plural} facture{plural} "
        f"{'sont disponibles' if plural else 'est disponible'} dans votre espace facturation :",
        lines=[f"Facture n° {i.number} · {i.nature} · {euros(i.amount_cents)} · à payer avant le "
               f"{french_date(i.due_date)}" for i in invoices],
        why="Vous recevez ce message parce que vous avez choisi d'être prévenu des nouvelles factures ; "
        "vous pouvez arrêter depuis « Mon compte » ou le lien de désabonnement de votre messagerie.",
        action=("Voir mes factures", link(tenant, "#/factures")),
    )  # fmt: skip


def send_reminder(
    tenant: Tenant, to: str, first_name: str, invoices: list[dict[str, Any]], unsubscribe: str | None
) -> None:
    """Invoices still to pay, due in three days (their views: balance included)."""
    plural = "s" if len(invoices) > 1 else ""
    _notify(
        tenant, to, first_name, unsubscribe,
        subject=f"{tenant.name} : facture{plural} à régler avant l'échéance",
        intro=f"Pour éviter une relance du Trésor public, pensez à régler "
        f"{'ces factures' if plural else 'cette facture'} dans les trois jours :",
        lines=[f"Facture n° {i['number']} · {i['nature']} · reste à payer {euros(i['balance_cents'])} · "
               f"échéance le {french_date(i['due_date'])}" for i in invoices],
        why="Si vous avez déjà payé, ne tenez pas compte de ce message. Vous pouvez arrêter ces rappels depuis "
        "« Mon compte » ou le lien de désabonnement de votre messagerie.",
        action=("Payer en ligne", link(tenant, "#/factures")),
    )  # fmt: skip


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
    _send(tenant, to, subject, first_name, [intro, *lines, why], action, unsubscribe=unsubscribe)


def euros(cents: int) -> str:
    """12,30 € (French format, a narrow no-break space before the thousands)."""
    whole, rest = divmod(cents, 100)
    return f"{whole:,}".replace(",", "\u202f") + f",{rest:02d} €"


def french_date(day: str) -> str:
    return "/".join(reversed(day.split("-")))


def _send(
    tenant: Tenant,
    to: str,
    subject: str,
    first_name: str | None,
    paragraphs: list[str],
    action: tuple[str, str] | None,
    closing: str | None = None,
    unsubscribe: str | None = None,
) -> None:
    """One multipart/alternative message (text and HTML), through SES SendRawEmail."""
    greeting = f"Bonjour {first_name}," if first_name else "Bonjour,"
    after = [*([closing] if closing else []), tenant.name]
    text = "\n\n".join([greeting, *paragraphs, *([f"{action[0]} : {action[1]}"] if action else []), *after])
    button = [f'<a href="{escape(action[1])}">{escape(action[0])}</a>'] if action else []
    html = "".join(f"<p>{part}</p>" for part in [*map(escape, [greeting, *paragraphs]), *button, *map(escape, after)])
    message = EmailMessage()
    message["From"] = formataddr((tenant.name, tenant.sender_email))
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=tenant.sender_email.rpartition("@")[2] or None)
    message[TENANT_HEADER] = tenant.slug  # SES bounce and complaint events carry it back (``mail_events``)
    if unsubscribe:
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text + "\n")
    message.add_alternative(html, subtype="html")
    with translate_aws_errors():
        client("ses").send_raw_email(
            Source=tenant.sender_email,
            Destinations=[to],
            RawMessage={"Data": message.as_bytes()},
        )
    metering.count(tenant.slug, emails_sent=1)
