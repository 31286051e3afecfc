"""The espace famille's mails, in French: a request's summary, a place obtained, days the town closed."""

from __future__ import annotations

from datetime import date

from portal.platform import mailer
from portal.tenancy.model import Tenant

WEEKDAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTH_NAMES = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
OUTCOMES = {
    "booked": "réservé",
    "waiting": "en liste d'attente",
    "cancelled": "annulé",
    "unchanged": "inchangé",
    "refused": "refusé",
}
REASONS = {
    "not_open": "ce jour n'est pas ouvert",
    "deadline_passed": "la date limite est passée",
    "booking_not_open": "les réservations ne sont pas encore ouvertes",
    "full": "complet",
}
WHY_SUMMARY = (
    "Vous recevez ce récapitulatif parce que vous avez fait cette demande ; vous pouvez ne plus le recevoir depuis "
    "« Mon compte » ou le lien de désabonnement de votre messagerie."
)


def day_in_words(day: date) -> str:
    """« lundi 7 décembre 2026 »."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def send_summary(
    tenant: Tenant,
    to: str,
    first_name: str,
    child_name: str,
    activity_label: str,
    lines: list[tuple[date, str, str, str | None, int | None]],
    unsubscribe: str | None,
) -> None:
    """What one booking request did: each day and unit with its outcome, what was refused and why.
    ``lines``: (day, unit label, outcome, refusal code, waiting position)."""
    mailer.send(
        tenant,
        to,
        f"{tenant.name} : vos réservations pour {child_name}",
        first_name,
        [
            f"Voici le récapitulatif de votre demande pour {child_name}, {activity_label} :",
            *[_line(*line) for line in lines],
            WHY_SUMMARY,
        ],
        ("Voir l'espace famille", mailer.link(tenant, "#/famille")),
        unsubscribe=unsubscribe,
    )


def _line(day: date, unit: str, outcome: str, code: str | None, position: int | None) -> str:
    said = OUTCOMES.get(outcome, outcome)
    if outcome == "waiting" and position is not None:
        said += f" (position {position})"
    if outcome == "refused" and code:
        said += f" : {REASONS.get(code, code)}"
    return f"{day_in_words(day)} · {unit} · {said}"


def send_place_obtained(
    tenant: Tenant, to: str, first_name: str, child_name: str, activity_label: str, unit_label: str, day: date
) -> None:
    mailer.send(
        tenant,
        to,
        f"{tenant.name} : place obtenue pour {child_name}",
        first_name,
        [
            f"Une place s'est libérée : {child_name} passe de la liste d'attente à une réservation pour "
            f"{activity_label}, {unit_label}, le {day_in_words(day)}.",
            "Si vous n'en avez plus besoin, annulez-la depuis l'espace famille avant la date limite.",
        ],
        ("Voir l'espace famille", mailer.link(tenant, "#/famille")),
    )


def send_closed_days(tenant: Tenant, to: str, first_name: str, lines: list[tuple[str, str, date, str]]) -> None:
    """The days the town closed, whose bookings were cancelled: (child, activity, day, unit) each."""
    mailer.send(
        tenant,
        to,
        f"{tenant.name} : réservations annulées, jours de fermeture",
        first_name,
        [
            "La mairie a fermé des jours où vos enfants étaient inscrits ou en liste d'attente ; ces réservations "
            "sont annulées et ne vous seront pas facturées :",
            *[f"{child} · {activity} · {day_in_words(day)} · {unit}" for child, activity, day, unit in lines],
        ],
        ("Voir l'espace famille", mailer.link(tenant, "#/famille")),
    )
