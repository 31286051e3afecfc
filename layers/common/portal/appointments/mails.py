"""An appointment's mails, in French, to the account that booked it (whatever its notification choices:
they answer what it did, or tell it the town cancelled): the confirmation with the appointment's iCalendar
file, the cancellation (the town's reason stays in the portal), and the reminder the day before.

Confirmations and cancellations are queued once the appointment is written (``announce``) and sent by the
mails' consumer; each (event, appointment) is marked before its mail goes, so a redelivered message never
mails twice, and the appointments one message names go in one mail (a republished agenda cancelling three
of an account's appointments mails it once). A queue that refuses the message leaves the appointment as
written and says so in the log: "Mes rendez-vous" shows it, and its reminder still comes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Literal, TypedDict

from portal.accounts import directory
from portal.accounts.model import ACTIVE
from portal.appointments import calendar, store
from portal.appointments.model import BOOKED, CANCELLED, Agenda, Appointment
from portal.kernel import clock
from portal.kernel.clock import PARIS
from portal.kernel.ids import TenantSlug
from portal.platform import mailer, marks, queues
from portal.platform.config import settings
from portal.platform.errors import ApiError, ServiceUnavailable
from portal.platform.observability import logger
from portal.tenancy.model import Tenant
from portal.tenancy.tenants import get_tenant

type Event = Literal["booked", "cancelled"]
WAIT_SECONDS = 600  # appointments announced before they are cancelled (an agenda published again)


class AppointmentMessage(TypedDict):
    kind: Literal["appointment"]
    tenant: TenantSlug
    event: Event
    account: str
    appointments: list[str]
    queued_at: float


def announce(tenant: TenantSlug, event: Event, account_id: str, appointment_ids: Sequence[str]) -> None:
    """Queue the mail of appointments booked or cancelled: after a booking's write (never a mail for one
    refused, which a rush makes by the hundred), before the cancellations of an agenda published again (none
    without its mail: the consumer waits ``WAIT_SECONDS`` for them)."""
    if not settings().booking_mails_queue_url:
        return
    message = AppointmentMessage(
        kind="appointment",
        tenant=tenant,
        event=event,
        account=account_id,
        appointments=list(appointment_ids),
        queued_at=clock.now().timestamp(),
    )
    try:
        queues.send(settings().booking_mails_queue_url, [message], group="tenant")
    except ApiError:
        logger.error("an appointment's mail could not be queued", extra={"event": event})


def deliver(message: AppointmentMessage) -> int:
    """One mail for the message's appointments still so (booked, or cancelled), each once; 0 or 1. A
    cancellation announced before it is written is waited for (the message comes back), then mailed for
    those it cancelled."""
    tenant = get_tenant(message["tenant"])
    found = store.many(tenant.slug, message["appointments"])
    if message["event"] == "booked":
        return _mail(tenant, "booked", message["account"], [a for a in found if a.status == BOOKED])
    waiting = clock.now().timestamp() - message.get("queued_at", 0) < WAIT_SECONDS
    if waiting and any(a.status == BOOKED for a in found):
        raise ServiceUnavailable("The cancellations are not all written yet")
    return _mail(tenant, "cancelled", message["account"], [a for a in found if a.status == CANCELLED])


def remind(today: date) -> dict[str, int]:
    """Mail every account of tomorrow's appointments (Paris), each appointment's reminder once."""
    day = today + timedelta(days=1)
    counts = {"appointments": 0, "mails": 0, "failed": 0}
    by_tenant: dict[TenantSlug, list[str]] = {}
    for tenant_slug, appointment_id in store.of_day(day):
        by_tenant.setdefault(tenant_slug, []).append(appointment_id)
    for tenant_slug, appointment_ids in sorted(by_tenant.items()):
        try:  # one town's failure leaves the others' reminders to go
            for key, n in _remind_town(tenant_slug, appointment_ids).items():
                counts[key] += n
        except ApiError:
            counts["failed"] += 1
    logger.info("appointment reminders", extra={"day": day.isoformat(), **counts})
    if counts["failed"]:
        raise RemindersIncomplete(counts)  # the run is retried: what was sent is marked, the rest goes
    return counts


def _remind_town(tenant_slug: TenantSlug, appointment_ids: list[str]) -> dict[str, int]:
    tenant, agendas = get_tenant(tenant_slug), store.agendas(tenant_slug)
    booked = [a for a in store.many(tenant_slug, appointment_ids) if a.status == BOOKED and a.account_id]
    counts = {"appointments": len(booked), "mails": 0, "failed": 0}
    for appointment in sorted(booked, key=lambda a: (a.start, a.appointment_id)):
        try:
            counts["mails"] += _mail(tenant, "reminder", appointment.account_id or "", [appointment], agendas)
        except ApiError:
            counts["failed"] += 1
    return counts


class RemindersIncomplete(Exception):
    """Some reminders could not go; the run is retried."""


def _mail(
    tenant: Tenant,
    event: str,
    account_id: str,
    appointments: list[Appointment],
    agendas: dict[str, Agenda] | None = None,
) -> int:
    account = directory.get(tenant.slug, account_id)
    if account is None or account.status != ACTIVE or account.email_undeliverable or not appointments:
        return 0
    claimed = marks.claim_all(
        appointments,
        lambda a: store.claim_mail(tenant.slug, f"{event}-{a.appointment_id}"),
        lambda a: store.release_mail(tenant.slug, f"{event}-{a.appointment_id}"),
    )
    if not claimed:
        return 0
    try:
        _send(tenant, event, account.email, account.first_name, claimed, agendas or store.agendas(tenant.slug))
    except ApiError:
        for a in claimed:
            store.release_mail(tenant.slug, f"{event}-{a.appointment_id}")
        raise
    return 1


def _send(
    tenant: Tenant, event: str, to: str, first_name: str, claimed: list[Appointment], agendas: dict[str, Agenda]
) -> None:
    lines = [_said(a, agendas.get(a.agenda_id)) for a in claimed]
    attachments: list[mailer.Attachment] = []
    if event == "booked":
        subject, opening = f"{tenant.name} : rendez-vous confirmé", "Votre rendez-vous est confirmé :"
        closing = "Le fichier joint l'ajoute à votre agenda. Vous pouvez l'annuler depuis « Mes rendez-vous »."
        for a in claimed:
            agenda = agendas.get(a.agenda_id)
            if agenda is not None:
                data = calendar.ics(tenant.slug, tenant.name, agenda, a, clock.now())
                attachments.append(
                    mailer.Attachment(
                        "rendez-vous.ics", "text/calendar", data, {"method": "PUBLISH", "charset": "utf-8"}
                    )
                )
    elif event == "cancelled":
        subject = f"{tenant.name} : rendez-vous annulé"
        opening = "Ce rendez-vous est annulé :" if len(claimed) == 1 else "Ces rendez-vous sont annulés :"
        closing = "Le motif, s'il y en a un, est dans « Mes rendez-vous » de votre espace."
    else:
        subject, opening = f"{tenant.name} : rappel de votre rendez-vous de demain", "Nous vous rappelons :"
        closing = "Un empêchement ? Prévenez la mairie."
    mailer.send(
        tenant,
        to,
        subject,
        first_name,
        [opening, *lines, closing],
        ("Mes rendez-vous", mailer.link(tenant, "#/rendez-vous")),
        attachments=attachments,
    )


def _said(a: Appointment, agenda: Agenda | None) -> str:
    start = a.start.astimezone(PARIS)
    when = f"le {mailer.day_in_words(start.date())} à {start:%H:%M}"
    return f"{agenda.label} – {agenda.place}, {when}" if agenda else f"Rendez-vous {when}"
