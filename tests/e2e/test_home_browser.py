"""« Accueil » and « Plan du site » in a real browser against the local stack.

On a fresh tenant, the town publishes a family with a child enrolled in school meals, an invoice to pay and
a paid one; the parent has booked two meals in the coming days and one in three weeks, and the town refused
one of the family's requests. Logged in, the parent lands on « Accueil »: the balance, the next bookings and
the answer, each block and line a link that opens its screen. A later visit shows only what was answered
since; a block whose call fails says so, the others still show. « Plan du site » lists every screen of the
menu, grouped as it is, for a guest and once logged in, and each of its links opens its screen. Every screen
goes through the guide's checks (axe-core at 1280 and 375 px, no sideways scrolling).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from .helpers import citizen, new_tenant, screen

pytestmark = pytest.mark.e2e
TENANT = "ville-accueil"
PASSWORD = "Cantine2024!"
TODAY = datetime.now(ZoneInfo("Europe/Paris")).date()
SOON, LATER, FAR = TODAY + timedelta(days=2), TODAY + timedelta(days=5), TODAY + timedelta(days=21)
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]  # fmt: skip


def invoice(invoice_id: str, amount: str, days_ago: int) -> dict[str, Any]:
    return {
        "type": "invoice",
        "invoice_id": invoice_id,
        "family_id": "F-ARN",
        "number": invoice_id,
        "reference": f"R-{invoice_id}",
        "emission_code": "EM-ACC",
        "personal_code": "PC-ACC",
        "date": (TODAY - timedelta(days=days_ago)).isoformat(),
        "due_date": (TODAY - timedelta(days=days_ago) + timedelta(days=30)).isoformat(),
        "issuer": "Régie Enfance",
        "nature": "Restauration scolaire",
        "amount": amount,
    }


RECORDS: list[dict[str, Any]] = [
    {"type": "family", "family_id": "F-ARN", "label": "Famille ARNAUD", "subscriber_code": "ARN-7Q2K-0001"},
    {
        "type": "child",
        "child_id": "E-JADE",
        "family_id": "F-ARN",
        "first_name": "Jade",
        "last_name": "ARNAUD",
        "birth_date": "2018-02-11",
        "school": "École Marie Curie",
        "class": "CE1",
    },
    {
        "type": "activity",
        "activity_id": "CANT-MC",
        "label": "Restauration scolaire – École Marie Curie",
        "nature": "Restauration scolaire",
        "from": (TODAY - timedelta(days=30)).isoformat(),
        "to": (TODAY + timedelta(days=90)).isoformat(),
        "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        "closed": [],
        "extra_days": [],
        "units": [{"unit_id": "REPAS", "label": "Repas", "price": "3.20", "capacity": None}],
        "booking_deadline": {"days_before": 1, "time": "10:00", "working_days": False},
        "cancellation_deadline": None,
        "opens_at": None,
        "waiting_list": False,
    },
    {
        "type": "enrolment",
        "child_id": "E-JADE",
        "activity_id": "CANT-MC",
        "from": (TODAY - timedelta(days=30)).isoformat(),
        "to": (TODAY + timedelta(days=90)).isoformat(),
    },
    invoice("ACC-0002", "12.30", 10),
    invoice("ACC-0001", "5.00", 40),
    {
        "type": "payment",
        "invoice_id": "ACC-0001",
        "number": "P-ACC-1",
        "payment_type": "Carte bancaire",
        "date": (TODAY - timedelta(days=35)).isoformat(),
        "amount": "5.00",
        "description": "Règlement en ligne",
    },
]


@pytest.fixture(scope="module")
def town(stack) -> str:
    """The tenant, published once for the module's tests: its admin key."""
    return new_tenant(stack, TENANT, RECORDS)


def in_words(day: date) -> str:
    """« lundi 7 décembre », as the portal says a day."""
    return f"{WEEKDAYS[day.weekday()]} {'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]}"


def log_in(page, stack, email: str) -> None:
    page.goto(f"{stack.url}/?tenant={TENANT}#/connexion")
    page.wait_for_selector("h1:has-text('Se connecter')")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form >> text=Se connecter")


def loaded(page) -> None:
    page.wait_for_selector("h1:has-text('Accueil')")
    page.wait_for_function("!document.querySelector('main').textContent.includes('Chargement')")


def block(page, name: str) -> str:
    return (
        page.inner_text(f"section[aria-labelledby=accueil-{name}] .bloc-contenu")
        .replace("\u202f", " ")
        .replace("\xa0", " ")
    )


def ask_and_decide(stack, key: str, token: str, year: int, decision: str, reason: str | None = None) -> str:
    body = {"family_id": "F-ARN", "certificate": "tax", "year": year}
    status, _, request = stack.request("POST", f"/{TENANT}/requests/certificates", body, token=token)
    assert status == 201, request
    decided = json.dumps({"decision": decision, **({"reason": reason} if reason else {})}).encode()
    path = f"/{TENANT}/admin/requests/{request['request_id']}/decision"
    headers = {"Content-Type": "application/json", "X-Api-Key": key}
    assert stack.request("POST", path, raw=decided, headers=headers)[0] == 200
    return request["summary"]


def back_home(page) -> None:
    page.go_back()
    loaded(page)


def test_the_home_shows_the_balance_the_next_bookings_and_the_answers_with_working_links(stack, page, town):
    email = "arnaud.accueil@example.org"
    token = citizen(stack, email, "ARN-7Q2K-0001", tenant=TENANT)
    changes = [{"date": day.isoformat(), "unit_id": "REPAS", "booked": True} for day in (SOON, LATER, FAR)]
    status, _, booked = stack.request(
        "POST", f"/{TENANT}/children/E-JADE/bookings", {"activity_id": "CANT-MC", "changes": changes}, token=token
    )
    assert status == 200 and booked["summary"]["booked"] == 3, booked
    refused = ask_and_decide(stack, town, token, TODAY.year - 1, "refused", "Revenez en <b>janvier</b>.")

    # 1. Logged in: the home, not the invoice history.
    log_in(page, stack, email)
    loaded(page)
    assert page.url.endswith("#/accueil")
    assert page.locator("#menu a[aria-current=page]").all_inner_texts() == ["Accueil"]
    assert page.locator("main h2").all_inner_texts() == [
        "Mes factures à payer",
        "Mes prochaines réservations",
        "Réponses à mes demandes",
    ]
    assert block(page, "factures").startswith("1 facture à payer, solde : 12,30 €")
    assert page.get_by_role("link", name="Facture n° ACC-0002").count() == 1
    bookings = page.locator("section[aria-labelledby=accueil-reservations] li").all_inner_texts()
    restaurant = "Repas (Restauration scolaire – École Marie Curie)"
    assert bookings == [f"{in_words(SOON)} : Jade, {restaurant}", f"{in_words(LATER)} : Jade, {restaurant}"]
    answers = page.locator("section[aria-labelledby=accueil-demandes] li").all_inner_texts()
    assert len(answers) == 1 and answers[0].startswith(f"{refused} : refusée le ")
    assert page.locator("main b").count() == 0
    screen(page, "70-accueil")

    # 2. Each block's heading and each line open their screen.
    for link, heading in [
        ("Mes factures à payer", "Historique des factures"),
        ("Facture n° ACC-0002", "Facture n° ACC-0002"),
        ("Mes prochaines réservations", "Réservations"),
        (f"{in_words(SOON)} : Jade", "Calendrier de Jade"),
        ("Réponses à mes demandes", "Mes demandes"),
        (refused, "Mes demandes"),
    ]:
        page.get_by_role("link", name=link, exact=True).click()
        page.wait_for_selector(f"h1:has-text('{heading}')")
        back_home(page)
    page.get_by_role("link", name=f"{in_words(SOON)} : Jade").click()
    page.wait_for_selector(f"#grille input[data-date='{SOON.isoformat()}']:checked")

    # 3. The same visit (this tab's session): the answer still shows, however often the home opens.
    page.goto(f"{stack.url}/?tenant={TENANT}#/accueil")
    loaded(page)
    assert block(page, "demandes").startswith(refused)

    # 4. A later visit (another tab, logged in again): nothing new; then an answer given since shows alone.
    later = page.context.new_page()
    log_in(later, stack, email)
    loaded(later)
    assert block(later, "demandes") == "Aucune nouvelle réponse depuis votre dernière visite."
    accepted = ask_and_decide(stack, town, token, TODAY.year - 2, "accepted")
    later.reload()
    loaded(later)
    answers = later.locator("section[aria-labelledby=accueil-demandes] li").all_inner_texts()
    assert len(answers) == 1 and answers[0].startswith(f"{accepted} : acceptée le ")

    # 5. A block whose call fails says so; the others show as before.
    later.route("**/requests?limit=100", lambda route: route.fulfill(status=503, body="{}"))
    later.reload()
    loaded(later)
    assert block(later, "demandes") == "Les réponses à vos demandes n'ont pas pu être chargées. Réessayez plus tard."
    assert block(later, "factures").startswith("1 facture à payer, solde : 12,30 €")
    assert later.locator("section[aria-labelledby=accueil-reservations] li").count() == 2
    screen(later, "71-accueil-un-bloc-en-echec")

    # 6. A guest's screen, once logged in, gives way to the home.
    later.goto(f"{stack.url}/?tenant={TENANT}#/inscription")
    loaded(later)


HEADINGS = {
    "#/accueil": "Accueil",
    "#/abonnements": "Mes abonnements",
    "#/compte": "Mon compte",
    "#/inscriptions": "Inscriptions",
    "#/famille": "Réservations",
    "#/dossier": "Mon dossier – Famille ARNAUD",
    "#/demandes": "Mes demandes",
    "#/demandes/attestation": "Demander une attestation",
    "#/documents": "Mes documents – Famille ARNAUD",
    "#/factures": "Historique des factures",
    "#/prise-de-rendez-vous": "Prise de rendez-vous",
    "#/rendez-vous": "Mes rendez-vous",
    "#/plan-du-site": "Plan du site",
    "#/messages": "Nous contacter",
    "#/messages/nouveau": "Nouveau message",
}


def plan_links(page) -> list[tuple[str, str]]:
    links = page.locator("main a")
    return [(links.nth(i).inner_text(), links.nth(i).get_attribute("href")) for i in range(links.count())]


def menu_links(page) -> list[tuple[str, str]]:
    links = page.locator("#menu a")
    return [(links.nth(i).inner_text(), links.nth(i).get_attribute("href")) for i in range(links.count())]


def test_the_site_map_lists_every_screen_of_the_menu_and_each_link_opens_it(stack, page, town):
    # 1. A guest: the login, with the screens reached from it, registering, the site map itself.
    page.goto(f"{stack.url}/?tenant={TENANT}#/plan-du-site")
    page.wait_for_selector("h1:has-text('Plan du site')")
    assert plan_links(page) == [
        ("Se connecter", "#/connexion"),
        ("Mot de passe oublié", "#/mot-de-passe-oublie"),
        ("Recevoir à nouveau le lien d'activation", "#/renvoi"),
        ("Créer un compte", "#/inscription"),
        ("Plan du site", "#/plan-du-site"),
    ]
    assert set(menu_links(page)) <= set(plan_links(page))
    screen(page, "72-plan-du-site-visiteur")

    # 2. Logged in: every screen of the menu, grouped as it is, and the screens within « Mes demandes »,
    #    « Prise de rendez-vous » and « Nous contacter ».
    citizen(stack, "arnaud.plan@example.org", "ARN-7Q2K-0001", tenant=TENANT)
    log_in(page, stack, "arnaud.plan@example.org")
    loaded(page)
    page.click("#menu >> text=Plan du site")
    page.wait_for_selector("h1:has-text('Plan du site')")
    assert page.locator("main h2").all_inner_texts() == ["Mon espace citoyen", "Espace famille"]
    menu, plan = menu_links(page), plan_links(page)
    assert menu[-1] == ("Nous contacter", "#/messages")
    assert menu[9] == ("Prise de rendez-vous", "#/prise-de-rendez-vous")
    assert plan == [
        *menu[:7],
        ("Demander une attestation", "#/demandes/attestation"),
        *menu[7:10],
        ("Mes rendez-vous", "#/rendez-vous"),
        *menu[10:],
        ("Nouveau message", "#/messages/nouveau"),
    ]
    assert page.locator("main ul[aria-labelledby] a").all_inner_texts() == [
        "Mes abonnements",
        "Mon compte",
        "Inscriptions",
        "Réservations",
        "Mon dossier",
        "Mes demandes",
        "Demander une attestation",
        "Mes documents",
    ]
    screen(page, "73-plan-du-site")

    # 3. Each link opens its screen (not the login form, nor the home instead).
    for _, href in plan:
        page.click(f"main a[href='{href}']")
        page.wait_for_selector(f"main h1:has-text('{HEADINGS[href]}')")
        assert page.evaluate("location.hash") == href
        page.goto(f"{stack.url}/?tenant={TENANT}#/plan-du-site")
        page.wait_for_selector("h1:has-text('Plan du site')")
