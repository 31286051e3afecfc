"""The agents' mail, in French: the invitation (a single-use link to the console, 72 hours)."""

from __future__ import annotations

from portal.platform import mailer
from portal.tenancy.model import Tenant

INVITATION_HOURS = 72


def send_invitation(tenant: Tenant, to: str, first_name: str, token: str) -> None:
    mailer.send(
        tenant,
        to,
        f"{tenant.name} : votre accès à l'espace agent",
        first_name,
        [
            f"Un accès à l'espace agent du portail citoyen de {tenant.name} a été créé pour vous.",
            f"Ouvrez ce lien dans les {INVITATION_HOURS} heures pour choisir votre mot de passe et enregistrer "
            "votre second facteur (une application d'authentification). Il ne peut servir qu'une fois.",
        ],
        ("Activer mon accès", mailer.link(tenant, "agent/#/invitation", token)),
        "Si vous n'attendiez pas cet accès, ignorez ce message et prévenez votre mairie.",
    )
