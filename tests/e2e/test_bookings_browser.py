"""The bookings area in a real browser against the local stack's `demo` tenant (API.md v1.2, issues 23-24).

A parent of the MARTIN family registers with its subscriber code, opens « Espace famille », sees Léa and
Hugo, books two school meals of Léa's by clicking them in her calendar (CANT-JF: unit REPAS, no capacity,
booking deadline 2 working days before at 10:00), reads them back through the API, then declares an absence
on one of them, and turns the bookings summary mail off in « Mon compte ».
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest

from .helpers import citizen, demo_values, screen

pytestmark = pytest.mark.e2e
PASSWORD = "Cantine2024!"  # citizen()'s
CHILD, ACTIVITY, UNIT = "E-001", "CANT-JF", "REPAS"
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre"]
MONTHS += ["novembre", "décembre"]


def in_words(day: date) -> str:
    """« lundi 7 décembre », as the calendar says a day."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{DAYS[day.weekday()]} {number} {MONTHS[day.month - 1]}"


def calendar(stack, token: str, start: date, end: date) -> list[dict[str, Any]]:
    query = urlencode({"activity_id": ACTIVITY, "from": start.isoformat(), "to": end.isoformat()})
    status, _, body = stack.request("GET", f"/demo/children/{CHILD}/calendar?{query}", token=token)
    assert status == 200, body
    return body["days"]


def meal(days: list[dict[str, Any]], when: date) -> dict[str, Any]:
    [found] = [u for d in days if d["date"] == when.isoformat() for u in d["units"] if u["unit_id"] == UNIT]
    return found


def test_a_parent_books_two_school_meals_then_declares_an_absence_in_the_browser(stack, page):
    martin_code, _ = demo_values(stack)
    email = "famille.navigateur@example.org"
    token = citizen(stack, email, martin_code)
    today = datetime.now(ZoneInfo("Europe/Paris")).date()
    monday = today - timedelta(days=today.weekday())

    # 1. « Réservations » (Espace famille), once logged in: the MARTIN children, each activity with its calendar.
    page.goto(f"{stack.url}/#/famille")
    page.wait_for_selector("h1:has-text('Se connecter')")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form >> text=Se connecter")
    page.wait_for_selector("h1:has-text('Réservations')")
    # Ordered by family label, then first name.
    assert [name.split()[0] for name in page.locator("section.enfant h2").all_inner_texts()] == ["Hugo", "Léa"]
    assert page.locator("a[href='#/calendrier/E-002/CANT-JF']").count() == 1
    screen(page, "40-espace-famille-demo")

    # 2. Léa's school meals: four weeks from this week's Monday on a desktop.
    page.click(f"a[href='#/calendrier/{CHILD}/{ACTIVITY}']")
    page.wait_for_selector("h1:has-text('Calendrier de Léa')")
    page.wait_for_selector("#grille .jour, #grille p:not(:has-text('Chargement'))")
    # Two open days 2 to 3 weeks ahead (or the next ones), bookable under the 2-working-day deadline.
    ahead = calendar(stack, token, monday, monday + timedelta(days=55))
    soon = (today + timedelta(days=14)).isoformat()
    open_days = [date.fromisoformat(d["date"]) for d in ahead if d["date"] >= soon]
    chosen = [when for when in open_days if meal(ahead, when)["bookable"]][:2]
    assert len(chosen) == 2, "no two bookable school meals in the coming eight weeks"
    first, second = chosen
    for when in chosen:
        for _ in range(2):  # the next four weeks, once or twice
            if page.locator(f"#grille input[data-date='{when}']").count():
                break
            shown = page.inner_text("#periode")
            page.click("#suivant")
            page.wait_for_function(f"document.getElementById('periode').textContent !== {json.dumps(shown)}")
        page.get_by_role("checkbox", name=f"Repas, {in_words(when)}").check()
    assert page.inner_text("#en-attente") == "2 changements à enregistrer."
    with page.expect_response(lambda r: r.url.endswith(f"/{CHILD}/bookings")) as posted:
        page.click("#enregistrer")
    assert posted.value.request.post_data_json == {
        "activity_id": ACTIVITY,
        "changes": [{"date": d.isoformat(), "unit_id": UNIT, "booked": True} for d in chosen],
    }
    page.wait_for_selector("#resultat:not([hidden])")
    assert page.inner_text("#resultat p") == "2 réservés"
    assert page.locator("#resultat li").all_inner_texts() == [f"Repas, {in_words(d)} : réservé" for d in chosen]
    page.wait_for_function("document.getElementById('en-attente').textContent.startsWith('Aucun')")
    assert page.get_by_role("checkbox", name=f"Repas, {in_words(second)}").is_checked()
    screen(page, "41-calendrier-demo-reserve")

    # Read back through the API: both days booked.
    booked = calendar(stack, token, first, second)
    assert [meal(booked, d)["status"] for d in chosen] == ["booked", "booked"]

    # 3. « Signaler une absence » for the first day: cancelled while it can be, absent once past its deadline.
    page.click("summary:has-text('Signaler une absence')")
    page.fill("#absence-du", first.isoformat())
    page.fill("#absence-au", first.isoformat())
    page.check("#motif-maladie")
    page.fill("#absence-commentaire", "Fièvre")
    with page.expect_response(lambda r: r.url.endswith(f"/{CHILD}/absences")) as declared:
        page.click("text=Signaler l'absence")
    assert declared.value.request.post_data_json == {
        "activity_id": ACTIVITY,
        "from": first.isoformat(),
        "to": first.isoformat(),
        "reason": "illness",
        "comment": "Fièvre",
    }
    answer = declared.value.json()
    page.wait_for_selector("#resultat:has-text('Absence signalée')")
    summary = page.inner_text("#resultat p")
    after = meal(calendar(stack, token, first, first), first)
    if answer["cancelled"]:
        assert answer["cancelled"] == [{"date": first.isoformat(), "unit_id": UNIT}]
        assert summary == "Aucun jour marqué absent, 1 réservation annulée"
        assert page.locator("#resultat li").all_inner_texts() == [f"Repas, {in_words(first)} : réservation annulée"]
        assert after["status"] is None
        expected = "non réservé"
    else:
        assert answer["absent"] == [{"date": first.isoformat(), "unit_id": UNIT}]
        assert summary == "1 jour marqué absent, aucune réservation annulée"
        assert after["status"] == "absent"
        expected = "absent"
    page.wait_for_function(
        "([when, word]) => { const box = document.querySelector(`#grille input[data-date='${when}']`);"
        " return box && document.getElementById(box.id + '-etat').textContent.startsWith(word); }",
        arg=[first.isoformat(), expected],
    )
    assert meal(calendar(stack, token, second, second), second)["status"] == "booked"
    screen(page, "42-absence-demo")

    # 4. « Mon compte »: the bookings summary mail, turned off.
    page.click("text=Mon compte")
    page.wait_for_selector("h1:has-text('Mon compte')")
    page.get_by_role("checkbox", name=re.compile("^Récapitulatif de mes réservations")).uncheck()
    page.click("#avis >> text=Enregistrer mes choix")
    page.wait_for_selector("#annonce:has-text('Vos choix sont enregistrés')")
    me = stack.request("GET", "/demo/me", token=token)[2]
    assert me["notifications"] == {"new_invoices": True, "reminders": True, "bookings": False, "requests": True}
