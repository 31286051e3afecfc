"""« Prise de rendez-vous » in a real browser against the local stack (API.md v1.3, "Appointments").

On a fresh tenant with two agendas, a citizen whose account follows no family (the browser in Auckland's time
zone) opens « Prise de rendez-vous » from the menu, after « Espace facturation » as in the user guide: the
agendas with their places; an agenda's first week with a free slot, Monday to Sunday, each slot at its Paris
time and named with its day; the weeks after it and back. A slot chosen, its confirmation step takes a note
holding a script: booked, the answer shows it as those characters and no dialog opens; the confirmation mail
carries the appointment's `text/calendar` file and the link to « Mes rendez-vous ». There, the appointment to
come with « Annuler », and one booked too late to be cancelled online with the sentence to call the town; the
first cancelled after its confirmation, the second cancelled by the town with a reason shown as typed. A note
with an invisible character is refused beside it; a second appointment of the agenda beyond its `per_account`
is refused in French; a slot another account took meanwhile sends the citizen back to the week read again,
saying so. Every screen goes through the guide's checks
(axe-core at 1280 and 375 px, no sideways scrolling, the menu on one line at 1280 px).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from .helpers import browser_context, citizen, eventually, every_field_is_labelled, new_tenant, screen

pytestmark = pytest.mark.e2e
TENANT = "ville-rendez-vous"
PASSWORD = "Cantine2024!"
PARIS = ZoneInfo("Europe/Paris")
TODAY = datetime.now(PARIS).date()
NOTE = "Passeport expiré\n<script>alert(1)</script>"
REASON = "Guichet fermé ce jour-là <b>exceptionnellement</b>\nReprenez rendez-vous."
TOO_LATE = "Il est trop tard pour annuler ce rendez-vous en ligne : pour l'annuler, appelez la mairie."
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]  # fmt: skip
CNI = "Cartes d'identité et passeports"
CIVIL = "État civil"


def agenda(agenda_id: str, label: str, place: str, hours: tuple[str, str], **rules: Any) -> dict[str, Any]:
    every_day = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    return {
        "type": "agenda",
        "agenda_id": agenda_id,
        "label": label,
        "place": place,
        "from": TODAY.isoformat(),
        "to": (TODAY + timedelta(days=120)).isoformat(),
        "hours": [{"weekday": day, "start": hours[0], "end": hours[1]} for day in every_day],
        "closed": [],
        **rules,
    }


RECORDS = [
    # Booked through the page: 24 hours' notice, cancellable until 24 hours before, one at a time.
    agenda(
        "CNI",
        CNI,
        "Mairie – guichet 2",
        ("09:00", "12:00"),
        slot_minutes=20,
        places_per_slot=2,
        min_notice_hours=24,
        max_days_ahead=60,
        cancellation_hours=24,
        per_account=1,
    ),
    # No notice but 72 hours to cancel: its first free slot, once booked, can no longer be cancelled online.
    agenda(
        "ETAT-CIVIL",
        CIVIL,
        "Mairie – accueil",
        ("08:00", "20:00"),
        slot_minutes=30,
        places_per_slot=1,
        min_notice_hours=0,
        max_days_ahead=30,
        cancellation_hours=72,
        per_account=3,
    ),
]


@pytest.fixture(scope="module")
def town(stack) -> str:
    """The tenant, published once for the module's tests: its admin key."""
    return new_tenant(stack, TENANT, RECORDS)


@pytest.fixture
def auckland(stack):
    """A page of a browser whose clock is in Auckland: what the screens say in Paris time is not its own."""
    with browser_context(timezone_id="Pacific/Auckland") as context:
        yield context.new_page()


def paris(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(PARIS)


def day_fr(day: date, year: bool = False) -> str:
    number = "1er" if day.day == 1 else str(day.day)
    return f"{WEEKDAYS[day.weekday()]} {number} {MONTHS[day.month - 1]}" + (f" {day.year}" if year else "")


def slots(stack, token: str, agenda_id: str, first: date, days: int = 31) -> list[dict[str, Any]]:
    query = f"from={first}&to={first + timedelta(days=days - 1)}"
    status, _, found = stack.request("GET", f"/{TENANT}/agendas/{agenda_id}/slots?{query}", token=token)
    assert status == 200, found
    return found["slots"]


def book(stack, token: str, agenda_id: str, start: str) -> dict[str, Any]:
    body = {"agenda_id": agenda_id, "start": start}
    status, _, booked = stack.request("POST", f"/{TENANT}/appointments", body, token=token)
    assert status == 201, booked
    return booked


def log_in(page, stack, email: str) -> None:
    page.goto(f"{stack.url}/?tenant={TENANT}#/connexion")
    page.wait_for_selector("h1:has-text('Se connecter')")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form >> text=Se connecter")
    page.wait_for_selector("h1:has-text('Accueil')")


def facts(item) -> dict[str, str]:
    terms, values = item.locator("dt").all_inner_texts(), item.locator("dd").all_inner_texts()
    return dict(zip(terms, values, strict=True))


def week_shown(page) -> dict[str, list[str]]:
    """Each day of the week shown, by its heading, with its slots' times as seen (their names add the day)."""
    days = page.locator("ul.jours-rdv > li")
    return {
        days.nth(i).locator("h3").inner_text(): days.nth(i).locator("button.creneau .heure").all_inner_texts()
        for i in range(days.count())
    }


def week_expected(found: list[dict[str, Any]], monday: date) -> dict[str, list[str]]:
    """The week from ``monday`` as the API's slots make it, in Paris time."""
    expected: dict[str, list[str]] = {day_fr(monday + timedelta(days=n)): [] for n in range(7)}
    for slot in found:
        start = paris(slot["start"])
        if monday <= start.date() <= monday + timedelta(days=6):
            expected[day_fr(start.date())].append(f"{start:%H:%M}")
    return expected


def slot_button(page, slot: dict[str, Any]):
    start = paris(slot["start"])
    return page.get_by_role("button", name=f"{day_fr(start.date())} à {start:%H:%M}", exact=True)


def card(page, label: str):
    return page.locator("li.rendez-vous", has=page.locator(f'h3:text-is("{label}")'))


def test_a_citizen_books_an_appointment_follows_it_and_cancels_it(stack, auckland, town):
    page = auckland
    email = "sans.famille.rdv@example.org"
    token = citizen(stack, email, tenant=TENANT)  # no family: appointments are open to every account
    late = book(stack, token, "ETAT-CIVIL", slots(stack, token, "ETAT-CIVIL", TODAY, 3)[0]["start"])
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))

    # 1. « Prise de rendez-vous » from the menu, after « Espace facturation »: the agendas with their places.
    log_in(page, stack, email)
    assert page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") == "Pacific/Auckland"
    menu = page.locator("#menu a").all_inner_texts()
    assert menu[-4:] == ["Espace facturation", "Prise de rendez-vous", "Plan du site", "Nous contacter"]
    page.click("#menu >> text=Prise de rendez-vous")
    page.wait_for_selector("li.agenda")
    assert page.inner_text("main h1") == "Prise de rendez-vous"
    assert page.locator("#menu a[aria-current=page]").inner_text() == "Prise de rendez-vous"
    agendas = page.locator("li.agenda")
    assert agendas.locator("h2").all_inner_texts() == [CNI, CIVIL]
    assert facts(agendas.nth(0)) == {"Lieu": "Mairie – guichet 2", "Durée d'un rendez-vous": "20 minutes"}
    assert facts(agendas.nth(1)) == {"Lieu": "Mairie – accueil", "Durée d'un rendez-vous": "30 minutes"}
    screen(page, "120-prise-de-rendez-vous")

    # 2. An agenda: its first week with a free slot, Monday to Sunday, each slot at its Paris time.
    found = slots(stack, token, "CNI", TODAY - timedelta(days=TODAY.weekday()))
    monday = paris(found[0]["start"]).date() - timedelta(days=paris(found[0]["start"]).weekday())
    found = slots(stack, token, "CNI", monday)
    page.click(f'main a:text-is("{CNI}")')
    page.wait_for_selector("button.creneau")
    assert page.inner_text("main h1") == CNI
    assert page.locator("#menu a[aria-current=page]").inner_text() == "Prise de rendez-vous"
    assert page.inner_text("#semaine") == f"Semaine du {day_fr(monday)} au {day_fr(monday + timedelta(days=6), True)}"
    assert week_shown(page) == week_expected(found, monday)
    assert page.is_disabled("#precedent") == (monday == TODAY - timedelta(days=TODAY.weekday()))
    first = found[0]
    assert slot_button(page, first).count() == 1
    screen(page, "121-creneaux-de-la-semaine")

    # 3. The week after and back: the address follows, the focus stays on the button.
    page.click("#suivant")
    following = monday + timedelta(days=7)
    page.wait_for_function(f"location.hash === '#/prise-de-rendez-vous/CNI/{following}'")
    page.wait_for_selector(f"#semaine:has-text('{day_fr(following)}')")
    assert week_shown(page) == week_expected(slots(stack, token, "CNI", following), following)
    assert page.evaluate("document.activeElement.id") == "suivant"
    page.click("#precedent")
    page.wait_for_selector(f"#semaine:has-text('{day_fr(monday)}')")
    assert week_shown(page) == week_expected(found, monday)

    # 4. A slot chosen: the confirmation step, then booked with a note holding a script, shown as typed.
    slot_button(page, first).click()
    page.wait_for_selector("#etape h2:text-is('Confirmer votre rendez-vous')")
    assert page.evaluate("document.activeElement.id") == "etape-titre"
    start, end = paris(first["start"]), paris(first["end"])
    assert facts(page.locator("#etape")) == {
        "Service": CNI,
        "Lieu": "Mairie – guichet 2",
        "Date": day_fr(start.date(), True),
        "Heure": f"de {start:%H:%M} à {end:%H:%M}",
    }
    assert page.get_attribute("#rdv-note", "maxlength") == "500"
    assert every_field_is_labelled(page)
    page.fill("#rdv-note", NOTE)
    screen(page, "122-confirmer-le-rendez-vous")
    with page.expect_response(lambda r: r.url.endswith(f"/{TENANT}/appointments")) as sent:
        page.click("text=Confirmer le rendez-vous")
    assert sent.value.request.post_data_json == {"agenda_id": "CNI", "start": first["start"], "note": NOTE}
    assert sent.value.status == 201
    booked = sent.value.json()
    page.wait_for_selector("#etape h2:text-is('Rendez-vous confirmé')")
    assert page.evaluate("document.activeElement.id") == "etape-titre"
    said = facts(page.locator("#etape"))
    assert said["Votre note"] == NOTE
    assert said["Date"] == day_fr(start.date(), True)
    assert said["Annulable en ligne jusqu'au"].startswith(day_fr((start - timedelta(hours=24)).date()))
    assert page.locator("main script").count() == 0
    assert dialogs == []
    screen(page, "123-rendez-vous-confirme")

    # 5. The confirmation mail: the appointment's calendar file and the link to « Mes rendez-vous ».
    uid = f"UID:{booked['appointment_id']}@{TENANT}.rendez-vous"

    def confirmation() -> dict[str, Any] | None:
        found_mails = [m for m in stack.request("GET", "/_local/outbox")[2]["messages"] if m["to"] == [email]]
        return next((m for m in found_mails if any(uid in (a["text"] or "") for a in m["attachments"])), None)

    mail = eventually(confirmation)
    assert mail["subject"] == f"{TENANT.title()} : rendez-vous confirmé"
    [attached] = mail["attachments"]
    assert (attached["filename"], attached["content_type"]) == ("rendez-vous.ics", "text/calendar")
    assert f"DTSTART;TZID=Europe/Paris:{start:%Y%m%dT%H%M%S}" in attached["text"]
    assert "#/rendez-vous" in mail["text"]

    # 6. « Mes rendez-vous »: to come, soonest first; « Annuler » until the agenda's delay, else the sentence.
    page.click("main >> text=Voir mes rendez-vous")
    page.wait_for_selector("h1:has-text('Mes rendez-vous')")
    assert page.evaluate("location.hash") == "#/rendez-vous"
    assert page.locator("#menu a[aria-current=page]").inner_text() == "Prise de rendez-vous"
    assert page.locator("main h2").all_inner_texts() == ["À venir (2)", "Passés (0)"]
    assert page.locator("li.rendez-vous h3").all_inner_texts() == [CIVIL, CNI]
    late_start, late_end = paris(late["start"]), paris(late["end"])
    assert facts(card(page, CIVIL)) == {
        "Lieu": "Mairie – accueil",
        "Date": day_fr(late_start.date(), True),
        "Heure": f"de {late_start:%H:%M} à {late_end:%H:%M}",
        "État": "Confirmé",
    }
    assert card(page, CIVIL).locator("p.trop-tard").inner_text() == TOO_LATE
    assert card(page, CIVIL).locator("button").count() == 0
    assert facts(card(page, CNI))["Votre note"] == NOTE
    cancel = card(page, CNI).get_by_role("button", name=re.compile(r"^Annuler le rendez-vous « Cartes"))
    assert cancel.count() == 1
    screen(page, "124-mes-rendez-vous")

    # 7. Cancelled after its confirmation: said, and the card says so, without its button.
    with page.expect_response(lambda r: r.request.method == "DELETE") as deleted:
        cancel.click()
    assert deleted.value.status == 204
    page.wait_for_selector("main p.ok")
    assert dialogs == [f"Annuler le rendez-vous « {CNI} » du {day_fr(start.date(), True)} à {start:%H:%M} ?"]
    assert page.inner_text("main p.ok").startswith(f"Votre rendez-vous « {CNI} » du ")
    assert page.evaluate("document.activeElement.classList.contains('ok')")
    assert facts(card(page, CNI))["État"] == "Annulé"
    assert card(page, CNI).locator("button").count() == 0
    screen(page, "125-rendez-vous-annule")

    # 8. The town cancels the other one with a reason: shown as typed, line break kept, no markup.
    headers = {"X-Api-Key": town}
    path = f"/{TENANT}/admin/appointments/{late['appointment_id']}/cancellation"
    assert stack.request("POST", path, {"reason": REASON}, headers=headers)[0] == 200
    page.reload()
    page.wait_for_selector("li.rendez-vous")
    assert facts(card(page, CIVIL))["État"] == "Annulé"
    assert facts(card(page, CIVIL))["Motif de l'annulation"] == REASON
    assert page.locator("main b").count() == 0
    assert card(page, CIVIL).locator("p.trop-tard").count() == 0
    screen(page, "126-annule-par-la-mairie")
    assert len(dialogs) == 1  # the confirmation only: no script ran


def test_the_account_limit_and_a_slot_taken_meanwhile_are_said_in_french(stack, auckland, town):
    page = auckland
    email = "limite.rdv@example.org"
    citizen(stack, email, tenant=TENANT)
    other = citizen(stack, "autre.rdv@example.org", tenant=TENANT)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, stack, email)

    # 1. A note with an invisible character: refused beside it, in French, and focused there.
    page.goto(f"{stack.url}/?tenant={TENANT}#/prise-de-rendez-vous/CNI")
    page.wait_for_selector("button.creneau")
    page.locator("button.creneau").nth(0).click()
    page.fill("#rdv-note", "Bonjour\u200b")
    with page.expect_response(lambda r: r.url.endswith(f"/{TENANT}/appointments")) as refused:
        page.click("text=Confirmer le rendez-vous")
    assert refused.value.status == 422
    page.locator("#rdv-note-erreur").filter(has_text="caractères non autorisés").wait_for()
    assert page.get_attribute("#rdv-note", "aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "rdv-note"

    # 2. Booked without a note, then another appointment of the agenda: beyond per_account, refused in French.
    page.fill("#rdv-note", "   ")
    with page.expect_response(lambda r: r.url.endswith(f"/{TENANT}/appointments")) as sent:
        page.click("text=Confirmer le rendez-vous")
    assert sent.value.status == 201 and "note" not in sent.value.request.post_data_json
    page.wait_for_selector("#etape h2:text-is('Rendez-vous confirmé')")
    page.click("text=Prendre un autre rendez-vous")
    page.wait_for_function("document.activeElement.id === 'semaine'")  # the week read again, focused
    assert page.is_hidden("#etape")
    page.locator("button.creneau").nth(1).click()
    with page.expect_response(lambda r: r.url.endswith(f"/{TENANT}/appointments")) as refused:
        page.click("text=Confirmer le rendez-vous")
    assert (refused.value.status, refused.value.json()["code"]) == (409, "appointment_limit")
    general = page.locator("#confirmation .error[data-for=form]")
    general.filter(has_text="nombre maximal de rendez-vous à venir").wait_for()
    assert general.locator("a").get_attribute("href") == "#/rendez-vous"
    assert page.evaluate("document.activeElement.dataset.for") == "form"
    screen(page, "127-limite-de-rendez-vous")

    # 3. A slot of one place, chosen; another account takes it before the confirmation: back to the week,
    #    read again without it, and why.
    page.goto(f"{stack.url}/?tenant={TENANT}#/prise-de-rendez-vous/ETAT-CIVIL")
    page.wait_for_selector("button.creneau")
    taken = page.locator("button.creneau").nth(2)
    start = taken.get_attribute("data-start")
    taken.click()
    page.wait_for_selector("#confirmation")
    book(stack, other, "ETAT-CIVIL", start)
    with page.expect_response(lambda r: r.url.endswith(f"/{TENANT}/appointments")) as full:
        page.click("text=Confirmer le rendez-vous")
    assert (full.value.status, full.value.json()["code"]) == (409, "slot_full")
    page.wait_for_selector('#rdv-message:has-text("Quelqu\'un vient de réserver ce créneau")')
    assert page.is_hidden("#etape") and page.is_visible("#choix")
    assert page.evaluate("document.activeElement.id") == "rdv-message"
    assert page.locator(f"button.creneau[data-start='{start}']").count() == 0
    screen(page, "128-creneau-pris-entre-temps")
    assert dialogs == []
