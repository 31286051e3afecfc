"""An agenda's day in « Espace agent », the town agents' console at /agent/, in a real browser against the local
stack (API.md v1.3, "Appointments" and "Town agents").

A citizen books a slot of the demo's « CNI » agenda through the API, a script tag in its note. The demo agent
(every permission) logs in on « Rendez-vous »: no agenda consulted yet, the form asks for one; an unknown code
is said beside its field; the day of the booking lists the appointment at its Paris time, with who booked and
the note as the characters typed (no script runs, no dialog opens). The agent cancels it: « Non, le garder »
first keeps it, an empty reason is refused in French, then confirmed with a reason the row shows struck; the
citizen's « Mes rendez-vous » (GET /appointments) has it cancelled with that reason, and the mail the citizen
gets does not hold it. On paper, the list only. « Rendez-vous » alone then opens the agenda consulted last, on
today, as the inbox's appointments do. Every screen goes through the guide's checks at 1280 px (axe-core, the
menu on one line).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from .helpers import SHOTS, citizen, eventually, every_field_is_labelled, screen
from .test_console_threads_browser import log_in

pytestmark = pytest.mark.e2e
PARIS = ZoneInfo("Europe/Paris")
CITIZEN = "rendez-vous.console@example.org"
NOTE = "<script>alert(1)</script> passeport"
REASON = "Guichet fermé ce jour-là <b>exceptionnellement</b> :\nreprenez un rendez-vous."


def paris(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(PARIS)


def book_cni(stack, token: str) -> dict:
    """The first free slot of the CNI agenda in the coming month, booked with the note: the appointment."""
    today = datetime.now(PARIS).date()
    query = f"from={today}&to={today + timedelta(days=30)}"
    status, _, found = stack.request("GET", f"/demo/agendas/CNI/slots?{query}", token=token)
    assert status == 200 and found["slots"], found
    slot = found["slots"][0]
    body = {"agenda_id": "CNI", "start": slot["start"], "note": NOTE}
    status, _, booked = stack.request("POST", "/demo/appointments", body, token=token)
    assert status == 201 and booked["status"] == "booked", booked
    return booked


def row_cells(page, appointment_id: str) -> list[str]:
    return page.locator(f"tr[data-rendez-vous='{appointment_id}'] td").all_inner_texts()


def test_an_agent_reads_an_agenda_s_day_and_cancels_an_appointment_with_a_reason(stack, page):
    token = citizen(stack, CITIZEN)
    booked = book_cni(stack, token)
    appointment_id = booked["appointment_id"]
    start, end = paris(booked["start"]), paris(booked["end"])
    day = start.date().isoformat()
    hours = f"{start:%H:%M} – {end:%H:%M}"
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # 1. « Rendez-vous » opened logged out: the login form first; then, no agenda consulted yet, the form.
    page.goto(f"{stack.url}/agent/#/appointments")
    log_in(page, stack.demo_agent())
    page.wait_for_selector("h1:text-is('Rendez-vous')")
    page.wait_for_selector("#menu a[aria-current=page]:text-is('Rendez-vous')")
    assert page.input_value("#rdv-agenda") == ""
    assert page.input_value("#rdv-date") == datetime.now(PARIS).date().isoformat()
    assert every_field_is_labelled(page)
    screen(page, "50-agent-rendez-vous-choix", phone=False)

    # 2. An unknown agenda: said beside its field.
    page.fill("#rdv-agenda", "NOPE")
    page.click("#rendez-vous button[type=submit]")
    page.wait_for_selector("[data-for=agenda_id]:has-text('Aucun agenda ne porte ce code')")
    assert page.get_attribute("#rdv-agenda", "aria-invalid") == "true"

    # 3. The booking's day: the appointment at its Paris time, who booked, the note as text; nothing ran.
    page.fill("#rdv-agenda", "CNI")
    page.fill("#rdv-date", day)
    page.click("#rendez-vous button[type=submit]")
    page.wait_for_selector(f"tr[data-rendez-vous='{appointment_id}']")
    assert page.evaluate("location.hash") == f"#/appointments/CNI/{day}"
    assert page.inner_text(".liste-rdv h2").startswith("CNI – ")
    cells = row_cells(page, appointment_id)
    assert cells[:5] == [hours, "M. Fuzz Fuzz", CITIZEN, NOTE, "Confirmé"], cells
    ask = page.locator(f"tr[data-rendez-vous='{appointment_id}'] button.annuler")
    assert ask.evaluate("b => b.firstChild.textContent") == "Annuler ce rendez-vous"  # what is seen; then who
    assert page.get_by_role("button", name=f"Annuler ce rendez-vous de {start:%H:%M} (M. Fuzz Fuzz)").count() == 1
    starts = page.locator("table.rendez-vous td.heure").all_inner_texts()
    assert starts == sorted(starts)  # by time
    assert page.locator("main script, main b").count() == 0
    assert dialogs == []
    assert page.locator(".agendas-connus a").all_inner_texts() == ["CNI"]
    screen(page, "51-agent-rendez-vous-du-jour", phone=False)

    # 4. « Annuler ce rendez-vous » asks for a reason and a confirmation; « Non, le garder » keeps it.
    ask.click()
    page.wait_for_selector("form#annulation")
    assert page.evaluate("document.activeElement.id") == "question-annulation"
    assert page.inner_text("#question-annulation") == f"Annuler le rendez-vous de {start:%H:%M} – M. Fuzz Fuzz ?"
    assert ask.get_attribute("aria-expanded") == "true"
    page.click("#annuler-non")
    assert page.locator("form#annulation").count() == 0
    assert ask.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('annuler')")
    ask.click()
    page.click("#annuler-oui")
    page.wait_for_selector("[data-for=reason]:has-text('Indiquez le motif de l')")
    assert page.get_attribute("#annulation-motif", "aria-invalid") == "true"
    screen(page, "52-agent-rendez-vous-annulation", phone=False)

    # 5. Confirmed with a reason: the row struck, its reason shown; no cancelling it again.
    page.fill("#annulation-motif", REASON)
    page.click("#annuler-oui")
    page.wait_for_selector(f"p.resultat-decision:has-text('Rendez-vous de {start:%H:%M} annulé')")
    cells = row_cells(page, appointment_id)
    assert cells[:4] == [hours, "M. Fuzz Fuzz", CITIZEN, NOTE]
    assert cells[4] == f"Annulé\nMotif : {REASON}", cells
    assert cells[5] == ""
    row = page.locator(f"tr[data-rendez-vous='{appointment_id}']")
    assert "line-through" in row.locator("td.heure").evaluate("td => getComputedStyle(td).textDecorationLine")
    assert page.locator("main script, main b").count() == 0
    assert dialogs == []
    screen(page, "53-agent-rendez-vous-annule", phone=False)

    # 6. The citizen's « Mes rendez-vous »: cancelled, with the reason; the mail says so without it.
    status, _, mine = stack.request("GET", "/demo/appointments", token=token)
    assert status == 200, mine
    [seen] = [a for a in mine["items"] if a["appointment_id"] == appointment_id]
    assert (seen["status"], seen["reason"]) == ("cancelled", REASON)

    def cancellation_mail() -> dict | None:
        mails = [m for m in stack.request("GET", "/_local/outbox")[2]["messages"] if m["to"] == [CITIZEN]]
        return next((m for m in mails if "rendez-vous annulé" in m["subject"]), None)

    mail = eventually(cancellation_mail)
    assert "exceptionnellement" not in mail["text"] and "Mes rendez-vous" in mail["text"]

    # 7. On paper: the list only, without the menu, the forms and the buttons.
    page.evaluate("window.print = () => { window.printed = true; }")
    page.click("#imprimer")
    assert page.evaluate("window.printed") is True
    page.emulate_media(media="print")
    assert page.locator("header").is_hidden() and page.locator("#rendez-vous").is_hidden()
    assert page.locator(".agendas-connus").is_hidden() and page.locator("#imprimer").is_hidden()
    assert page.locator("table.rendez-vous").is_visible() and row.locator("td.heure").is_visible()
    assert page.locator("table.rendez-vous th:text-is('Action')").is_hidden()
    page.screenshot(path=str(SHOTS / "54-agent-rendez-vous-imprimes.png"), full_page=True)
    page.emulate_media(media="screen")

    # 8. « Rendez-vous » alone (the menu, the inbox's appointments): the agenda consulted last, today.
    today = datetime.now(PARIS).date().isoformat()
    page.click("#menu >> text=À traiter")
    page.wait_for_selector("h1:text-is('À traiter')")
    assert page.locator("[data-compte=appointments_today]").count() == 1
    items = page.locator("table.a-traiter tr:has(td:text-is('Rendez-vous'))")
    assert items.count() == page.locator("table.a-traiter a[href='#/appointments']").count()
    page.click("#menu >> text=Rendez-vous")
    page.wait_for_function(f"location.hash === '#/appointments/CNI/{today}'")
    page.wait_for_selector(".liste-rdv h2")
    assert page.input_value("#rdv-agenda") == "CNI" and page.input_value("#rdv-date") == today
