"""The citizen emails, in French, text and HTML, sent through SES.

Links are built from the tenant's configured portal URL, never from request
headers. Any SES failure becomes a 503 with Retry-After (``store.errors``).
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from html import escape
from urllib.parse import quote

from .aws import client, translate_aws_errors
from .domain.model import Tenant

ACTIVATION_HOURS = 24


def activation_link(tenant: Tenant, token: str) -> str:
    return f"{tenant.portal_url}/activation?token={quote(token, safe='')}"


def send_activation(tenant: Tenant, to: str, first_name: str, token: str) -> None:
    link = activation_link(tenant, token)
    subject = f"{tenant.name} : activez votre compte de l'Espace Famille"
    text = (
        f"Bonjour {first_name},\n\n"
        f"Vous avez demandé la création d'un compte sur le portail citoyen de {tenant.name}.\n"
        f"Pour l'activer, ouvrez ce lien dans les {ACTIVATION_HOURS} heures :\n\n{link}\n\n"
        "Ce lien ne peut servir qu'une fois. Si vous n'êtes pas à l'origine de cette demande, "
        "ignorez simplement ce message : aucun compte ne sera activé.\n\n"
        f"{tenant.name}"
    )
    html = (
        f"<p>Bonjour {escape(first_name)},</p>"
        f"<p>Vous avez demandé la création d'un compte sur le portail citoyen de {escape(tenant.name)}.</p>"
        f'<p><a href="{escape(link)}">Activer mon compte</a></p>'
        f"<p>Ce lien est valable {ACTIVATION_HOURS} heures et ne peut servir qu'une fois. "
        "Si vous n'êtes pas à l'origine de cette demande, ignorez simplement ce message : "
        "aucun compte ne sera activé.</p>"
        f"<p>{escape(tenant.name)}</p>"
    )
    _send(tenant, to, subject, text, html)


def send_account_exists(tenant: Tenant, to: str, first_name: str) -> None:
    login = f"{tenant.portal_url}/"
    subject = f"{tenant.name} : vous avez déjà un compte"
    text = (
        f"Bonjour {first_name},\n\n"
        f"Quelqu'un (peut-être vous) a demandé à créer un compte sur le portail citoyen de {tenant.name} "
        "avec cette adresse email. Un compte actif existe déjà pour cette adresse : "
        f"connectez-vous avec votre mot de passe habituel sur {login}\n\n"
        "Si vous n'êtes pas à l'origine de cette demande, vous pouvez ignorer ce message : "
        "votre compte n'a pas été modifié.\n\n"
        f"{tenant.name}"
    )
    html = (
        f"<p>Bonjour {escape(first_name)},</p>"
        f"<p>Quelqu'un (peut-être vous) a demandé à créer un compte sur le portail citoyen de "
        f"{escape(tenant.name)} avec cette adresse email. Un compte actif existe déjà pour cette adresse : "
        f'<a href="{escape(login)}">connectez-vous</a> avec votre mot de passe habituel.</p>'
        "<p>Si vous n'êtes pas à l'origine de cette demande, vous pouvez ignorer ce message : "
        "votre compte n'a pas été modifié.</p>"
        f"<p>{escape(tenant.name)}</p>"
    )
    _send(tenant, to, subject, text, html)


def _send(tenant: Tenant, to: str, subject: str, text: str, html: str) -> None:
    """One multipart/alternative message (text and HTML), through SES SendRawEmail."""
    message = EmailMessage()
    message["From"] = formataddr((tenant.name, tenant.sender_email))
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=tenant.sender_email.rpartition("@")[2] or None)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    with translate_aws_errors():
        client("ses").send_raw_email(
            Source=tenant.sender_email,
            Destinations=[to],
            RawMessage={"Data": message.as_bytes()},
        )
