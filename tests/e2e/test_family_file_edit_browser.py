"""Changing « Mon dossier » in a real browser against the local stack (API.md v1.3, "The family's file").

On a fresh tenant that applies contact changes at once and asks for the file's certification every 12 months,
a parent opens « Mon dossier »: changes a guardian's phone (applied, read back in French form after the
reload, and the only change sent), sends a form unchanged (nothing sent), types a bad postcode (its error
beside the postcode input, nothing recorded), changes a child's allergies (sent to the town: the message, the
pending note, the file unchanged), and certifies the file. Every screen goes through the guide's checks
(axe-core at 1280 and 375 px, no sideways scrolling), its forms open.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from .helpers import citizen, every_field_is_labelled, screen
from .test_family_file_browser import RECORDS, facts

pytestmark = pytest.mark.e2e
TENANT = "ville-dossier-modif"
PASSWORD = "Cantine2024!"
SETTINGS = {"certify_every_months": 12, "apply_at_once": ["contact"]}


def publish(stack, tenant: str = TENANT) -> None:
    """A fresh tenant with the family file's settings and the DURAND family's records."""
    body = {"tenant": tenant, "name": "Ville Dossier Modif", "settings": SETTINGS}
    status, _, created = stack.request("POST", "/_local/tenants", body)
    assert status == 201, created
    records = [r for r in RECORDS if r.get("family_id") != "F-LEF"]
    ndjson = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()
    headers = {"Content-Type": "application/x-ndjson", "X-Api-Key": created["admin_key"]}
    status, _, imported = stack.request("POST", f"/{tenant}/admin/imports", raw=ndjson, headers=headers)
    assert status == 200 and imported["rejected"] == [], imported


def requests_of(stack, token: str, tenant: str = TENANT) -> list[dict[str, Any]]:
    status, _, listed = stack.request("GET", f"/{tenant}/requests", token=token)
    assert status == 200, listed
    return listed["items"]


def the_file(stack, token: str, tenant: str = TENANT) -> dict[str, Any]:
    status, _, file = stack.request("GET", f"/{tenant}/families/F-DUR/file", token=token)
    assert status == 200, file
    return file


def log_in(page, stack, tenant: str, email: str) -> None:
    """« Mon dossier » opened as a bookmark, logged out: the login form first, then the file."""
    page.goto(f"{stack.url}/?tenant={tenant}#/dossier")
    page.wait_for_selector("h1:has-text('Se connecter')")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form >> text=Se connecter")
    page.wait_for_selector("h1:has-text('Mon dossier – Famille DURAND')")


def described_by(control) -> str:
    """The text of the elements a control's aria-describedby names (its hint and its error)."""
    return control.evaluate(
        """e => e.getAttribute('aria-describedby').split(' ')
             .map(id => document.getElementById(id).textContent).join(' ')"""
    )


def focused_text(page) -> str:
    return page.evaluate("document.activeElement.textContent")


def test_a_parent_changes_the_family_file_and_certifies_it_in_the_browser(stack, page):
    publish(stack)
    email = "claire.modif@example.org"
    token = citizen(stack, email, "DUR-7Q2K-0001", tenant=TENANT)

    # 0. The file, due for certification: the notice, the button, a « Modifier » under each part.
    log_in(page, stack, TENANT, email)
    assert "Votre mairie vous demande de vérifier votre dossier" in page.inner_text("main")
    assert page.locator("button", has_text="Je certifie que mon dossier est à jour").count() == 1
    assert page.locator("main .en-attente").count() == 0
    assert page.get_by_role("button", name="Modifier les coordonnées de Mme Claire DURAND").count() == 1
    assert page.locator("button.modifier").count() == 1 + 2 * 3  # a guardian, and three parts of each child
    assert "bientôt" not in page.inner_text("main")
    screen(page, "53-dossier-a-certifier")

    # 1. A phone, typed with dots: applied at once, read back in French form; only that field is sent.
    claire = page.locator("section.fiche:has(h3:has-text('Claire DURAND'))")
    page.get_by_role("button", name="Modifier les coordonnées de Mme Claire DURAND").click()
    form = claire.locator("form.modification")
    assert form.locator("legend").first.inner_text() == "Coordonnées de Mme Claire DURAND"
    assert page.get_by_label("Téléphone portable").input_value() == "06 12 34 56 78"
    assert every_field_is_labelled(page)
    screen(page, "54-dossier-coordonnees")
    page.get_by_label("Téléphone portable").fill("06.11.22.33.44")
    form.get_by_label("Commentaire pour la mairie").fill("Nouveau numéro")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("main p.ok:has-text('Modification enregistrée.')")
    assert focused_text(page) == "Modification enregistrée."
    assert facts(claire)["Téléphone portable"] == "06 11 22 33 44"
    [applied] = requests_of(stack, token)
    assert applied["status"] == "applied"
    phone = {"target": "guardian", "id": "R-CLAIRE", "field": "mobile_phone"}
    assert applied["details"] == {
        "changes": [{**phone, "old": "+33612345678", "new": "+33611223344"}],
        "comment": "Nouveau numéro",
    }
    screen(page, "55-dossier-modification-enregistree")

    # 2. The form sent as it came (the phones in another form are the same): nothing is sent, and said so.
    page.get_by_role("button", name="Modifier les coordonnées de Mme Claire DURAND").click()
    page.get_by_label("Téléphone professionnel").fill("+33 5 61 22 33 44")  # the file's 05 61 22 33 44
    form.locator("button[type=submit]").click()
    page.wait_for_selector("form.modification p.info:has-text('Vous n\\'avez rien modifié')")
    assert len(requests_of(stack, token)) == 1

    # 3. A bad postcode: its error beside the postcode input (named by it), the focus on it, nothing recorded.
    page.get_by_label("Code postal").fill("3100")
    page.get_by_label("Commune").fill("Toulouse Cedex")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("form.modification .error:has-text('Le code postal compte 5 chiffres.')")
    postcode = form.get_by_label("Code postal")
    assert postcode.get_attribute("aria-invalid") == "true"
    assert "Le code postal compte 5 chiffres." in described_by(postcode)
    assert page.evaluate("document.activeElement.getAttribute('aria-invalid')") == "true"
    assert form.locator("[aria-invalid]").count() == 1
    assert len(requests_of(stack, token)) == 1
    assert the_file(stack, token)["guardians"][0]["address"]["city"] == "Toulouse"
    screen(page, "56-dossier-erreur-code-postal")
    form.get_by_role("button", name="Annuler").click()
    assert claire.locator("form").count() == 0
    assert facts(claire)["Adresse"] == "3 rue des Lilas\n31000 Toulouse"

    # 4. Zoé's allergies: one removed, one added (Enter), sent to the town; the message, the pending note, the
    # file as it was.
    zoe = page.locator("section.fiche:has(h3:text-is('Zoé DURAND'))")
    page.get_by_role("button", name="Modifier les informations de santé de Zoé DURAND").click()
    health = zoe.locator("form.modification")
    assert health.get_by_label("Régime alimentaire").input_value() == "sans_porc"
    allergies = health.locator(".liste-modifiable li > span:first-child")
    assert allergies.all_inner_texts() == ["arachide", "kiwi"]
    health.get_by_role("button", name="Retirer l'allergie « kiwi »").click()
    health.get_by_label("Allergie à ajouter").fill("<i>pollen</i>")
    health.get_by_label("Allergie à ajouter").press("Enter")
    health.get_by_label("Allergie à ajouter").fill("Arachide")
    health.get_by_role("button", name="Ajouter l'allergie").click()
    assert "« Arachide » est déjà dans la liste." in described_by(health.get_by_label("Allergie à ajouter"))
    health.get_by_label("Allergie à ajouter").fill("")
    assert allergies.all_inner_texts() == ["arachide", "<i>pollen</i>"]
    assert every_field_is_labelled(page)
    screen(page, "57-dossier-sante")
    health.locator("button[type=submit]").click()
    page.wait_for_selector("main p.ok:has-text('Demande envoyée à la mairie')")
    said = page.locator("main p.ok")
    assert said.inner_text() == (
        "Demande envoyée à la mairie : elle apparaîtra dans votre dossier une fois acceptée. Suivre mes demandes"
    )
    assert said.locator("a").get_attribute("href") == "#/demandes"
    assert focused_text(page).startswith("Demande envoyée à la mairie")
    note = page.locator("main .en-attente")
    assert note.inner_text().startswith("1 demande de modification attend la réponse de la mairie")
    assert note.locator("a").get_attribute("href") == "#/demandes"
    assert facts(zoe)["Allergies"] == "arachide, kiwi"
    assert page.locator("main i").count() == 0
    pending = requests_of(stack, token)[0]
    assert pending["status"] == "pending"
    assert [(c["field"], c["new"]) for c in pending["details"]["changes"]] == [
        ("allergies", ["arachide", "<i>pollen</i>"])
    ]
    assert the_file(stack, token)["pending_request_ids"] == [pending["request_id"]]
    screen(page, "58-dossier-demande-envoyee")

    # 5. The other parts' forms, open: authorisations and pickups (a row added, then the form cancelled).
    page.get_by_role("button", name="Modifier les autorisations de Zoé DURAND").click()
    page.get_by_role("button", name="Modifier les personnes autorisées à venir chercher Zoé DURAND").click()
    pickups = zoe.locator("form.modification").last
    assert pickups.get_by_label("Téléphone *").input_value() == "06 00 00 00 00"
    pickups.get_by_role("button", name="Ajouter une personne").click()
    assert pickups.locator("fieldset.personne legend").all_inner_texts() == ["Personne 1", "Personne 2"]
    assert every_field_is_labelled(page)
    screen(page, "59-dossier-autorisations-personnes")
    for form_open in zoe.locator("form.modification").all()[::-1]:
        form_open.get_by_role("button", name="Annuler").click()
    assert zoe.locator("form").count() == 0
    assert len(requests_of(stack, token)) == 2

    # 6. The certification: the file says when, the button is gone, the API agrees.
    page.get_by_role("button", name="Je certifie que mon dossier est à jour").click()
    page.wait_for_selector("main p.ok:has-text('votre dossier est certifié à jour')")
    assert re.search(r"Dossier certifié le \w+ \d+(er)? \w+ \d{4}\.", page.inner_text("main"))
    assert page.locator("button", has_text="Je certifie").count() == 0
    certified = the_file(stack, token)
    assert certified["certification_due"] is False and certified["certified_at"]
    screen(page, "60-dossier-certifie")


def test_the_pickups_authorisations_and_a_child_without_a_file_each_send_what_changed(stack, page):
    tenant = "ville-dossier-modif-2"
    publish(stack, tenant)
    email = "claire.modif2@example.org"
    token = citizen(stack, email, "DUR-7Q2K-0001", tenant=tenant)
    log_in(page, stack, tenant, email)
    zoe = page.locator("section.fiche:has(h3:text-is('Zoé DURAND'))")

    # 1. Pickups: a person added with a bad phone: the error beside that row's phone, focused, nothing sent.
    page.get_by_role("button", name="Modifier les personnes autorisées à venir chercher Zoé DURAND").click()
    pickups = zoe.locator("form.modification")
    pickups.get_by_role("button", name="Ajouter une personne").click()
    second = pickups.locator("fieldset.personne").nth(1)
    second.get_by_label("Nom et prénom").fill("Marie DURAND")
    second.get_by_label("Téléphone").fill("12345")
    second.get_by_label("Lien avec l'enfant").fill("tante")
    pickups.locator("button[type=submit]").click()
    page.wait_for_selector("fieldset.personne .error:has-text('Ce numéro n\\'est pas valide')")
    assert second.get_by_label("Téléphone").get_attribute("aria-invalid") == "true"
    assert pickups.locator("[aria-invalid]").count() == 1
    assert page.evaluate("document.activeElement.value") == "12345"
    assert requests_of(stack, token, tenant) == []
    screen(page, "61-dossier-personnes-erreur")

    # Corrected, and Jean removed: Marie alone is sent, her phone as the API stores it.
    second.get_by_label("Téléphone").fill("07 00 00 00 01")
    pickups.get_by_role("button", name="Retirer la personne 1").click()
    assert pickups.locator("fieldset.personne legend").all_inner_texts() == ["Personne 1"]
    pickups.locator("button[type=submit]").click()
    page.wait_for_selector("main p.ok:has-text('Demande envoyée à la mairie')")
    [sent] = requests_of(stack, token, tenant)
    assert [(c["field"], c["new"]) for c in sent["details"]["changes"]] == [
        ("pickups", [{"name": "Marie DURAND", "phone": "+33700000001", "relationship": "tante"}])
    ]
    assert zoe.locator("tbody td").all_inner_texts() == ["Jean DURAND", "grand-père", "06 00 00 00 00"]

    # 2. Authorisations: « partir seul » ticked, sent as both booleans.
    page.get_by_role("button", name="Modifier les autorisations de Zoé DURAND").click()
    zoe.get_by_label("L'enfant peut partir seul à la fin des activités").check()
    zoe.locator("form.modification button[type=submit]").click()
    page.wait_for_selector("main .en-attente:has-text('2 demandes de modification attendent')")
    assert requests_of(stack, token, tenant)[0]["details"]["changes"][0]["new"] == {
        "photos": True,
        "leave_alone": True,
    }

    # 3. Tom, whose file the town never published: a diet chosen, a doctor's phone without a name (beside
    # the name: required; beside the phone: not valid), then both given.
    tom = page.locator("section.fiche:has(h3:text-is('Tom DURAND'))")
    page.get_by_role("button", name="Modifier les informations de santé de Tom DURAND").click()
    health = tom.locator("form.modification")
    assert health.get_by_label("Régime alimentaire").input_value() == ""
    health.get_by_label("Régime alimentaire").select_option("vegetarien")
    health.get_by_label("Téléphone du médecin").fill("0561")
    health.locator("button[type=submit]").click()
    page.wait_for_selector("form.modification .error:has-text('Ce champ est obligatoire.')")
    assert described_by(health.get_by_label("Nom du médecin")) == "Ce champ est obligatoire."
    assert "Ce numéro n'est pas valide" in described_by(health.get_by_label("Téléphone du médecin"))
    assert health.locator("[aria-invalid]").count() == 2
    assert page.evaluate("document.activeElement.value") == ""  # the doctor's name, first in the form
    health.get_by_label("Nom du médecin").fill("Dr Martin")
    health.get_by_label("Téléphone du médecin").fill("05 61 11 22 33")
    health.locator("button[type=submit]").click()
    page.wait_for_selector("main .en-attente:has-text('3 demandes')")
    changes = requests_of(stack, token, tenant)[0]["details"]["changes"]
    assert [(c["field"], c["old"], c["new"]) for c in changes] == [
        ("diet", None, "vegetarien"),
        ("doctor", None, {"name": "Dr Martin", "phone": "+33561112233"}),
    ]
