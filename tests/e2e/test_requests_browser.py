"""« Mes demandes » in a real browser against the local stack (API.md v1.3, "Requests").

On a fresh tenant, the town publishes families and children; a parent opens « Mes demandes » from the link
the decision mails carry (logging in first), asks for a certificate from the form, sees it « En attente »,
cancels it and sees « Annulée »; the form shows the API's refusals beside its fields. A request the town
refuses shows « Refusée » with its reason as text, never as markup; the list pages with « Voir plus »; a file
change shows what it changes as a table. Every screen goes through the guide's checks (axe-core at 1280 and
375 px, no sideways scrolling).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from .helpers import citizen, eventually, every_field_is_labelled, new_tenant, screen

pytestmark = pytest.mark.e2e
TENANT = "ville-demandes"
PASSWORD = "Cantine2024!"
YEAR = datetime.now(UTC).year


def family(family_id: str, label: str, code: str) -> dict[str, Any]:
    return {"type": "family", "family_id": family_id, "label": label, "subscriber_code": code}


def child(child_id: str, family_id: str, first_name: str, last_name: str) -> dict[str, Any]:
    return {
        "type": "child",
        "child_id": child_id,
        "family_id": family_id,
        "first_name": first_name,
        "last_name": last_name,
        "birth_date": "2018-05-03",
        "school": None,
        "class": None,
    }


RECORDS = [
    family("F-ROS", "Famille ROSSI", "ROS-7Q2K-0001"),
    child("E-NINA", "F-ROS", "Nina", "ROSSI"),
    child("E-LUC", "F-ROS", "Luc", "ROSSI"),
    family("F-BER", "Famille BERTIN", "BER-7Q2K-0002"),
    child("E-PAUL", "F-BER", "Paul", "BERTIN"),
    family("F-NOEL", "Famille NOËL", "NOE-7Q2K-0003"),
]


@pytest.fixture(scope="module")
def town(stack) -> str:
    """The tenant, published once for the module's tests: its admin key."""
    return new_tenant(stack, TENANT, RECORDS)


def log_in(page, stack, email: str, hash_: str = "#/demandes") -> None:
    """Opens ``hash_`` as a bookmark (or a mailed link), logged out: the login form first, then the screen."""
    page.goto(f"{stack.url}/?tenant={TENANT}{hash_}")
    page.wait_for_selector("h1:has-text('Se connecter')")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form >> text=Se connecter")


def ask(stack, token: str, certificate: str, year: int, family_id: str = "F-NOEL") -> dict[str, Any]:
    body = {"family_id": family_id, "certificate": certificate, "year": year}
    status, _, request = stack.request("POST", f"/{TENANT}/requests/certificates", body, token=token)
    assert status == 201, request
    return request


def decide(stack, key: str, request_id: str, decision: str, reason: str | None = None) -> None:
    """The town's decision, with the tenant's admin key (its software's way)."""
    body = json.dumps({"decision": decision, **({"reason": reason} if reason else {})}).encode()
    headers = {"Content-Type": "application/json", "X-Api-Key": key}
    path = f"/{TENANT}/admin/requests/{request_id}/decision"
    status, _, decided = stack.request("POST", path, raw=body, headers=headers)
    assert status == 200, decided


def card(page, summary: str):
    return page.locator("li.demande", has=page.locator(f"h2:text-is('{summary}')"))


def facts(item) -> dict[str, str]:
    terms, values = item.locator("dt").all_inner_texts(), item.locator("dd").all_inner_texts()
    return dict(zip(terms, values, strict=True))


def test_a_parent_asks_for_a_certificate_then_cancels_it(stack, page, town):
    email = "rossi.demandes@example.org"
    token = citizen(stack, email, "ROS-7Q2K-0001", tenant=TENANT)
    second = {"subscriber_code": "BER-7Q2K-0002"}
    assert stack.request("POST", f"/{TENANT}/subscriptions", second, token=token)[0] == 201

    # 1. The decision mails' link, #/demandes, opened logged out: the login form, then the list.
    log_in(page, stack, email)
    page.wait_for_selector("h1:has-text('Mes demandes')")
    assert page.locator("#menu a[aria-current=page]").inner_text() == "Mes demandes"
    assert "Vous n'avez encore fait aucune demande." in page.inner_text("main")
    screen(page, "60-mes-demandes-vide")

    # 2. The form: two families followed, so a choice of family (by name); the children are the chosen family's.
    page.click("main >> text=Demander une attestation")
    page.wait_for_selector("h1:has-text('Demander une attestation')")
    assert every_field_is_labelled(page)
    assert page.locator("#cert-famille option").all_inner_texts() == ["Famille BERTIN", "Famille ROSSI"]
    page.select_option("#cert-famille", "F-BER")
    assert page.locator("#cert-enfant option").all_inner_texts() == ["Toute la famille", "Paul BERTIN"]
    page.select_option("#cert-famille", "F-ROS")
    assert page.locator("#cert-enfant option").all_inner_texts() == ["Toute la famille", "Luc ROSSI", "Nina ROSSI"]
    years = page.locator("#cert-annee option").all_inner_texts()
    assert years[0] == str(YEAR) and years[-1] == "2000" and len(years) == YEAR - 1999
    screen(page, "61-demander-une-attestation")

    # 3. A comment the API refuses (an invisible character): said beside the comment, nothing sent.
    page.check("#cert-attendance")
    page.select_option("#cert-annee", str(YEAR))
    page.select_option("#cert-enfant", "E-NINA")
    page.fill("#cert-commentaire", "Pour la CAF\u200b")
    page.click("text=Envoyer la demande")
    page.wait_for_selector("#cert-commentaire-erreur:has-text('caractères non autorisés')")
    assert page.get_attribute("#cert-commentaire", "aria-invalid") == "true"
    screen(page, "62-attestation-erreur")

    # 4. Sent: back to the list, the request « En attente ».
    page.fill("#cert-commentaire", "Pour la CAF, merci <i>beaucoup</i>")
    page.click("text=Envoyer la demande")
    page.wait_for_selector("h1:has-text('Mes demandes')")
    summary = f"Attestation de présence {YEAR} – Nina ROSSI"
    assert page.locator("main p.ok").inner_text() == f"Votre demande « {summary} » est envoyée à la mairie."
    request = card(page, summary)
    shown = facts(request)
    assert shown["Type"] == "Attestation"
    assert shown["État"] == "En attente"
    assert shown["Votre commentaire"] == "Pour la CAF, merci <i>beaucoup</i>"
    assert "Refusée le" not in shown and "Motif" not in shown
    assert page.locator("main i").count() == 0
    screen(page, "63-demande-en-attente")

    # 5. The same certificate and year again: 409 request_pending, said on the form.
    page.click("main >> text=Demander une attestation")
    page.wait_for_selector("h1:has-text('Demander une attestation')")
    page.select_option("#cert-famille", "F-ROS")
    page.check("#cert-attendance")
    page.select_option("#cert-annee", str(YEAR))
    page.click("text=Envoyer la demande")
    page.wait_for_selector("#attestation .error[data-for=form]:has-text('la demande est en attente')")
    screen(page, "64-attestation-deja-demandee")

    # 6. Cancelled, after confirming: « Annulée », no button any more.
    page.click("#menu >> text=Mes demandes")
    page.wait_for_selector(f"h2:text-is('{summary}')")
    page.once("dialog", lambda dialog: dialog.dismiss())
    card(page, summary).get_by_role("button", name="Annuler la demande").click()
    assert facts(card(page, summary))["État"] == "En attente"  # not confirmed: nothing sent
    page.once("dialog", lambda dialog: dialog.accept())
    card(page, summary).get_by_role("button", name="Annuler la demande").click()
    page.wait_for_selector("main p.ok:has-text('annulée')")
    assert facts(card(page, summary))["État"] == "Annulée"
    assert card(page, summary).locator("button").count() == 0
    screen(page, "65-demande-annulee")

    # 7. A request decided meanwhile (here cancelled from elsewhere): 409 request_not_pending, said, list reloaded.
    other = ask(stack, token, "payments", YEAR, "F-BER")
    page.reload()
    page.wait_for_selector(f"h2:text-is('{other['summary']}')")
    assert stack.request("POST", f"/{TENANT}/requests/{other['request_id']}/cancellation", token=token)[0] == 200
    page.once("dialog", lambda dialog: dialog.accept())
    card(page, other["summary"]).get_by_role("button", name="Annuler la demande").click()
    page.wait_for_selector('main p.error:has-text("n\'est plus en attente")')
    assert facts(card(page, other["summary"]))["État"] == "Annulée"


def test_a_refused_request_shows_its_reason_as_text_and_the_list_pages(stack, page, town):
    email = "noel.demandes@example.org"
    token = citizen(stack, email, "NOE-7Q2K-0003", tenant=TENANT)
    # 22 requests: a page of 20, then 2 more; the oldest two decided.
    asked = [(kind, year) for year in range(YEAR, YEAR - 8, -1) for kind in ("tax", "attendance", "payments")]
    made = [ask(stack, token, kind, year) for kind, year in asked[:22]]
    refused, accepted = made[0], made[1]
    decide(stack, town, refused["request_id"], "refused", "Pièce manquante : <b>x</b>\nMerci de passer en mairie.")
    decide(stack, town, accepted["request_id"], "accepted")

    def refusal_mails() -> list[dict[str, Any]]:
        mails = stack.request("GET", "/_local/outbox")[2]["messages"]
        return [m for m in mails if m["to"] == [email] and "refusée" in m["subject"]]

    # The queue's poller sends the mail by itself, a moment later (the trigger only races it).
    [mail] = eventually(refusal_mails)
    assert "/#/demandes" in mail["text"] and "<b>x</b>" not in mail["text"]  # the reason in the portal only

    log_in(page, stack, email)
    page.wait_for_selector("h1:has-text('Mes demandes')")
    assert page.locator("li.demande").count() == 20
    assert page.inner_text("#demandes-affichees") == "20 demandes affichées."

    # « Voir plus »: the two oldest, focus on the first of them; no more button.
    page.click("#voir-plus")
    page.wait_for_function("document.querySelectorAll('li.demande').length === 22")
    assert page.evaluate("document.activeElement.textContent") == made[1]["summary"]
    assert page.is_hidden("#voir-plus")
    assert page.inner_text("#demandes-affichees") == "22 demandes affichées."

    # The refused one: « Refusée », its date, who decided, and the reason as typed (text, not markup).
    shown = facts(card(page, refused["summary"]))
    assert shown["État"] == "Refusée"
    assert shown["Motif"] == "Pièce manquante : <b>x</b>\nMerci de passer en mairie."
    assert shown["Par"] == "La mairie"
    assert "Refusée le" in shown
    assert page.locator("main b").count() == 0
    assert card(page, refused["summary"]).locator("button").count() == 0
    assert facts(card(page, accepted["summary"]))["État"] == "Acceptée"
    assert "Motif" not in facts(card(page, accepted["summary"]))
    card(page, refused["summary"]).scroll_into_view_if_needed()
    screen(page, "66-demande-refusee")


FILE_CHANGE = {
    "request_id": "R-FILE-1",
    "kind": "file_change",
    "family_id": "F-ROS",
    "child_id": None,
    "status": "pending",
    "created_at": "2026-12-01T09:00:00Z",
    "decided_at": None,
    "reason": None,
    "decided_by": None,
    "summary": "Coordonnées de Claire ROSSI et dossier de Nina",
    "details": {
        "changes": [
            {"target": "guardian", "id": "R-1", "field": "mobile_phone", "old": "+33612345678", "new": "+33611223344"},
            {
                "target": "guardian",
                "id": "R-1",
                "field": "address",
                "old": None,
                "new": {"line1": "3 rue des <b>Lilas</b>", "line2": None, "postcode": "31000", "city": "Toulouse"},
            },
            {"target": "child", "id": "E-NINA", "field": "allergies", "old": [], "new": ["arachide", "kiwi"]},
            {"target": "child", "id": "E-NINA", "field": "diet", "old": "standard", "new": "sans_porc"},
            {
                "target": "child",
                "id": "E-NINA",
                "field": "doctor",
                "old": {"name": "Dr Roux", "phone": "+33561000000"},
                "new": {"name": "Dr Martin", "phone": None},
            },
            {
                "target": "child",
                "id": "E-NINA",
                "field": "authorisations",
                "old": {"photos": False, "leave_alone": False},
                "new": {"photos": True, "leave_alone": False},
            },
        ],
        "comment": None,
    },
    "document_ids": [],
}


def test_a_file_change_shows_what_it_changes_as_a_table(stack, page, town):
    # No route creates a file change yet (POST …/file/changes comes later): the list is answered here, as
    # API.md shows it, and the rest comes from the local stack.
    email = "rossi.dossier@example.org"
    citizen(stack, email, "ROS-7Q2K-0001", tenant=TENANT)
    answer = json.dumps({"items": [FILE_CHANGE], "next_cursor": None})
    page.route(
        f"{stack.url}/{TENANT}/requests",
        lambda route: route.fulfill(status=200, content_type="application/json", body=answer),
    )
    log_in(page, stack, email)
    page.wait_for_selector("h1:has-text('Mes demandes')")
    item = card(page, FILE_CHANGE["summary"])
    assert facts(item)["Type"] == "Modification du dossier"
    assert item.locator("caption").inner_text() == "Modifications demandées"
    assert item.locator("th").all_inner_texts() == ["Information", "Ancienne valeur", "Nouvelle valeur"]
    rows = [row.locator("td").all_inner_texts() for row in item.locator("tbody tr").all()]
    assert rows == [
        ["Téléphone portable", "06 12 34 56 78", "06 11 22 33 44"],
        ["Adresse", "Non renseigné", "3 rue des <b>Lilas</b>, 31000 Toulouse"],
        ["Allergies", "Aucun", "arachide, kiwi"],
        ["Régime alimentaire", "Standard", "Sans porc"],
        ["Médecin", "Dr Roux (05 61 00 00 00)", "Dr Martin"],
        ["Autorisations", "Photos : Non, Partir seul : Non", "Photos : Oui, Partir seul : Non"],
    ]
    assert page.locator("main b").count() == 0
    screen(page, "67-demande-modification-dossier")
