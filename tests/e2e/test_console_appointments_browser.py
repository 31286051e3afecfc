"""An agenda's day in « Espace agent », the town agents' console at /agent/, in a real browser against the local
stack (API.md v1.3, "Appointments" and "Town agents").

A citizen books a slot of the demo's « CNI » agenda through the API, a script tag in its note. The demo agent
(every permission) logs in on « Rendez-vous »: no agenda used yet in the tab, today's list of the first agenda
by label opens, the form offering the town's two agendas (GET /admin/agendas) by label and code; an unknown
agenda in the address is said; the agenda chosen by its label, the day of the booking lists the appointment at
its Paris time, with who booked and the note as the characters typed (no script runs, no dialog opens). The
agent cancels it: « Non, le garder » first keeps it, an empty reason is refused in French, then confirmed with
a reason the row shows struck; the citizen's « Mes rendez-vous » (GET /appointments) has it cancelled with that
reason, and the mail the citizen gets does not hold it. On paper, the list only. « Rendez-vous » alone then
opens the agenda used last, on today, as the inbox's appointments do. The agendas unreadable (a 503 answered
in the browser): said, and a list's address still opens its list; none (answered in the browser too): the town
is said to have none yet. Every screen goes through the guide's checks at 1280 px (axe-core, the menu on one
line).
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
CNI = "Cartes d'identité et passeports (CNI)"
INSCRIPTIONS = "Inscriptions scolaires (INSCRIPTIONS)"
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

    today = datetime.now(PARIS).date().isoformat()

    # 1. « Rendez-vous » opened logged out: the login form first; then, no agenda used yet in this tab, today's
    # list of the first agenda by label, the form offering the town's agendas by label and code.
    page.goto(f"{stack.url}/agent/#/appointments")
    log_in(page, stack.demo_agent())
    page.wait_for_function(f"location.hash === '#/appointments/CNI/{today}'")
    page.wait_for_selector(".liste-rdv h2")
    page.wait_for_selector("#menu a[aria-current=page]:text-is('Rendez-vous')")
    assert page.locator("#rdv-agenda option").all_inner_texts() == [CNI, INSCRIPTIONS]
    assert page.eval_on_selector_all("#rdv-agenda option", "os => os.map(o => o.value)") == ["CNI", "INSCRIPTIONS"]
    assert page.input_value("#rdv-agenda") == "CNI"
    assert page.input_value("#rdv-date") == today
    assert page.inner_text(".liste-rdv h2").startswith(f"{CNI} – ")
    assert page.inner_text(".liste-rdv .lieu") == "Mairie – guichet 2"
    assert every_field_is_labelled(page)
    screen(page, "50-agent-rendez-vous-choix", phone=False)

    # 2. An unknown agenda in the address (the list answers 404): said, the form still offering the others.
    page.evaluate(f"location.hash = '#/appointments/NOPE/{day}'")
    said = "Aucun agenda ne porte le code « NOPE » : choisissez-en un dans la liste."
    page.wait_for_selector(f"#agenda-inconnu:text-is('{said}')")
    assert page.evaluate("document.activeElement.id") == "agenda-inconnu"
    assert page.locator(".liste-rdv").count() == 0
    assert page.locator("#rdv-agenda option").all_inner_texts() == [CNI, INSCRIPTIONS]
    assert page.input_value("#rdv-date") == day
    screen(page, "50-agent-rendez-vous-inconnu", phone=False)

    # 3. The agenda chosen by its label, the booking's day: the appointment at its Paris time, who booked, the
    # note as text; nothing ran.
    page.select_option("#rdv-agenda", label=INSCRIPTIONS)
    page.select_option("#rdv-agenda", label=CNI)
    page.click("#rendez-vous button[type=submit]")
    page.wait_for_selector(f"tr[data-rendez-vous='{appointment_id}']")
    assert page.evaluate("location.hash") == f"#/appointments/CNI/{day}"
    assert page.inner_text(".liste-rdv h2").startswith(f"{CNI} – ")
    assert page.locator("#agenda-inconnu").count() == 0
    cells = row_cells(page, appointment_id)
    assert cells[:5] == [hours, "M. Fuzz Fuzz", CITIZEN, NOTE, "Confirmé"], cells
    ask = page.locator(f"tr[data-rendez-vous='{appointment_id}'] button.annuler")
    assert ask.evaluate("b => b.firstChild.textContent") == "Annuler ce rendez-vous"  # what is seen; then who
    assert page.get_by_role("button", name=f"Annuler ce rendez-vous de {start:%H:%M} (M. Fuzz Fuzz)").count() == 1
    starts = page.locator("table.rendez-vous td.heure").all_inner_texts()
    assert starts == sorted(starts)  # by time
    assert page.locator("main script, main b").count() == 0
    assert dialogs == []
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
    assert page.locator(".liste-rdv h2").is_visible() and page.locator("#imprimer").is_hidden()
    assert page.locator("table.rendez-vous").is_visible() and row.locator("td.heure").is_visible()
    assert page.locator("table.rendez-vous th:text-is('Action')").is_hidden()
    page.screenshot(path=str(SHOTS / "54-agent-rendez-vous-imprimes.png"), full_page=True)
    page.emulate_media(media="screen")

    # 8. « Rendez-vous » alone (the menu, the inbox's appointments): the agenda used last in the tab, today.
    page.select_option("#rdv-agenda", label=INSCRIPTIONS)
    page.click("#rendez-vous button[type=submit]")
    page.wait_for_function(f"location.hash === '#/appointments/INSCRIPTIONS/{day}'")
    page.wait_for_selector(f".liste-rdv h2:has-text('{INSCRIPTIONS} – ')")
    assert page.inner_text(".liste-rdv .lieu") == "Mairie – service Enfance"
    page.click("#menu >> text=À traiter")
    page.wait_for_selector("h1:text-is('À traiter')")
    assert page.locator("[data-compte=appointments_today]").count() == 1
    items = page.locator("table.a-traiter tr:has(td:text-is('Rendez-vous'))")
    assert items.count() == page.locator("table.a-traiter a[href='#/appointments']").count()
    page.click("#menu >> text=Rendez-vous")
    page.wait_for_function(f"location.hash === '#/appointments/INSCRIPTIONS/{today}'")
    page.wait_for_selector(f".liste-rdv h2:has-text('{INSCRIPTIONS} – ')")
    assert page.input_value("#rdv-agenda") == "INSCRIPTIONS" and page.input_value("#rdv-date") == today

    # 9. The agendas unreadable (GET /admin/agendas answered 503 here): said in French; the address of a list
    # still opens it, the form offering its agenda alone, by its code.
    def unavailable(route) -> None:
        route.fulfill(status=503, content_type="application/problem+json", body='{"code": "unavailable"}')

    page.route(f"{stack.url}/demo/admin/agendas", unavailable)
    page.evaluate(f"location.hash = '#/appointments/CNI/{day}'")
    page.wait_for_selector(f"tr[data-rendez-vous='{appointment_id}']")
    assert page.inner_text("#agendas-illisibles") == (
        "La liste des agendas n'a pas pu être chargée. "
        "Le service est momentanément indisponible : réessayez dans quelques instants."
    )
    assert page.locator("#rdv-agenda option").all_inner_texts() == ["CNI"]
    assert page.inner_text(".liste-rdv h2").startswith("CNI – ")
    assert row_cells(page, appointment_id)[4] == f"Annulé\nMotif : {REASON}"
    screen(page, "55-agent-rendez-vous-sans-agendas", phone=False)
    page.evaluate(f"location.hash = '#/appointments/INSCRIPTIONS/{day}'")
    page.wait_for_selector(".liste-rdv h2:has-text('INSCRIPTIONS – ')")
    page.click("#menu >> text=Rendez-vous")  # the agenda used last, from the tab's memory alone
    page.wait_for_function(f"location.hash === '#/appointments/INSCRIPTIONS/{today}'")
    page.wait_for_function(f"document.querySelector('#rdv-date')?.value === '{today}'")  # the day's list drawn
    assert page.inner_text(".liste-rdv h2").startswith("INSCRIPTIONS – ")
    page.unroute(f"{stack.url}/demo/admin/agendas")

    # 10. A town without agendas (GET /admin/agendas answered with none here): said, no form.
    def none(route) -> None:
        route.fulfill(status=200, content_type="application/json", body='{"items": []}')

    page.route(f"{stack.url}/demo/admin/agendas", none)
    page.evaluate("location.hash = '#/appointments'")
    page.wait_for_selector("main p.rien:has-text(\"La mairie n'a pas encore d'agenda de rendez-vous\")")
    assert page.evaluate("location.hash") == "#/appointments"
    assert page.locator("form#rendez-vous, .liste-rdv").count() == 0
    page.unroute(f"{stack.url}/demo/admin/agendas")
