"""The bookings area's screens (web/areas/bookings/) in a real browser, against a stand-in of the API.

The portal's files are served from web/ and every API call is answered by ``BookingsApi`` below, through
Playwright's ``page.route``, exactly as API.md (v1.2, "Citizen: family space") shows: no local stack, no
network. The stand-in is strict: a calendar over more than 62 days, more than 400 changes or the same day
and unit twice in one request, an unknown route or field are recorded as violations, and every test ends
by checking there was none. The browser's clock is fixed (Tuesday 1 December 2026, 10:00 in Paris) and its
time zone is Auckland's, so that what the screens say in Paris time is not the browser's own time.

Every screen goes through the guide's checks (axe-core at 1280 and 375 px, no sideways scrolling).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from .helpers import PHONE, browser_context, every_field_is_labelled, screen

WEB = Path(__file__).resolve().parents[2] / "web"
ORIGIN = "http://portail.test"
NOW = "2026-12-01T09:00:00Z"  # Tuesday 1 December 2026, 10:00 in Paris
TODAY = date(2026, 12, 1)
TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css"}


def activity(activity_id: str, label: str, nature: str) -> dict[str, str]:
    return {"activity_id": activity_id, "label": label, "nature": nature, "from": "2026-09-01", "to": "2027-07-03"}


CANTINE = activity("CANT-JF", "Restauration scolaire – École Jules Ferry", "Restauration scolaire")
PERI = activity("PERI-JF", "Accueil périscolaire – École Jules Ferry", "Accueil périscolaire")
CLAS = activity("CLAS", "Accompagnement à la scolarité", "Accompagnement")
CHILDREN = [
    {
        "child_id": "E-001",
        "family_id": "F-001",
        "first_name": "Léa",
        "last_name": "MARTIN",
        "birth_date": "2017-03-02",
        "school": "École Jules Ferry",
        "class": "CE2",
        "activities": [PERI, CANTINE, CLAS],
    },
    {
        "child_id": "E-002",
        "family_id": "F-001",
        "first_name": "Hugo",
        "last_name": "MARTIN",
        "birth_date": "2019-10-20",
        "school": "École Jules Ferry",
        "class": "GS",
        "activities": [CANTINE],
    },
]

# Per activity: open weekdays (0 = Monday), units (id, label, price, places left or None, waiting list),
# and the deadline: so many days before the day, at that UTC time.
ACTIVITIES: dict[str, dict[str, Any]] = {
    "CANT-JF": {"weekdays": {0, 1, 3, 4}, "units": [("REPAS", "Repas", 320, None, False)], "deadline": (4, "09:00")},
    "PERI-JF": {
        "weekdays": {0, 1, 3, 4},
        "units": [("MATIN", "Accueil du matin", 150, 2, False), ("SOIR", "Accueil du soir", 250, 0, True)],
        "deadline": (2, "16:30"),
    },
    "CLAS": {
        "weekdays": set(range(7)),
        "units": [(u, f"Atelier {u}", 100, None, False) for u in "ABC"],
        "deadline": (2, "09:00"),
    },
}


def day(text: str) -> date:
    return date.fromisoformat(text)


class BookingsApi:
    """The API's bookings routes as API.md shows them, for one account following the MARTIN family."""

    def __init__(self) -> None:
        # (child, activity, date, unit) → (status, waiting_position)
        self.bookings: dict[tuple[str, str, str, str], tuple[str, int | None]] = {
            ("E-001", "CANT-JF", "2026-12-01", "REPAS"): ("absent", None),
            ("E-001", "CANT-JF", "2026-12-03", "REPAS"): ("booked", None),
            ("E-001", "CANT-JF", "2026-12-07", "REPAS"): ("booked", None),
            ("E-001", "CANT-JF", "2026-12-11", "REPAS"): ("booked", None),
            ("E-001", "PERI-JF", "2026-12-07", "SOIR"): ("waiting", 2),
        }
        # (date, unit) → the code of a refusal the parent could not foresee (another parent took the last
        # place a moment before, the municipality closed the day or moved a deadline meanwhile)
        self.refuse: dict[tuple[str, str], str] = {}
        # (date, unit) → the code the calendar says a booking would be refused with, for a reason of the family's
        # (API.md v1.3, "Bookings and the file": the file to certify, papers missing) or bookings not open yet
        self.blocked: dict[tuple[str, str], str] = {}
        self.requests: list[tuple[str, str, Any]] = []
        self.violations: list[str] = []
        self.notifications = {"new_invoices": True, "reminders": True, "bookings": True, "requests": True}

    # -- the rules, as the server decides them --

    @staticmethod
    def deadline(activity_id: str, when: str) -> str:
        days, at = ACTIVITIES[activity_id]["deadline"]
        return f"{day(when) - timedelta(days=days)}T{at}:00Z"

    @staticmethod
    def is_open(activity_id: str, when: str) -> bool:
        return day(when).weekday() in ACTIVITIES[activity_id]["weekdays"]

    def unit_view(self, child: str, activity_id: str, when: str, unit: tuple) -> dict[str, Any]:
        unit_id, label, price, places, waiting_list = unit
        status, position = self.bookings.get((child, activity_id, when, unit_id), (None, None))
        deadline = self.deadline(activity_id, when)
        before = deadline > NOW
        held = status in ("booked", "waiting")
        refusal = None
        if status is None:
            refusal = self.blocked.get((when, unit_id)) or ("deadline_passed" if not before else None)
            refusal = refusal or ("full" if places == 0 and not waiting_list else None)
        return {
            "unit_id": unit_id,
            "label": label,
            "price_cents": price,
            "status": status,
            "waiting_position": position,
            "booking_deadline": deadline,
            "cancellation_deadline": deadline,
            "bookable": status is None and refusal is None,
            "cancellable": held and before,
            "places_left": places,
            "refusal": refusal,
        }

    def calendar(self, child: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        activity_id, start, end = (query.get(k, [""])[0] for k in ("activity_id", "from", "to"))
        if not start or not end or not activity_id or (day(end) - day(start)).days + 1 > 62 or end < start:
            self.violations.append(f"calendar {query}")
            return 422, problem(422, "validation_failed")
        if activity_id not in enrolments(child):
            return 404, problem(404, "activity_not_found")
        days = []
        for n in range((day(end) - day(start)).days + 1):
            when = str(day(start) + timedelta(days=n))
            if self.is_open(activity_id, when):
                units = [self.unit_view(child, activity_id, when, u) for u in ACTIVITIES[activity_id]["units"]]
                days.append({"date": when, "units": units})
        return 200, {"child_id": child, "activity_id": activity_id, "from": start, "to": end, "days": days}

    def book(self, child: str, body: dict[str, Any]) -> tuple[int, Any]:
        changes = body.get("changes", [])
        pairs = [(c["date"], c["unit_id"]) for c in changes]
        if set(body) != {"activity_id", "changes"} or not 1 <= len(changes) <= 400 or len(set(pairs)) < len(pairs):
            self.violations.append(f"bookings of {len(changes)} changes")
            return 422, problem(422, "validation_failed")
        activity_id = body["activity_id"]
        results, summary = [], dict.fromkeys(("booked", "waiting", "cancelled", "unchanged", "refused"), 0)
        for change in changes:
            key = (child, activity_id, change["date"], change["unit_id"])
            unit = next(u for u in ACTIVITIES[activity_id]["units"] if u[0] == change["unit_id"])
            view = self.unit_view(child, activity_id, change["date"], unit)
            outcome, code, position = self.decide(activity_id, view, change)
            if outcome in ("booked", "waiting"):
                self.bookings[key] = (outcome, position)
            elif outcome == "cancelled":
                del self.bookings[key]
            summary[outcome] += 1
            results.append(
                {
                    "date": change["date"],
                    "unit_id": change["unit_id"],
                    "outcome": outcome,
                    "code": code,
                    "waiting_position": position,
                }
            )
        return 200, {"results": results, "summary": summary}

    def decide(self, activity_id: str, view: dict[str, Any], change: dict[str, Any]) -> tuple:
        held = view["status"] in ("booked", "waiting")
        before = view["booking_deadline"] > NOW
        if change["booked"]:
            if not self.is_open(activity_id, change["date"]):
                return "refused", "not_open", None
            if not before:
                return "refused", "deadline_passed", None
            if (change["date"], change["unit_id"]) in self.refuse:
                return "refused", self.refuse[(change["date"], change["unit_id"])], None
            if held:
                return "unchanged", None, None
            if view["places_left"] == 0:
                return "waiting", None, 3
            return "booked", None, None
        if not held:
            return "unchanged", None, None
        return ("cancelled", None, None) if before else ("refused", "deadline_passed", None)

    def absence(self, child: str, body: dict[str, Any]) -> tuple[int, Any]:
        if set(body) - {"activity_id", "from", "to", "reason", "comment"} or body.get("reason") not in (
            "illness",
            "other",
        ):
            self.violations.append(f"absence {body}")
            return 422, problem(422, "validation_failed")
        if body.get("comment") == "refusé par le serveur":
            return 422, {
                **problem(422, "too_long"),
                "errors": [{"field": "body.comment", "code": "too_long", "message": "String should have at most"}],
            }
        absent, cancelled = [], []
        for (kid, activity_id, when, unit_id), (status, _) in sorted(self.bookings.items()):
            if kid != child or activity_id != body["activity_id"] or not body["from"] <= when <= body["to"]:
                continue
            if self.deadline(activity_id, when) > NOW or status == "waiting":
                cancelled.append({"date": when, "unit_id": unit_id})
                del self.bookings[(kid, activity_id, when, unit_id)]
            elif status == "booked":
                absent.append({"date": when, "unit_id": unit_id})
                self.bookings[(kid, activity_id, when, unit_id)] = ("absent", None)
        return 200, {"absent": absent, "cancelled": cancelled}

    # -- HTTP --

    def answer(self, method: str, url: str, body: Any) -> tuple[int, Any]:
        parts = urlsplit(url)
        path, query = parts.path, parse_qs(parts.query)
        self.requests.append((method, path + (f"?{parts.query}" if parts.query else ""), body))
        found = re.fullmatch(r"/demo/children/([^/]+)(/calendar|/bookings|/absences)", path)
        if (method, path) == ("POST", "/demo/sessions"):
            return 201, {"access_token": "jeton-de-test", "token_type": "Bearer", "expires_in": 900}
        if method == "GET" and path == "/demo/children":
            return 200, {"items": CHILDREN}
        if found and found.group(1) not in {c["child_id"] for c in CHILDREN}:
            return 404, problem(404, "child_not_found")
        if found and (method, found.group(2)) == ("GET", "/calendar"):
            return self.calendar(found.group(1), query)
        if found and (method, found.group(2)) == ("POST", "/bookings"):
            return self.book(found.group(1), body)
        if found and (method, found.group(2)) == ("POST", "/absences"):
            return self.absence(found.group(1), body)
        if path == "/demo/me" and method in ("GET", "PATCH"):
            if method == "PATCH":
                if set(body) != {"notifications"} or set(body["notifications"]) - set(self.notifications):
                    self.violations.append(f"PATCH /me {body}")
                    return 422, problem(422, "validation_failed")
                self.notifications.update(body["notifications"])
            return 200, {
                "civility": "MME",
                "last_name": "MARTIN",
                "first_name": "Claire",
                "email": "claire.martin@example.org",
                "created_at": "2026-09-01T08:00:00Z",
                "notifications": dict(self.notifications),
                "email_undeliverable": False,
            }
        self.violations.append(f"{method} {path}")
        return 404, problem(404, "not_found")

    def posted(self, suffix: str) -> list[Any]:
        return [body for method, path, body in self.requests if method == "POST" and path.endswith(suffix)]

    def calendars(self) -> list[tuple[str, str]]:
        asked = [parse_qs(urlsplit(path).query) for method, path, _ in self.requests if "/calendar" in path]
        return [(q["from"][0], q["to"][0]) for q in asked]


def enrolments(child: str) -> set[str]:
    return {a["activity_id"] for c in CHILDREN if c["child_id"] == child for a in c["activities"]}


def problem(status: int, code: str) -> dict[str, Any]:
    return {"type": "about:blank", "title": code, "status": status, "code": code, "detail": code, "errors": []}


@pytest.fixture
def api() -> BookingsApi:
    return BookingsApi()


@pytest.fixture
def portal(api) -> Iterator[Any]:
    """A logged-in parent's portal: web/ served as is, the API answered by ``api``."""

    def serve(route) -> None:
        url = urlsplit(route.request.url)
        if not route.request.url.startswith(f"{ORIGIN}/"):
            api.violations.append(f"elsewhere: {route.request.url}")
            route.abort()
            return
        if url.path.startswith("/demo/"):
            body = route.request.post_data_json if route.request.post_data else None
            status, data = api.answer(route.request.method, route.request.url, body)
            content_type = "application/problem+json" if status >= 400 else "application/json"
            route.fulfill(status=status, content_type=content_type, body=json.dumps(data))
            return
        name = WEB / ("index.html" if url.path == "/" else url.path.lstrip("/"))
        if name.resolve().is_relative_to(WEB) and name.is_file() and name.suffix in TYPES:
            route.fulfill(status=200, content_type=TYPES[name.suffix], body=name.read_bytes())
        else:
            route.fulfill(status=404, body="")

    with browser_context(timezone_id="Pacific/Auckland") as context:
        context.route("**/*", serve)
        context.add_init_script(  # logged in once, in a tab that has not been yet
            "if (!sessionStorage.getItem('ouvert')) { sessionStorage.setItem('ouvert', '1');"
            " sessionStorage.setItem('access_token', 'jeton-de-test'); }"
        )
        page = context.new_page()
        page.clock.set_fixed_time(datetime.fromisoformat(NOW))
        yield page
    assert not api.violations, api.violations


def open_calendar(page, child: str, activity_id: str, start: str = "") -> None:
    page.goto(f"{ORIGIN}/#/calendrier/{child}/{activity_id}{f'/{start}' if start else ''}")
    page.wait_for_selector("#grille .jour, #grille p:not(:has-text('Chargement'))")


def box(page, when: str, unit: str):
    return page.locator(f"#grille input[data-date='{when}'][data-unit='{unit}']")


def details(page, when: str, unit: str) -> str:
    text = page.locator(f"#grille li.unite:has(input[data-date='{when}'][data-unit='{unit}']) .etat").inner_text()
    return text.replace("\u202f", " ").replace("\xa0", " ")


def said(page) -> str:
    page.wait_for_function("document.getElementById('annonce').textContent.length > 0")
    return page.inner_text("#annonce")


def test_the_children_and_their_activities_link_to_each_calendar(api, portal):
    page = portal
    page.goto(f"{ORIGIN}/#/famille")
    page.wait_for_selector("h1:has-text('Réservations')")
    assert page.locator("#menu a").all_inner_texts() == [
        "Accueil",
        "Mes abonnements",
        "Mon compte",
        "Inscriptions",
        "Réservations",
        "Mon dossier",
        "Mes demandes",
        "Mes documents",
        "Espace facturation",
        "Prise de rendez-vous",
        "Plan du site",
        "Nous contacter",
    ]
    assert page.locator("#menu a[aria-current=page]").all_inner_texts() == ["Réservations"]
    assert page.locator("main h2").all_inner_texts() == ["Léa MARTIN", "Hugo MARTIN"]
    lea = page.locator("section.enfant").nth(0)
    assert "École Jules Ferry" in lea.inner_text() and "CE2" in lea.inner_text()
    assert lea.locator("td[data-label=Activité]").all_inner_texts() == [PERI["label"], CANTINE["label"], CLAS["label"]]
    assert lea.locator("td[data-label=Du]").all_inner_texts()[0] == "01/09/2026"
    links = page.locator("a[href^='#/calendrier/']")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        "#/calendrier/E-001/PERI-JF",
        "#/calendrier/E-001/CANT-JF",
        "#/calendrier/E-001/CLAS",
        "#/calendrier/E-002/CANT-JF",
    ]
    assert page.get_by_role("link", name="Calendrier de Hugo pour Restauration scolaire – École Jules Ferry").count()
    screen(page, "20-espace-famille")

    # On a phone each activity is a card, its calendar link still there.
    page.set_viewport_size(PHONE)
    assert page.locator("a[href='#/calendrier/E-002/CANT-JF']").is_visible()
    page.set_viewport_size({"width": 1280, "height": 720})
    page.click("a[href='#/calendrier/E-002/CANT-JF']")
    page.wait_for_selector("h1:has-text('Calendrier de Hugo')")


def test_the_calendar_shows_each_day_and_unit_with_its_status_price_places_and_deadline_in_paris_time(api, portal):
    page = portal
    open_calendar(page, "E-001", "CANT-JF")
    assert page.inner_text("h1") == "Calendrier de Léa"
    # A desktop shows four weeks from this week's Monday.
    assert api.calendars() == [("2026-11-30", "2026-12-27")]
    assert page.inner_text("#periode") == "Du lundi 30 novembre 2026 au dimanche 27 décembre 2026"
    assert page.locator("#grille h2").all_inner_texts()[0] == "Semaine du lundi 30 novembre"
    assert page.locator("#grille .jour h3").all_inner_texts()[:4] == [
        "lundi 30 novembre",
        "mardi 1er décembre",
        "jeudi 3 décembre",
        "vendredi 4 décembre",
    ]
    # Each toggle is a labelled checkbox: the unit and the day.
    assert page.get_by_role("checkbox", name="Repas, lundi 7 décembre").is_checked()
    assert details(page, "2026-12-07", "REPAS") == "réservé · 3,20 € · modifiable jusqu'au jeudi 3 décembre à 10 h"
    assert details(page, "2026-12-08", "REPAS") == (
        "non réservé · 3,20 € · modifiable jusqu'au vendredi 4 décembre à 10 h"
    )
    assert box(page, "2026-12-03", "REPAS").is_disabled() and box(page, "2026-12-03", "REPAS").is_checked()
    assert details(page, "2026-12-03", "REPAS") == (
        "réservé · 3,20 € · plus modifiable depuis le dimanche 29 novembre à 10 h"
    )
    assert details(page, "2026-12-01", "REPAS").startswith("absent · 3,20 €")
    assert page.locator("li.unite.absent").count() == 1
    assert details(page, "2026-12-04", "REPAS").startswith("non réservable")
    screen(page, "21-calendrier")

    # Next and previous: four weeks at a time, the address following (a reload opens the same weeks).
    page.click("#suivant")
    page.wait_for_selector("#periode:has-text('Du lundi 28 décembre 2026')")
    assert api.calendars()[-1] == ("2026-12-28", "2027-01-24")
    assert page.url.endswith("#/calendrier/E-001/CANT-JF/2026-12-28")
    assert said(page) == "Du lundi 28 décembre 2026 au dimanche 24 janvier 2027"
    assert page.evaluate("document.activeElement.id") == "suivant"
    page.click("#precedent")
    page.wait_for_selector("#periode:has-text('Du lundi 30 novembre 2026')")


def test_deadlines_are_said_in_words_in_paris_time_whatever_the_browsers_time_zone(portal):
    page = portal
    page.goto(f"{ORIGIN}/#/famille")
    page.wait_for_selector("h1")
    said_as = page.evaluate("""async () => {
        const { instantFr, dayFr, todayParis } = await import('/core/format.js');
        return [instantFr('2026-12-03T09:00:00Z'), instantFr('2026-12-03T09:30:00Z'),
                instantFr('2026-07-02T22:05:00Z'), instantFr('2027-01-01T08:00:00Z'),
                instantFr('2026-10-25T00:59:00Z'), dayFr('2026-12-01'), dayFr('2027-01-04', true), todayParis(),
                Intl.DateTimeFormat().resolvedOptions().timeZone];
    }""")
    assert said_as == [
        "jeudi 3 décembre à 10 h",
        "jeudi 3 décembre à 10 h 30",
        "vendredi 3 juillet à 0 h 05",  # summer time: UTC+2
        "vendredi 1er janvier 2027 à 9 h",  # another year: said
        "dimanche 25 octobre à 2 h 59",  # before the clocks go back at 03:00 (01:00 UTC)
        "mardi 1er décembre",
        "lundi 4 janvier 2027",
        "2026-12-01",
        "Pacific/Auckland",  # the browser's own zone is elsewhere
    ]


def test_toggling_two_days_and_saving_posts_exactly_those_changes_then_shows_each_outcome(api, portal):
    page = portal
    open_calendar(page, "E-001", "CANT-JF")
    # With the keyboard: Space toggles, Tab goes to the next day, whose focus is visible.
    page.get_by_role("checkbox", name="Repas, lundi 7 décembre").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Repas, mardi 8 décembre"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Space")
    page.get_by_role("checkbox", name="Repas, jeudi 10 décembre").check()  # changed back: not a change
    page.get_by_role("checkbox", name="Repas, jeudi 10 décembre").uncheck()
    assert page.inner_text("#en-attente") == "2 changements à enregistrer."
    assert details(page, "2026-12-08", "REPAS").startswith("à réserver (non enregistré) · non réservé")
    assert details(page, "2026-12-07", "REPAS").startswith("à annuler (non enregistré) · réservé")
    screen(page, "22-calendrier-changements")
    page.click("#enregistrer")
    page.wait_for_selector("#resultat:not([hidden])")
    assert api.posted("/bookings") == [
        {
            "activity_id": "CANT-JF",
            "changes": [
                {"date": "2026-12-07", "unit_id": "REPAS", "booked": False},
                {"date": "2026-12-08", "unit_id": "REPAS", "booked": True},
            ],
        }
    ]
    assert page.locator("#resultat li").all_inner_texts() == [
        "Repas, lundi 7 décembre : annulé",
        "Repas, mardi 8 décembre : réservé",
    ]
    assert page.inner_text("#resultat p") == "1 réservé, 1 annulé"
    assert said(page) == "1 réservé, 1 annulé"
    assert page.evaluate("document.activeElement.id") == "resultat"
    # Redrawn from the API: what was saved is what it now says.
    page.wait_for_function("document.querySelector('#en-attente').textContent.startsWith('Aucun')")
    assert api.calendars()[-1] == ("2026-11-30", "2026-12-27")
    assert details(page, "2026-12-08", "REPAS").startswith("réservé")
    assert details(page, "2026-12-07", "REPAS").startswith("non réservé")
    screen(page, "23-calendrier-enregistre")

    # Nothing to save: nothing sent.
    page.click("#enregistrer")
    assert said(page) == "Aucun changement à enregistrer."
    assert len(api.posted("/bookings")) == 1


def test_places_the_waiting_list_and_refusals_are_said_in_french(api, portal):
    page = portal
    open_calendar(page, "E-001", "PERI-JF")
    assert details(page, "2026-12-07", "SOIR") == (
        "en liste d'attente (2e) · 2,50 € · aucune place restante · modifiable jusqu'au samedi 5 décembre à 17 h 30"
    )
    assert details(page, "2026-12-08", "SOIR").startswith("complet : liste d'attente possible · 2,50 €")
    assert details(page, "2026-12-08", "MATIN").startswith("non réservé · 1,50 € · 2 places restantes")
    assert page.locator("#grille .jour").first.locator("li.unite").count() == 2  # every unit of each open day
    api.refuse[("2026-12-10", "MATIN")] = "full"  # another parent takes the last places meanwhile
    page.get_by_role("checkbox", name="Accueil du soir, mardi 8 décembre").check()
    page.get_by_role("checkbox", name="Accueil du matin, jeudi 10 décembre").check()
    page.get_by_role("checkbox", name="Accueil du matin, mardi 8 décembre").check()
    page.click("#enregistrer")
    page.wait_for_selector("#resultat:not([hidden])")
    assert api.posted("/bookings")[0]["changes"] == [
        {"date": "2026-12-08", "unit_id": "MATIN", "booked": True},
        {"date": "2026-12-08", "unit_id": "SOIR", "booked": True},
        {"date": "2026-12-10", "unit_id": "MATIN", "booked": True},
    ]
    assert page.locator("#resultat li").all_inner_texts() == [
        "Accueil du matin, mardi 8 décembre : réservé",
        "Accueil du soir, mardi 8 décembre : placé en liste d'attente (position 3)",
        "Accueil du matin, jeudi 10 décembre : refusé : complet",
    ]
    assert page.inner_text("#resultat p") == "1 réservé, 1 en liste d'attente, 1 refusé"
    page.wait_for_function("document.querySelector('#en-attente').textContent.startsWith('Aucun')")
    assert details(page, "2026-12-08", "SOIR").startswith("en liste d'attente (3e)")
    screen(page, "24-calendrier-liste-d-attente")


def test_each_refusal_and_an_unchanged_request_are_said_in_french(api, portal):
    """What the calendar offered may have changed when the request arrives: the API's word is the last."""
    page = portal
    open_calendar(page, "E-001", "CANT-JF")
    codes = ["not_open", "deadline_passed", "booking_not_open", "full"]
    days = ["2026-12-08", "2026-12-10", "2026-12-14", "2026-12-15"]
    api.refuse.update({(when, "REPAS"): code for when, code in zip(days, codes, strict=True)})
    for when in days:
        box(page, when, "REPAS").check()
    api.bookings[("E-001", "CANT-JF", "2026-12-17", "REPAS")] = ("booked", None)  # the other parent, meanwhile
    box(page, "2026-12-17", "REPAS").check()
    page.click("#enregistrer")
    page.wait_for_selector("#resultat:not([hidden])")
    assert page.locator("#resultat li").all_inner_texts() == [
        "Repas, mardi 8 décembre : refusé : ce jour n'est pas ouvert",
        "Repas, jeudi 10 décembre : refusé : la date limite est passée",
        "Repas, lundi 14 décembre : refusé : les réservations ne sont pas encore ouvertes",
        "Repas, mardi 15 décembre : refusé : complet",
        "Repas, jeudi 17 décembre : inchangé",
    ]
    assert page.inner_text("#resultat p") == "1 inchangé, 4 refusés"
    assert page.get_attribute("#resultat p", "class") == "error"
    screen(page, "24b-calendrier-refus")


def test_why_a_day_cannot_be_booked_is_said_with_where_to_put_it_right(api, portal):
    """API v1.3: the calendar's `refusal` on the day, and the refusals the family can put right after saving."""
    page = portal
    api.blocked.update(
        {
            ("2026-12-14", "REPAS"): "file_not_certified",
            ("2026-12-15", "REPAS"): "documents_missing",
            ("2026-12-17", "REPAS"): "booking_not_open",
        }
    )
    open_calendar(page, "E-001", "CANT-JF")
    reason = "#grille li.unite:has(input[data-date='{}']) .raison"
    assert page.inner_text(reason.format("2026-12-14")) == "Dossier à certifier dans Mon dossier"
    assert page.get_attribute(reason.format("2026-12-14") + " a", "href") == "#/dossier/F-001"
    assert page.inner_text(reason.format("2026-12-15")) == "Pièces manquantes, à envoyer dans Mes documents"
    assert page.get_attribute(reason.format("2026-12-15") + " a", "href") == "#/documents/F-001"
    assert page.inner_text(reason.format("2026-12-17")) == "Réservations pas encore ouvertes"
    assert page.inner_text(reason.format("2026-12-04")) == "Date limite dépassée"
    assert details(page, "2026-12-04", "REPAS").startswith("non réservable · 3,20 € · plus modifiable depuis le")
    assert box(page, "2026-12-15", "REPAS").is_disabled()
    assert page.locator("#grille li.unite:has(input[data-date='2026-12-07']) .raison").count() == 0  # booked
    assert page.locator("#grille li.unite:has(input[data-date='2026-12-08']) .raison").count() == 0  # bookable
    screen(page, "24c-calendrier-raisons")

    # Refused when saved (the town asked for its papers meanwhile): said, with where to put it right.
    api.refuse.update({("2026-12-08", "REPAS"): "documents_missing", ("2026-12-10", "REPAS"): "file_not_certified"})
    box(page, "2026-12-08", "REPAS").check()
    box(page, "2026-12-10", "REPAS").check()
    page.click("#enregistrer")
    page.wait_for_selector("#resultat:not([hidden])")
    assert page.locator("#resultat li").all_inner_texts() == [
        "Repas, mardi 8 décembre : refusé : pièces manquantes",
        "Repas, jeudi 10 décembre : refusé : dossier à certifier",
    ]
    assert page.locator("#resultat p.raison").all_inner_texts() == [
        "Dossier à certifier dans Mon dossier.",
        "Pièces manquantes, à envoyer dans Mes documents.",
    ]
    assert page.get_attribute("#resultat p.raison a[href='#/documents/F-001']", "href")
    screen(page, "24d-calendrier-refus-dossier")


def test_a_phone_shows_a_week_and_the_semaine_type_prepares_the_changes_to_review(api, portal):
    page = portal
    page.set_viewport_size(PHONE)
    open_calendar(page, "E-001", "CANT-JF")
    assert api.calendars() == [("2026-11-30", "2026-12-06")]  # a week at a time on a phone
    page.click("#suivant")
    page.wait_for_selector("#periode:has-text('Du lundi 7 décembre 2026 au dimanche 13 décembre 2026')")
    assert api.calendars()[-1] == ("2026-12-07", "2026-12-13")
    page.click("summary:has-text('Appliquer une semaine type')")
    form = page.locator("#semaine-type")
    assert form.locator("#type-du").input_value() == "2026-12-07"  # the weeks shown, by default
    assert form.locator("tbody th").all_inner_texts() == [
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
    ]
    page.get_by_role("checkbox", name="Repas le lundi").check()
    page.get_by_role("checkbox", name="Repas le jeudi").check()
    page.fill("#type-au", "2026-12-20")  # two weeks: the second is not shown
    assert every_field_is_labelled(page)
    screen(page, "25-semaine-type")
    page.set_viewport_size(PHONE)
    page.click("text=Préparer ces changements")
    page.wait_for_selector("#semaine-type-fait:has-text('Semaine type appliquée')")
    assert api.calendars()[-1] == ("2026-12-07", "2026-12-20")
    # Mon 7 is booked already, Fri 11 is booked and unchecked: cancelled; Thu 10, Mon 14, Thu 17: booked.
    assert page.inner_text("#en-attente") == "4 changements à enregistrer (dont 2 hors de la période affichée)."
    assert box(page, "2026-12-10", "REPAS").is_checked() and not box(page, "2026-12-11", "REPAS").is_checked()
    assert said(page).startswith("Semaine type appliquée du lundi 7 décembre 2026 au dimanche 20 décembre 2026 : 4")
    screen(page, "26-semaine-type-preparee")
    page.click("#enregistrer")
    page.wait_for_selector("#resultat:not([hidden])")
    assert api.posted("/bookings") == [
        {
            "activity_id": "CANT-JF",
            "changes": [
                {"date": "2026-12-10", "unit_id": "REPAS", "booked": True},
                {"date": "2026-12-11", "unit_id": "REPAS", "booked": False},
                {"date": "2026-12-14", "unit_id": "REPAS", "booked": True},
                {"date": "2026-12-17", "unit_id": "REPAS", "booked": True},
            ],
        }
    ]
    assert page.inner_text("#resultat p") == "3 réservés, 1 annulé"


def test_more_than_400_changes_go_in_several_requests(api, portal):
    page = portal
    open_calendar(page, "E-001", "CLAS")
    page.click("summary:has-text('Appliquer une semaine type')")
    for checkbox in page.locator("#semaine-type input[name=st]").all():
        checkbox.check()
    page.fill("#type-du", "2026-12-07")
    page.fill("#type-au", "2027-06-06")
    page.click("text=Préparer ces changements")
    page.wait_for_selector("#semaine-type-fait:has-text('Semaine type appliquée')")
    asked = api.calendars()[1:]
    assert asked == [("2026-12-07", "2027-02-06"), ("2027-02-07", "2027-04-09"), ("2027-04-10", "2027-06-06")]
    expected = (date(2027, 6, 6) - date(2026, 12, 7)).days + 1
    page.click("#enregistrer")
    page.wait_for_selector("#resultat:not([hidden])")
    sent = api.posted("/bookings")
    assert [len(body["changes"]) for body in sent] == [400, expected * 3 - 400]
    assert sent[0]["changes"][:3] == [{"date": "2026-12-07", "unit_id": u, "booked": True} for u in "ABC"]
    assert page.inner_text("#resultat p") == f"{expected * 3} réservés"


def test_the_semaine_type_period_is_checked_next_to_its_fields(api, portal):
    page = portal
    open_calendar(page, "E-001", "CANT-JF")
    page.click("summary:has-text('Appliquer une semaine type')")
    page.fill("#type-du", "2026-12-20")
    page.fill("#type-au", "2026-12-07")
    page.click("text=Préparer ces changements")
    page.wait_for_selector("#type-au-erreur:has-text('Le dernier jour suit le premier')")
    assert page.get_attribute("#type-au", "aria-invalid") == "true"
    assert len(api.calendars()) == 1


def test_an_absence_posts_its_dates_reason_and_comment_and_says_what_became_absent_and_what_was_cancelled(api, portal):
    page = portal
    open_calendar(page, "E-001", "CANT-JF")
    page.click("summary:has-text('Signaler une absence')")
    assert page.get_attribute("#absence-du", "min") == "2026-11-24"  # 7 days ago at most
    assert page.input_value("#absence-du") == "2026-12-01"
    # Checked here first, next to the fields: too far back, and more than 62 days.
    page.fill("#absence-du", "2026-11-20")
    page.fill("#absence-au", "2026-11-21")
    page.click("text=Signaler l'absence")
    page.wait_for_selector("#absence-du-erreur:has-text('au plus tôt pour le mardi 24 novembre 2026')")
    page.fill("#absence-du", "2026-12-01")
    page.fill("#absence-au", "2027-02-01")
    page.click("text=Signaler l'absence")
    page.wait_for_selector("#absence-au-erreur:has-text('62 jours au plus')")
    assert page.get_attribute("#absence-au", "aria-invalid") == "true"
    # The API's field errors too.
    page.fill("#absence-au", "2026-12-08")
    page.fill("#absence-commentaire", "refusé par le serveur")
    page.click("text=Signaler l'absence")
    page.wait_for_selector("#absence-commentaire-erreur:has-text('Ce texte est trop long')")
    assert page.inner_text("#absence-au-erreur") == ""
    assert every_field_is_labelled(page)
    screen(page, "27-absence-erreurs")

    page.fill("#absence-du", "2026-12-03")
    page.check("#motif-maladie")
    page.fill("#absence-commentaire", "Varicelle, certificat médical transmis à l'école.")
    page.click("text=Signaler l'absence")
    page.wait_for_selector("#resultat:has-text('Absence signalée')")
    assert api.posted("/absences")[-1] == {
        "activity_id": "CANT-JF",
        "from": "2026-12-03",
        "to": "2026-12-08",
        "reason": "illness",
        "comment": "Varicelle, certificat médical transmis à l'école.",
    }
    # Thursday 3 was past its deadline: absent; Monday 7 could still be cancelled: cancelled.
    assert page.inner_text("#resultat p") == "1 jour marqué absent, 1 réservation annulée"
    assert page.locator("#resultat li").all_inner_texts() == [
        "Repas, jeudi 3 décembre : absent",
        "Repas, lundi 7 décembre : réservation annulée",
    ]
    assert said(page) == "1 jour marqué absent, 1 réservation annulée"
    page.wait_for_function(
        "document.querySelector('li.unite:has(input[data-date=\"2026-12-03\"])').classList.contains('absent')"
    )
    assert details(page, "2026-12-03", "REPAS").startswith("absent")
    assert details(page, "2026-12-07", "REPAS").startswith("non réservé")
    assert page.locator("li.unite.absent").count() == 2
    screen(page, "28-absence-signalee")

    # Nothing booked in the range: said so, the reason "Autre" and no comment.
    page.click("summary:has-text('Signaler une absence')")
    page.fill("#absence-du", "2026-12-14")
    page.fill("#absence-au", "2026-12-15")
    page.check("#motif-autre")
    page.click("text=Signaler l'absence")
    page.wait_for_selector("#resultat:has-text('rien n')")
    assert api.posted("/absences")[-1] == {
        "activity_id": "CANT-JF",
        "from": "2026-12-14",
        "to": "2026-12-15",
        "reason": "other",
    }


def test_a_bookmarked_calendar_opens_with_its_child_activity_and_weeks_once_logged_in(api, portal):
    page = portal
    page.goto(f"{ORIGIN}/#/famille")
    page.wait_for_selector("h1:has-text('Réservations')")
    page.evaluate("sessionStorage.removeItem('access_token')")
    page.goto(f"{ORIGIN}/#/calendrier/E-002/CANT-JF/2026-12-14")
    page.reload()
    page.wait_for_selector("h1:has-text('Se connecter')")
    # Before the reload, the page still held its token in memory and may have asked for the calendar: only
    # what the portal asks once logged in counts.
    api.requests.clear()
    page.fill("#email", "claire.martin@example.org")
    page.fill("#password", "Cantine2024!")
    page.click("form >> text=Se connecter")
    page.wait_for_selector("h1:has-text('Calendrier de Hugo')")
    page.wait_for_selector("#grille .jour")
    assert api.calendars() == [("2026-12-14", "2027-01-10")]
    assert page.url.endswith("#/calendrier/E-002/CANT-JF/2026-12-14")


def test_an_unknown_child_or_activity_is_said_in_french(api, portal):
    page = portal
    page.goto(f"{ORIGIN}/#/calendrier/E-999/CANT-JF")
    page.wait_for_selector("text=Cet enfant n'existe pas ou n'est pas suivi par votre compte.")
    screen(page, "29-enfant-inconnu")
    page.goto(f"{ORIGIN}/#/calendrier/E-002/PERI-JF")
    page.wait_for_selector("text=Cet enfant n'est pas inscrit à cette activité.")
    assert api.requests[-1][1].startswith("/demo/children/E-002/calendar?activity_id=PERI-JF")


def test_mon_compte_offers_the_bookings_summary_choice(api, portal):
    page = portal
    page.goto(f"{ORIGIN}/#/compte")
    page.wait_for_selector("h1:has-text('Mon compte')")
    choice = page.get_by_role("checkbox", name=re.compile("^Récapitulatif de mes réservations"))
    assert choice.is_checked()
    choice.uncheck()
    page.click("#avis >> text=Enregistrer mes choix")
    page.wait_for_selector("#annonce:has-text('Vos choix sont enregistrés')")
    assert [body for method, path, body in api.requests if method == "PATCH"] == [
        {"notifications": {"bookings": False}}  # only what changed: an absent key keeps its value
    ]
    page.wait_for_selector("#bookings:not(:checked)")
    assert page.is_checked("#reminders") and page.is_checked("#new_invoices")
    screen(page, "30-mon-compte-reservations")
