"""The accounts' mails, in French: activation, "account exists", reset, notices of changes."""

from __future__ import annotations

from portal.platform import mailer
from portal.tenancy.model import Tenant

ACTIVATION_HOURS = 24


IGNORE_IF_NOT_YOU = (
    "Si vous n'êtes pas à l'origine de cette demande, ignorez simplement ce message : votre compte n'est pas modifié."
)


def send_activation(tenant: Tenant, to: str, first_name: str, token: str) -> None:
    mailer.send(
        tenant,
        to,
        f"{tenant.name} : activez votre compte de l'Espace Famille",
        first_name,
        [
            f"Vous avez demandé la création d'un compte sur le portail citoyen de {tenant.name}.",
            f"Pour l'activer, ouvrez ce lien dans les {ACTIVATION_HOURS} heures. Il ne peut servir qu'une fois.",
        ],
        ("Activer mon compte", mailer.link(tenant, "activation", token)),
        "Si vous n'êtes pas à l'origine de cette demande, ignorez simplement ce message : aucun compte ne sera activé.",
    )


def send_account_exists(tenant: Tenant, to: str, first_name: str) -> None:
    mailer.send(
        tenant,
        to,
        f"{tenant.name} : vous avez déjà un compte",
        first_name,
        [
            f"Quelqu'un (peut-être vous) a demandé à créer un compte sur le portail citoyen de {tenant.name} "
            "avec cette adresse email. Un compte actif existe déjà pour cette adresse : "
            "connectez-vous avec votre mot de passe habituel, ou choisissez « Mot de passe oublié ? ».",
        ],
        ("Se connecter", mailer.link(tenant, "")),
        IGNORE_IF_NOT_YOU,
    )


def send_password_reset(tenant: Tenant, to: str, first_name: str, token: str, minutes: int) -> None:
    mailer.send(
        tenant,
        to,
        f"{tenant.name} : choisissez un nouveau mot de passe",
        first_name,
        [
            f"Vous avez demandé à changer le mot de passe de votre compte du portail citoyen de {tenant.name}.",
            f"Ouvrez ce lien dans les {minutes} minutes pour en choisir un nouveau. Il ne peut servir qu'une fois, "
            "et un lien plus récent le remplace.",
        ],
        ("Choisir un nouveau mot de passe", mailer.link(tenant, "mot-de-passe", token)),
        IGNORE_IF_NOT_YOU,
    )


def send_password_changed(tenant: Tenant, to: str, first_name: str) -> None:
    mailer.send(
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
        ("Mot de passe oublié ?", mailer.link(tenant, "#/mot-de-passe-oublie")),
    )


def send_email_change(tenant: Tenant, to: str, first_name: str, token: str) -> None:
    mailer.send(
        tenant,
        to,
        f"{tenant.name} : confirmez votre nouvelle adresse email",
        first_name,
        [
            f"Vous avez demandé à utiliser cette adresse pour vous connecter au portail citoyen de {tenant.name}.",
            f"Ouvrez ce lien dans les {ACTIVATION_HOURS} heures pour confirmer. Il ne peut servir qu'une fois.",
        ],
        ("Confirmer ma nouvelle adresse", mailer.link(tenant, "email", token)),
        IGNORE_IF_NOT_YOU,
    )


def send_email_taken(tenant: Tenant, to: str) -> None:
    mailer.send(
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
    mailer.send(
        tenant,
        to,
        f"{tenant.name} : changement d'adresse email demandé",
        first_name,
        [
            f"Un changement de l'adresse de connexion de votre compte du portail citoyen de {tenant.name} "
            f"vers {new_email} a été demandé. Il prendra effet quand le lien envoyé à cette adresse sera ouvert.",
            "Si vous n'êtes pas à l'origine de cette demande, changez votre mot de passe et prévenez votre mairie.",
        ],
        ("Se connecter", mailer.link(tenant, "")),
    )


def send_account_deleted(tenant: Tenant, to: str, first_name: str) -> None:
    mailer.send(
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
