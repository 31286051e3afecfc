"""The espace famille's mails, in French: a request's summary, a place obtained, days the town closed."""

from __future__ import annotations

from datetime import date

from portal.platform import mailer
from portal.tenancy.model import Tenant

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


def names(children: list[str]) -> str:
    """« Lucas », « Lucas et Léa », « Lucas, Léa et Tom »: each once, in the order given."""
    unique = list(dict.fromkeys(children))
    return unique[0] if len(unique) == 1 else f"{', '.join(unique[:-1])} et {unique[-1]}"


type SummaryLine = tuple[str, str, date, str, str, str | None, int | None]
"""A change of a summary: child, activity, day, unit label, outcome, refusal code, waiting position."""


def send_summary(
    tenant: Tenant, to: str, first_name: str, lines: list[SummaryLine], unsubscribe: str | None, more: int = 0
) -> None:
    """What booking requests did (one, or those of a window summed up): each child's activity, then each day
    and unit with its outcome, what was refused and why; ``more`` changes beyond, counted only."""
    sections: dict[tuple[str, str], list[str]] = {}
    for child, activity, day, unit, outcome, code, position in lines:
        sections.setdefault((child, activity), []).append(_line(day, unit, outcome, code, position))
    mailer.send(
        tenant,
        to,
        f"{tenant.name} : vos réservations pour {names([child for child, _ in sections])}",
        first_name,
        [
            "Voici le récapitulatif de vos demandes :"
            if len(sections) > 1
            else "Voici le récapitulatif de votre demande :",
            *[part for (child, activity), said in sections.items() for part in (f"{child}, {activity} :", *said)],
            *([f"… et {more} autres changements : voir l'espace famille."] if more else []),
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
    return f"{mailer.day_in_words(day)} · {unit} · {said}"


def send_places_obtained(tenant: Tenant, to: str, first_name: str, lines: list[tuple[str, str, str, date]]) -> None:
    """Places a family's children obtained from waiting lists: (child, activity, unit, day) each."""
    mailer.send(
        tenant,
        to,
        f"{tenant.name} : place obtenue pour {names([child for child, _, _, _ in lines])}",
        first_name,
        [
            "Des places se sont libérées : ces réservations remplacent vos demandes en liste d'attente :"
            if len(lines) > 1
            else "Une place s'est libérée : cette réservation remplace votre demande en liste d'attente :",
            *[f"{child} · {activity} · {unit} · {mailer.day_in_words(day)}" for child, activity, unit, day in lines],
            "Si vous n'en avez plus besoin, annulez depuis l'espace famille avant la date limite.",
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
            *[f"{child} · {activity} · {mailer.day_in_words(day)} · {unit}" for child, activity, day, unit in lines],
        ],
        ("Voir l'espace famille", mailer.link(tenant, "#/famille")),
    )
