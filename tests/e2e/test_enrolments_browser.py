"""« Inscriptions » in a real browser against the local stack (API.md v1.3, "Enrolment requests" and "Bookings
and the file").

On a fresh tenant, the town publishes a summer centre open to enrolment requests now (children born from 2014
on) that needs a child's paper, and a theatre workshop whose bookings wait for the papers. A parent opens
« Inscriptions »: each child with the activities open to it (an older one is told none is), with its dates,
when requests close in Paris time, its paper and a form; a day outside the centre's dates is refused beside the
field; the request sent says « Demande envoyée » with the paper it lacks, linked to « Mes documents » and
« Mes demandes », and the card says « Demande en attente ». The town accepts it through the API: the card says
« Inscrit », and the parent books a day in the calendar. Another family's calendar of the workshop says
« Pièces manquantes » on each day, linked to « Mes documents »; a request the other parent made meanwhile is
said under the form. Every screen goes through the guide's checks (axe-core at 1280 and 375 px, no sideways
scrolling).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest

from .helpers import citizen, every_field_is_labelled, new_tenant, screen

pytestmark = pytest.mark.e2e
TENANT = "ville-inscriptions"
PASSWORD = "Cantine2024!"
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.now(UTC)
TODAY = NOW.date()
START, END = TODAY + timedelta(days=20), TODAY + timedelta(days=33)  # the summer centre, 14 days
CLOSES = datetime.combine(datetime.now(PARIS).date() + timedelta(days=30), time(18, 0), tzinfo=PARIS)
SUMMER, WORKSHOP = "ETE-VI", "THEATRE"
SUMMER_LABEL = "Centre de loisirs – été"
PAPER = "Attestation d'assurance scolaire"
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]  # fmt: skip


def child(child_id: str, family_id: str, first_name: str, last_name: str, born: str) -> dict[str, Any]:
    return {
        "type": "child",
        "child_id": child_id,
        "family_id": family_id,
        "first_name": first_name,
        "last_name": last_name,
        "birth_date": born,
        "school": "École Paul Bert",
        "class": None,
    }


def activity(activity_id: str, label: str, nature: str, first: date, last: date, **more: Any) -> dict[str, Any]:
    return {
        "type": "activity",
        "activity_id": activity_id,
        "label": label,
        "nature": nature,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        "closed": [],
        "extra_days": [],
        "units": [{"unit_id": "JOURNEE", "label": "Journée", "price": "12.00", "capacity": None}],
        "booking_deadline": {"days_before": 1, "time": "10:00", "working_days": False},
        "cancellation_deadline": None,
        "opens_at": None,
        "waiting_list": False,
        **more,
    }


RECORDS: list[dict[str, Any]] = [
    {"type": "family", "family_id": "F-LEF", "label": "Famille LEFÈVRE", "subscriber_code": "LEF-7Q2K-0001"},
    child("E-NINA", "F-LEF", "Nina", "LEFÈVRE", "2017-03-14"),
    child("E-TOM", "F-LEF", "Tom", "LEFÈVRE", "2010-09-02"),  # too old for the summer centre
    {"type": "family", "family_id": "F-GAR", "label": "Famille GARNIER", "subscriber_code": "GAR-7Q2K-0002"},
    child("E-ADAM", "F-GAR", "Adam", "GARNIER", "2016-06-21"),
    activity(
        SUMMER,
        SUMMER_LABEL,
        "Centre de loisirs",
        START,
        END,
        enrolment_requests={
            "opens_at": (NOW - timedelta(days=1)).isoformat(),
            "closes_at": CLOSES.isoformat(),
            "min_birth_date": "2014-01-01",
            "max_birth_date": None,
        },
        requires=[],
    ),
    activity(
        WORKSHOP,
        "Atelier théâtre",
        "Atelier",
        TODAY - timedelta(days=7),
        TODAY + timedelta(days=90),
        requires=["documents"],
    ),
    {
        "type": "enrolment",
        "child_id": "E-ADAM",
        "activity_id": WORKSHOP,
        "from": (TODAY - timedelta(days=7)).isoformat(),
        "to": (TODAY + timedelta(days=90)).isoformat(),
    },
    {
        "type": "document_type",
        "document_type_id": "ASSURANCE",
        "label": PAPER,
        "scope": "child",
        "validity_months": 12,
        "required_for": [SUMMER, WORKSHOP],
    },
]


@pytest.fixture(scope="module")
def town(stack) -> str:
    """The tenant, published once for the module's tests: its admin key."""
    return new_tenant(stack, TENANT, RECORDS)


def log_in(page, stack, email: str, hash_: str) -> None:
    """Opens ``hash_`` as a bookmark, logged out: the login form first, then the screen."""
    page.goto(f"{stack.url}/?tenant={TENANT}{hash_}")
    page.wait_for_selector("h1:has-text('Se connecter')")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form >> text=Se connecter")


def in_words(day: date) -> str:
    """« lundi 7 décembre », as the portal says a day."""
    return f"{DAYS[day.weekday()]} {'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]}"


def closing_words() -> str:
    """When the summer centre's requests close, as the card says it (the year only when it is not this one)."""
    day = CLOSES.date()
    year = "" if day.year == datetime.now(PARIS).year else f" {day.year}"
    return f"Demandes jusqu'au {in_words(day)}{year} à 18 h"


def fr(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def card(page, name: str, label: str):
    """The card of an activity in a child's section, by the child's name and the activity's label."""
    section = page.locator("section.enfant", has=page.locator(f"h2:text-is('{name}')"))
    return section.locator("section.inscription", has=page.locator(f"h3:text-is('{label}')"))


def facts(item) -> dict[str, str]:
    terms, values = item.locator("dt").all_inner_texts(), item.locator("dd").all_inner_texts()
    return dict(zip(terms, values, strict=True))


def decide(stack, key: str, request_id: str) -> None:
    """The town accepts, with the tenant's admin key (its software's way)."""
    body = json.dumps({"decision": "accepted"}).encode()
    headers = {"Content-Type": "application/json", "X-Api-Key": key}
    path = f"/{TENANT}/admin/requests/{request_id}/decision"
    status, _, decided = stack.request("POST", path, raw=body, headers=headers)
    assert status == 200, decided


def unit(stack, token: str, child_id: str, activity_id: str, day: date) -> dict[str, Any]:
    query = urlencode({"activity_id": activity_id, "from": day.isoformat(), "to": day.isoformat()})
    status, _, body = stack.request("GET", f"/{TENANT}/children/{child_id}/calendar?{query}", token=token)
    assert status == 200, body
    [found] = body["days"][0]["units"]
    return found


def test_a_parent_asks_to_enrol_a_child_then_books_once_the_town_accepts(stack, page, town):
    email = "lefevre.inscriptions@example.org"
    token = citizen(stack, email, "LEF-7Q2K-0001", tenant=TENANT)

    # 1. « Inscriptions », a bookmark opened logged out: the login form, then the screen, first of the Espace
    #    famille's entries.
    log_in(page, stack, email, "#/inscriptions")
    page.wait_for_selector("h1:has-text('Inscriptions')")
    page.wait_for_selector("section.enfant")
    menu = page.locator("#menu a").all_inner_texts()
    assert menu.index("Inscriptions") == menu.index("Réservations") - 1
    assert page.locator("#menu a[aria-current=page]").inner_text() == "Inscriptions"
    assert page.locator("main h2").all_inner_texts() == ["Nina LEFÈVRE", "Tom LEFÈVRE"]
    tom = page.locator("section.enfant").nth(1)
    assert tom.locator("p").inner_text() == (
        "Aucune activité n'est ouverte aux demandes d'inscription pour Tom en ce moment."
    )

    # Nina's card: the centre's nature, dates, closing, its paper (no label known yet: its id), and the form.
    summer = card(page, "Nina LEFÈVRE", SUMMER_LABEL)
    assert summer.locator("p.cloture").inner_text() == closing_words()
    assert facts(summer) == {
        "Nature": "Centre de loisirs",
        "Dates": f"Du {fr(START)} au {fr(END)}",
        "Pièces demandées": "ASSURANCE",
        "État": "Pas encore demandée",
    }
    date_input = summer.get_by_label("Inscrire à partir du")
    assert date_input.input_value() == START.isoformat()
    assert (date_input.get_attribute("min"), date_input.get_attribute("max")) == (START.isoformat(), END.isoformat())
    assert summer.get_by_label("Commentaire pour la mairie").get_attribute("maxlength") == "500"
    assert every_field_is_labelled(page)
    screen(page, "90-inscriptions")

    # 2. A day after the centre's last: the API's refusal beside the date, nothing recorded.
    date_input.fill((END + timedelta(days=1)).isoformat())
    with page.expect_response(lambda r: r.url.endswith("/E-NINA/enrolment-requests")) as refused:
        summer.get_by_role("button", name="Demander l'inscription").click()
    assert refused.value.status == 422
    error = summer.locator(".error[data-for=from]")
    error.wait_for()
    page.wait_for_function("document.querySelector('[aria-invalid=true]') !== null")
    assert error.inner_text() == f"Choisissez un jour entre le {fr(START)} et le {fr(END)}."
    assert date_input.get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.name") == "from"
    assert summer.locator(".error[data-for=form]").inner_text() == ""
    screen(page, "91-inscription-date-refusee")

    # 3. Asked from the third day, with a comment: « Demande envoyée », the paper it lacks by its label, where
    #    to send it and where to follow the request; the card says « Demande en attente », no form any more.
    first = START + timedelta(days=2)
    date_input.fill(first.isoformat())
    summer.get_by_label("Commentaire pour la mairie").fill("Les lundis seulement, merci <b>!</b>")
    with page.expect_response(lambda r: r.url.endswith("/E-NINA/enrolment-requests")) as asked:
        summer.get_by_role("button", name="Demander l'inscription").click()
    assert asked.value.request.post_data_json == {
        "activity_id": SUMMER,
        "from": first.isoformat(),
        "comment": "Les lundis seulement, merci <b>!</b>",
    }
    assert asked.value.status == 201
    request = asked.value.json()
    assert request["details"]["missing_document_type_ids"] == ["ASSURANCE"]
    page.wait_for_selector(".resultat-inscription")
    summer = card(page, "Nina LEFÈVRE", SUMMER_LABEL)
    sent = summer.locator(".resultat-inscription")
    assert sent.locator("p.ok").inner_text().startswith("Demande envoyée")
    assert sent.locator("li").all_inner_texts() == [PAPER]
    assert sent.get_by_role("link", name="Mes documents").get_attribute("href") == "#/documents/F-LEF"
    assert sent.get_by_role("link", name="Mes demandes").get_attribute("href") == "#/demandes"
    assert page.evaluate("document.activeElement.classList.contains('resultat-inscription')")
    assert facts(summer)["État"] == "Demande en attente · suivie dans Mes demandes"
    assert facts(summer)["Pièces demandées"] == f"{PAPER} (à fournir)"
    assert summer.locator("form").count() == 0
    assert page.locator("main b").count() == 0
    screen(page, "92-inscription-demandee")

    # « Mes documents », from the card: the paper the request asks for, for Nina.
    sent.get_by_role("link", name="Mes documents").click()
    page.wait_for_selector("h1:has-text('Mes documents – Famille LEFÈVRE')")
    assert page.locator("div.piece h4").all_inner_texts() == [PAPER]
    assert "Demandé pour : Centre de loisirs – été" in page.inner_text("div.piece")

    # 4. The town accepts: « Inscrit », and the calendar a click away, from the day asked for.
    decide(stack, town, request["request_id"])
    page.click("#menu >> text=Inscriptions")
    page.wait_for_selector("h1:has-text('Inscriptions')")
    summer = card(page, "Nina LEFÈVRE", SUMMER_LABEL)
    summer.wait_for()
    assert facts(summer)["État"].startswith("Inscrit · Réserver dans le calendrier")
    screen(page, "93-inscription-acceptee")
    summer.get_by_role("link", name="Réserver dans le calendrier").click()
    page.wait_for_selector("h1:has-text('Calendrier de Nina')")
    page.wait_for_selector("#grille .jour")
    days = page.locator("#grille .jour h3").all_inner_texts()
    assert days[0] == in_words(first) and days[-1] == in_words(END)

    # 5. A day booked through the page, read back through the API.
    page.get_by_role("checkbox", name=f"Journée, {in_words(first)}").check()
    page.click("#enregistrer")
    page.wait_for_selector("#resultat:not([hidden])")
    assert page.inner_text("#resultat p") == "1 réservé"
    assert page.locator("#resultat li").all_inner_texts() == [f"Journée, {in_words(first)} : réservé"]
    page.wait_for_function("document.getElementById('en-attente').textContent.startsWith('Aucun')")
    assert page.get_by_role("checkbox", name=f"Journée, {in_words(first)}").is_checked()
    assert unit(stack, token, "E-NINA", SUMMER, first)["status"] == "booked"
    screen(page, "94-inscription-reservee")


def test_a_calendar_whose_papers_are_missing_says_so_on_each_day_and_links_to_them(stack, page, town):
    email = "garnier.pieces@example.org"
    token = citizen(stack, email, "GAR-7Q2K-0002", tenant=TENANT)
    log_in(page, stack, email, f"#/calendrier/E-ADAM/{WORKSHOP}")
    page.wait_for_selector("h1:has-text('Calendrier de Adam')")
    page.wait_for_selector("#grille .jour")
    ahead = unit(stack, token, "E-ADAM", WORKSHOP, TODAY + timedelta(days=7))
    assert (ahead["bookable"], ahead["refusal"]) == (False, "documents_missing")

    # Each day: not bookable, why, and where to put it right.
    units = page.locator("#grille li.unite")
    assert units.count() >= 7
    reasons = page.locator("#grille li.unite .raison").all_inner_texts()
    assert len(reasons) == units.count()
    assert set(reasons) == {"Pièces manquantes, à envoyer dans Mes documents"}
    assert page.locator("#grille input[type=checkbox]:not([disabled])").count() == 0
    links = page.locator("#grille li.unite .raison a")
    assert {links.nth(i).get_attribute("href") for i in range(links.count())} == {"#/documents/F-GAR"}
    assert units.first.locator(".statut").inner_text() == "non réservable"
    screen(page, "95-calendrier-pieces-manquantes")

    links.first.click()
    page.wait_for_selector("h1:has-text('Mes documents – Famille GARNIER')")
    assert page.locator("div.piece h4").all_inner_texts() == [PAPER]


def test_a_request_the_other_parent_made_meanwhile_is_said_under_the_form(stack, page, town):
    email = "garnier.inscriptions@example.org"
    token = citizen(stack, email, "GAR-7Q2K-0002", tenant=TENANT)
    log_in(page, stack, email, "#/inscriptions")
    page.wait_for_selector("h1:has-text('Inscriptions')")
    summer = card(page, "Adam GARNIER", SUMMER_LABEL)
    summer.wait_for()
    # Adam's workshop paper is missing already: the centre's paper has its label from the start.
    assert facts(summer)["Pièces demandées"] == f"{PAPER} (à fournir)"

    body = {"activity_id": SUMMER, "from": START.isoformat()}
    status, _, made = stack.request("POST", f"/{TENANT}/children/E-ADAM/enrolment-requests", body, token=token)
    assert status == 201, made
    summer.get_by_role("button", name="Demander l'inscription").click()
    general = summer.locator(".error[data-for=form]")
    general.filter(has_text="déjà en attente").wait_for()
    assert general.inner_text() == (
        "Une demande d'inscription de cet enfant à cette activité est déjà en attente : suivez-la dans Mes demandes."
    )
    assert summer.locator(".error[data-for=from]").inner_text() == ""
    screen(page, "96-inscription-deja-demandee")

    # Drawn again, the card says where the request stands.
    page.reload()
    summer = card(page, "Adam GARNIER", SUMMER_LABEL)
    summer.wait_for()
    assert facts(summer)["État"] == "Demande en attente · suivie dans Mes demandes"
