"""« Mon dossier » in a real browser against the local stack (API.md v1.3, "The family's file", issue 33).

On a fresh tenant, the town publishes a family, two children, a guardian and one child's file; a parent
registers with the family's subscriber code, logs in, opens « Mon dossier » from the menu and reads the file:
the guardian's phone in French form, the child's diet and allergy, « Non renseigné » for the child whose file
the town has not published, and what a parent typed shown as text, never as markup. Then the account follows
a second family: « Mon dossier » lists both and opens each. Every screen goes through the guide's checks
(axe-core at 1280 and 375 px, no sideways scrolling).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from .helpers import screen

pytestmark = pytest.mark.e2e
TENANT = "ville-dossier"
PASSWORD = "Cantine2024!"
RECORDS: list[dict[str, Any]] = [
    {"type": "family", "family_id": "F-DUR", "label": "Famille DURAND", "subscriber_code": "DUR-7Q2K-0001"},
    {
        "type": "child",
        "child_id": "E-ZOE",
        "family_id": "F-DUR",
        "first_name": "Zoé",
        "last_name": "DURAND",
        "birth_date": "2018-05-03",
        "school": "École Jean Jaurès",
        "class": "CE1",
    },
    {
        "type": "child",
        "child_id": "E-TOM",
        "family_id": "F-DUR",
        "first_name": "Tom",
        "last_name": "DURAND",
        "birth_date": "2021-01-09",
        "school": None,
        "class": None,
    },
    {
        "type": "guardian",
        "guardian_id": "R-CLAIRE",
        "family_id": "F-DUR",
        "civility": "MME",
        "last_name": "DURAND",
        "first_name": "Claire",
        "relationship": "mère",
        "email": "claire.durand@example.org",
        "mobile_phone": "0612345678",
        "home_phone": None,
        "work_phone": "05 61 22 33 44",
        "address": {"line1": "3 rue des Lilas", "line2": None, "postcode": "31000", "city": "Toulouse"},
        "payer": True,
    },
    {
        "type": "child_file",
        "child_id": "E-ZOE",
        "diet": "sans_porc",
        "allergies": ["arachide", "kiwi"],
        "pai": True,
        "doctor": {"name": "Dr Roux", "phone": "0561000000"},
        "medical_notes": "Asthme <b>léger</b>",
        "authorisations": {"photos": True, "leave_alone": False},
        "pickups": [{"name": "Jean DURAND", "phone": "0600000000", "relationship": "grand-père"}],
    },
    {"type": "family", "family_id": "F-LEF", "label": "Famille LEFÈVRE", "subscriber_code": "LEF-7Q2K-0002"},
]


def publish(stack, records: list[dict[str, Any]]) -> str:
    """A fresh tenant with these records imported (admin key): its admin key."""
    status, _, created = stack.request("POST", "/_local/tenants", {"tenant": TENANT, "name": "Ville Dossier"})
    assert status == 201, created
    body = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()
    key = created["admin_key"]
    headers = {"Content-Type": "application/x-ndjson", "X-Api-Key": key}
    status, _, imported = stack.request("POST", f"/{TENANT}/admin/imports", raw=body, headers=headers)
    assert status == 200 and imported == {"accepted": len(records), "rejected": []}, imported
    return key


def parent(stack, email: str, code: str) -> str:
    """Registered with ``code``, activated from the mailed link, logged in (helpers.citizen, on this tenant)."""
    body = {
        "civility": "MME",
        "last_name": "DURAND",
        "first_name": "Claire",
        "email": email,
        "password": PASSWORD,
        "password_confirmation": PASSWORD,
        "terms_accepted": True,
        "subscriber_code": code,
    }
    assert stack.request("POST", f"/{TENANT}/accounts", body)[0] == 202
    mail = [m for m in stack.request("GET", "/_local/outbox")[2]["messages"] if m["to"] == [email]][-1]
    token = re.search(r"token=(\S+)", mail["text"]).group(1)
    assert stack.request("POST", f"/{TENANT}/accounts/activation", {"token": token})[0] == 200
    session = {"email": email, "password": PASSWORD}
    return stack.request("POST", f"/{TENANT}/sessions", session)[2]["access_token"]


def facts(card) -> dict[str, str]:
    """A card's definition lists, term → value, as shown."""
    terms, values = card.locator("dt").all_inner_texts(), card.locator("dd").all_inner_texts()
    return dict(zip(terms, values, strict=True))


def test_a_parent_reads_the_family_file_in_the_browser(stack, page):
    publish(stack, RECORDS)
    email = "claire.dossier@example.org"
    token = parent(stack, email, "DUR-7Q2K-0001")

    # 1. Logged in, « Mon dossier » from the menu, after « Réservations » in the Espace famille.
    page.goto(f"{stack.url}/?tenant={TENANT}#/connexion")
    page.wait_for_selector("h1:has-text('Se connecter')")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form >> text=Se connecter")
    page.wait_for_selector("#menu >> text=Mon dossier")
    menu = page.locator("#menu a").all_inner_texts()
    assert menu.index("Mon dossier") == menu.index("Réservations") + 1
    page.click("#menu >> text=Mon dossier")
    page.wait_for_selector("h1:has-text('Mon dossier – Famille DURAND')")
    assert page.title() == "Mon dossier – Famille DURAND – Portail citoyen"
    assert "choisissez « Modifier »" in page.inner_text("main")
    assert "Je certifie" not in page.inner_text("main")  # this tenant never asks for it
    # Headings in order: the family, its guardians and children, each child's parts.
    assert page.locator("main h2").all_inner_texts() == ["Responsables légaux", "Enfants"]

    # 2. The guardian: her phones in French form, « payeur », « Non renseigné » where the file has no value.
    [claire] = page.locator("section.fiche:has(h3:has-text('Claire DURAND'))").all()
    assert claire.locator("h3").inner_text() == "Mme Claire DURAND (payeur)"
    assert facts(claire) == {
        "Lien de parenté": "mère",
        "Téléphone portable": "06 12 34 56 78",
        "Téléphone du domicile": "Non renseigné",
        "Téléphone professionnel": "05 61 22 33 44",
        "Email": "claire.durand@example.org",
        "Adresse": "3 rue des Lilas\n31000 Toulouse",
    }

    # 3. Zoé's file: diet and allergies, PAI, doctor, notes as typed (text, not markup), authorisations, pickups.
    zoe = page.locator("section.fiche:has(h3:text-is('Zoé DURAND'))")
    assert facts(zoe) == {
        "Date de naissance": "03/05/2018",
        "École": "École Jean Jaurès",
        "Classe": "CE1",
        "Régime alimentaire": "Sans porc",
        "Allergies": "arachide, kiwi",
        "PAI": "Oui",
        "Médecin": "Dr Roux\n05 61 00 00 00",
        "Informations médicales": "Asthme <b>léger</b>",
        "Photos": "Oui",
        "Partir seul": "Non",
    }
    assert page.locator("main b").count() == 0
    assert zoe.locator("h4").all_inner_texts() == [
        "Santé",
        "Autorisations",
        "Personnes autorisées à venir chercher l'enfant",
    ]
    assert zoe.locator("th").all_inner_texts() == ["Nom", "Lien avec l'enfant", "Téléphone"]
    assert zoe.locator("tbody td").all_inner_texts() == ["Jean DURAND", "grand-père", "06 00 00 00 00"]

    # 4. Tom, whose file the town has not published: « Non renseigné » for each of its values.
    tom = page.locator("section.fiche:has(h3:text-is('Tom DURAND'))")
    tom_facts = facts(tom)
    assert tom_facts.pop("Date de naissance") == "09/01/2021"
    assert set(tom_facts.values()) == {"Non renseigné"}
    assert "Non renseigné" in tom.locator("p").inner_text()
    screen(page, "50-mon-dossier")

    # 5. A second family followed: « Mon dossier » lists both, and opens each.
    status, _, _ = stack.request("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "LEF-7Q2K-0002"}, token=token)
    assert status in (200, 201)
    page.goto(f"{stack.url}/?tenant={TENANT}#/abonnements")
    page.wait_for_selector("h1:has-text('Mes abonnements')")
    page.click("#menu >> text=Mon dossier")
    page.wait_for_selector("main a:has-text('Famille LEFÈVRE')")
    assert page.locator("h1").inner_text() == "Mon dossier"
    assert page.locator("main li a").all_inner_texts() == ["Famille DURAND", "Famille LEFÈVRE"]
    screen(page, "51-mon-dossier-familles")
    page.click("main a:has-text('Famille LEFÈVRE')")
    page.wait_for_selector("h1:has-text('Mon dossier – Famille LEFÈVRE')")
    assert page.locator("main").inner_text().count("Aucun") == 2  # no guardian, no child yet
    page.click("text=Retour à mes familles")
    page.wait_for_selector("main a:has-text('Famille DURAND')")
    page.click("main a:has-text('Famille DURAND')")
    page.wait_for_selector("h1:has-text('Mon dossier – Famille DURAND')")
    assert "06 12 34 56 78" in page.inner_text("main")

    # 6. A family the account does not follow: said so, nothing shown.
    page.goto(f"{stack.url}/?tenant={TENANT}#/dossier/F-AUTRE")
    page.wait_for_selector("h1:has-text('Dossier introuvable')")
    screen(page, "52-dossier-introuvable")
