"""An appointment as an iCalendar object (RFC 5545), for the confirmation mail: ``METHOD:PUBLISH``, a UID
stable for the appointment (the same in every mail of it), its times in Europe/Paris with the zone's
``VTIMEZONE`` (the daylight saving rules France has followed since 1996)."""

from __future__ import annotations

from datetime import datetime

from portal.appointments.model import Agenda, Appointment
from portal.kernel.clock import PARIS

PARIS_ZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Paris",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def uid(tenant: str, appointment_id: str) -> str:
    return f"{appointment_id}@{tenant}.rendez-vous"


def ics(tenant: str, municipality: str, agenda: Agenda, appointment: Appointment, stamp: datetime) -> bytes:
    """The iCalendar file of a booked appointment (CRLF lines, folded at 75 octets)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{_text(municipality)}//Prise de rendez-vous//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *PARIS_ZONE,
        "BEGIN:VEVENT",
        f"UID:{uid(tenant, appointment.appointment_id)}",
        f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}",
        f"DTSTART;TZID=Europe/Paris:{_paris(appointment.start)}",
        f"DTEND;TZID=Europe/Paris:{_paris(appointment.end)}",
        f"SUMMARY:{_text(f'Rendez-vous : {agenda.label}')}",
        f"LOCATION:{_text(agenda.place)}",
        "STATUS:CONFIRMED",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(_folded(line) + "\r\n" for line in lines).encode()


def _paris(moment: datetime) -> str:
    return moment.astimezone(PARIS).strftime("%Y%m%dT%H%M%S")


def _text(value: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11)."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _folded(line: str) -> str:
    """Lines longer than 75 octets folded (a CRLF and a space), never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    for char in line:
        if len((current + char).encode()) > (75 if not out else 74):
            out.append(current)
            current = ""
        current += char
    out.append(current)
    return "\r\n ".join(out)
