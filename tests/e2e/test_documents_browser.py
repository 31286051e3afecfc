"""« Mes documents » in a real browser against the local stack (API.md v1.3, "Documents").

On a fresh tenant, the town publishes a family, a child enrolled in an activity that requires a child's paper,
a family paper required for every activity, and a paper of its own with its PDF. A parent opens « Mes
documents » from the menu, sees what is missing, is told in French when the chosen file is not a PDF, JPEG
or PNG, sends a small PDF through the page's file input (declared, posted to the local S3 stand-in with a
progress bar, checked by itself) and sees it received; sends a page that is not a PDF renamed .pdf and sees
it refused; downloads a paper and the town's; deletes the refused one; and is told when the family already
has 20 papers waiting. The town's decisions (accepted with its validity, refused with its reason as text)
show as the API says them. Every screen goes through the guide's checks (axe-core at 1280 and 375 px, no
sideways scrolling).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from .helpers import citizen, every_field_is_labelled, new_tenant, screen

pytestmark = pytest.mark.e2e
TENANT = "ville-documents"
PASSWORD = "Cantine2024!"
TODAY = date.today()
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
CANTINE = "Restauration scolaire – École Victor Hugo"
RECORDS: list[dict[str, Any]] = [
    {"type": "family", "family_id": "F-MOR", "label": "Famille MOREAU", "subscriber_code": "MOR-7Q2K-0001"},
    {"type": "family", "family_id": "F-VAL", "label": "Famille VALLÉE", "subscriber_code": "VAL-7Q2K-0002"},
    {
        "type": "child",
        "child_id": "E-ZOE",
        "family_id": "F-MOR",
        "first_name": "Zoé",
        "last_name": "MOREAU",
        "birth_date": "2018-05-03",
        "school": "École Victor Hugo",
        "class": "CE1",
    },
    {
        "type": "activity",
        "activity_id": "CANT-VH",
        "label": CANTINE,
        "nature": "Restauration scolaire",
        "from": (TODAY - timedelta(days=60)).isoformat(),
        "to": (TODAY + timedelta(days=200)).isoformat(),
        "weekdays": ["mon", "tue", "thu", "fri"],
        "closed": [],
        "extra_days": [],
        "units": [{"unit_id": "REPAS", "label": "Repas", "price": "3.20", "capacity": None}],
        "booking_deadline": {"days_before": 2, "time": "10:00", "working_days": True},
        "cancellation_deadline": None,
        "opens_at": None,
        "waiting_list": False,
    },
    {
        "type": "enrolment",
        "child_id": "E-ZOE",
        "activity_id": "CANT-VH",
        "from": (TODAY - timedelta(days=60)).isoformat(),
        "to": (TODAY + timedelta(days=200)).isoformat(),
    },
    {
        "type": "document_type",
        "document_type_id": "ASSURANCE",
        "label": "Attestation d'assurance scolaire",
        "scope": "child",
        "validity_months": 12,
        "required_for": ["CANT-VH"],
    },
    {
        "type": "document_type",
        "document_type_id": "DOMICILE",
        "label": "Justificatif de domicile",
        "scope": "family",
        "validity_months": None,
        "required_for": ["*"],
    },
    {
        "type": "family_document",
        "document_id": "AF-2026-F-MOR",
        "family_id": "F-MOR",
        "kind": "tax_certificate",
        "title": "Attestation fiscale 2026",
        "date": "2027-01-15",
        "request_id": None,
    },
]


@pytest.fixture(scope="module")
def town(stack) -> str:
    """The tenant, published once for the module's tests, the town's paper with its PDF: its admin key."""
    key = new_tenant(stack, TENANT, RECORDS)
    headers = {"Content-Type": "application/pdf", "X-Api-Key": key}
    status, _, answer = stack.request(
        "PUT", f"/{TENANT}/admin/family-documents/AF-2026-F-MOR/pdf", raw=PDF, headers=headers
    )
    assert status == 204, answer
    return key


def log_in(page, stack, email: str, hash_: str = "#/connexion") -> None:
    page.goto(f"{stack.url}/?tenant={TENANT}{hash_}")
    page.wait_for_selector("h1:has-text('Se connecter')")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form >> text=Se connecter")


def piece(page, label: str):
    """The card of a paper asked for, by its label."""
    return page.locator("div.piece", has=page.locator(f'h4:text-is("{label}")'))


def sent(page) -> list[dict[str, str]]:
    """The table of the papers sent, a row each, column → text."""
    rows = page.locator("table.documents tbody tr")
    return [
        {cell.get_attribute("data-label"): cell.inner_text() for cell in rows.nth(i).locator("td[data-label]").all()}
        for i in range(rows.count())
    ]


def declare(stack, token: str, file_name: str) -> int:
    body = {"document_type_id": "DOMICILE", "file_name": file_name, "content_type": "application/pdf", "size": 100}
    return stack.request("POST", f"/{TENANT}/families/F-MOR/documents", body, token=token)[0]


def test_a_parent_sends_the_papers_asked_for_and_downloads_the_town_s(stack, page, town):
    email = "moreau.documents@example.org"
    token = citizen(stack, email, "MOR-7Q2K-0001", tenant=TENANT)

    # 1. « Mes documents » from the menu, after « Mes demandes » in the Espace famille.
    log_in(page, stack, email)
    page.wait_for_selector("#menu >> text=Mes documents")
    menu = page.locator("#menu a").all_inner_texts()
    assert menu.index("Mes documents") == menu.index("Mes demandes") + 1
    page.click("#menu >> text=Mes documents")
    page.wait_for_selector("h1:has-text('Mes documents – Famille MOREAU')")
    assert page.locator("#menu a[aria-current=page]").inner_text() == "Mes documents"
    assert page.locator("main h2").all_inner_texts() == [
        "Documents à fournir",
        "Documents envoyés",
        "Documents de la mairie",
    ]

    # 2. What is missing: Zoé's insurance for her meals, the family's proof of address for every activity.
    assert page.locator("section.pieces h3").all_inner_texts() == ["Pour Zoé", "Pour toute la famille"]
    insurance, address = piece(page, "Attestation d'assurance scolaire"), piece(page, "Justificatif de domicile")
    assert f"Demandé pour : {CANTINE}" in insurance.inner_text()
    assert f"Demandé pour : {CANTINE}" in address.inner_text()
    assert insurance.locator("input[type=file]").get_attribute("accept") == (
        ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
    )
    assert every_field_is_labelled(page)
    assert "Vous n'avez encore envoyé aucun document." in page.inner_text("main")
    assert page.locator("table.documents-mairie td[data-label=Document]").all_inner_texts() == [
        "Attestation fiscale 2026"
    ]
    assert page.locator("table.documents-mairie td[data-label=Date]").all_inner_texts() == ["15/01/2027"]
    screen(page, "80-mes-documents")

    # 3. A file that is not a PDF, JPEG or PNG: said beside the input, nothing sent.
    insurance.locator("input[type=file]").set_input_files(
        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"des notes"}
    )
    insurance.get_by_role("button", name="Envoyer").click()
    error = insurance.locator(".error[data-for=file]")
    assert "ni un PDF, ni une image JPEG ou PNG" in error.inner_text()
    assert insurance.locator("input[type=file]").get_attribute("aria-invalid") == "true"
    assert stack.request("GET", f"/{TENANT}/families/F-MOR/documents", token=token)[2]["uploaded"] == []
    screen(page, "81-document-mauvais-type")

    # 3b. The API's field error (its real answer to a name with a path, replayed): beside the input, in French.
    body = {"document_type_id": "ASSURANCE", "child_id": "E-ZOE", "file_name": "a/b.pdf"}
    body |= {"content_type": "application/pdf", "size": len(PDF)}
    status, _, refusal = stack.request("POST", f"/{TENANT}/families/F-MOR/documents", body, token=token)
    assert status == 422 and refusal["errors"][0]["code"] == "invalid_file_name", refusal
    papers_url = f"{stack.url}/{TENANT}/families/F-MOR/documents"

    def refuse_once(route):
        if route.request.method != "POST":
            route.continue_()
            return
        route.fulfill(status=422, content_type="application/problem+json", body=json.dumps(refusal))
        page.unroute(papers_url, refuse_once)

    page.route(papers_url, refuse_once)
    insurance.locator("input[type=file]").set_input_files(
        {"name": "assurance.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    insurance.get_by_role("button", name="Envoyer").click()
    error.filter(has_text="Le nom de ce fichier n'est pas accepté").wait_for()
    assert insurance.locator(".error[data-for=form]").inner_text() == ""  # said once, beside the input

    # 4. A small PDF: declared, posted with a progress bar, checked by itself, « Reçu ».
    insurance.locator("input[type=file]").set_input_files(
        {"name": "assurance zoé.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    # The post to the storage is held a moment, so that the screen is checked with its progress bar.
    held: list[Any] = []

    def elsewhere(url: str) -> bool:  # the S3 stand-in, on its own port
        return not url.startswith(stack.url)

    def hold(route) -> None:
        held.append(route)

    page.route(elsewhere, hold)
    insurance.get_by_role("button", name="Envoyer").click()
    bar = page.get_by_role("progressbar", name="Envoi de « assurance zoé.pdf »")
    bar.wait_for()
    while not held:
        page.wait_for_timeout(50)
    assert held[0].request.method == "POST"
    assert page.locator("form.envoi button[type=submit]:disabled").count() == 2  # one file at a time
    screen(page, "82-document-en-cours-d-envoi")
    held[0].continue_()
    page.unroute(elsewhere)
    page.wait_for_selector("#documents-message:has-text('Document reçu : la mairie va le vérifier.')", timeout=30000)
    assert page.locator("#documents-message").get_attribute("class") == "ok"
    assert sent(page) == [
        {
            "Document": "Attestation d'assurance scolaire",
            "Enfant": "Zoé",
            "Fichier": "assurance zoé.pdf",
            "Envoyé le": TODAY.strftime("%d/%m/%Y"),
            "État": "Reçu, en attente de vérification",
        }
    ]
    assert page.locator("div.piece h4").all_inner_texts() == ["Justificatif de domicile"]  # no longer missing
    screen(page, "83-document-recu")

    # 5. A page that is not a PDF, renamed .pdf: sent, then refused by the check.
    address = piece(page, "Justificatif de domicile")
    address.locator("input[type=file]").set_input_files(
        {"name": "domicile.pdf", "mimeType": "application/pdf", "buffer": b"<html><b>pas un PDF</b></html>"}
    )
    address.get_by_role("button", name="Envoyer").click()
    page.wait_for_selector("#documents-message:has-text('il a été refusé')", timeout=30000)
    assert page.inner_text("#documents-message") == (
        "Ce fichier n'est pas un PDF, JPEG ou PNG lisible : il a été refusé."
    )
    rows = sent(page)
    assert [(r["Fichier"], r["Enfant"], r["État"]) for r in rows] == [
        ("domicile.pdf", "Toute la famille", "Fichier refusé"),
        ("assurance zoé.pdf", "Zoé", "Reçu, en attente de vérification"),
    ]
    refused = page.locator("table.documents tbody tr").nth(0)
    assert refused.get_by_role("button", name="Télécharger").count() == 0  # its file was deleted
    assert page.locator("div.piece h4").all_inner_texts() == ["Justificatif de domicile"]  # still missing
    screen(page, "84-document-refuse")

    # 6. Downloads: the paper sent, and the town's paper (5-minute links, as attachments).
    received = page.locator("table.documents tbody tr").nth(1)
    with page.expect_download() as mine:
        received.get_by_role("button", name="Télécharger").click()
    assert mine.value.suggested_filename.endswith(".pdf")
    assert mine.value.url.startswith("http://127.0.0.1:")  # the S3 stand-in's presigned GET
    with page.expect_download() as theirs:
        page.locator("table.documents-mairie").get_by_role("button", name="Télécharger").click()
    assert theirs.value.suggested_filename == "document-AF-2026-F-MOR.pdf"
    assert "AF-2026-F-MOR" in theirs.value.url
    assert theirs.value.path().read_bytes() == PDF

    # 7. The refused paper deleted, after confirming; the received one stays.
    page.once("dialog", lambda dialog: dialog.dismiss())
    refused.get_by_role("button", name="Supprimer").click()
    assert len(sent(page)) == 2  # not confirmed: nothing sent
    page.once("dialog", lambda dialog: dialog.accept())
    refused.get_by_role("button", name="Supprimer").click()
    page.wait_for_selector("#documents-message:has-text('Document « domicile.pdf » supprimé.')")
    assert [r["Fichier"] for r in sent(page)] == ["assurance zoé.pdf"]

    # 8. The family already has 20 papers waiting (the other parent's phone, say): 409, said on the form.
    assert [declare(stack, token, f"papier-{n}.pdf") for n in range(19)] == [201] * 19
    address = piece(page, "Justificatif de domicile")
    address.locator("input[type=file]").set_input_files(
        {"name": "domicile.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    address.get_by_role("button", name="Envoyer").click()
    general = address.locator(".error[data-for=form]")
    general.filter(has_text="déjà 20 documents").wait_for()
    assert page.locator("progress").count() == 0
    screen(page, "85-trop-de-documents")


ANSWER = {
    "uploaded": [
        {
            "document_id": "d" * 32,
            "document_type_id": "ASSURANCE",
            "child_id": "E-ZOE",
            "file_name": "assurance <b>2026</b>.pdf",
            "status": "accepted",
            "uploaded_at": "2026-11-30T23:30:00Z",
            "decided_at": "2026-12-02T09:00:00Z",
            "valid_until": "2027-12-02",
            "reason": None,
        },
        {
            "document_id": "e" * 32,
            "document_type_id": "DOMICILE",
            "child_id": None,
            "file_name": "facture.jpg",
            "status": "refused",
            "uploaded_at": "2026-12-01T08:00:00Z",
            "decided_at": "2026-12-02T09:00:00Z",
            "valid_until": None,
            "reason": "Facture de plus de 3 mois : <i>envoyez</i> la dernière.\nMerci.",
        },
    ],
    "received": [],
    "missing": [],
}


def test_the_town_s_decisions_show_as_text_and_several_families_are_listed_first(stack, page, town):
    # No route of the local stack decides a paper yet: the list is answered here, as API.md shows it.
    email = "moreau.decisions@example.org"
    token = citizen(stack, email, "MOR-7Q2K-0001", tenant=TENANT)
    second = {"subscriber_code": "VAL-7Q2K-0002"}
    assert stack.request("POST", f"/{TENANT}/subscriptions", second, token=token)[0] == 201
    page.route(
        f"{stack.url}/{TENANT}/families/F-MOR/documents",
        lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(ANSWER)),
    )

    # 1. The document mails' link, #/documents, opened logged out: the login form, then the families.
    log_in(page, stack, email, "#/documents")
    page.wait_for_selector("main a:has-text('Famille VALLÉE')")
    assert page.locator("h1").inner_text() == "Mes documents"
    assert page.locator("main li a").all_inner_texts() == ["Famille MOREAU", "Famille VALLÉE"]
    screen(page, "86-mes-documents-familles")

    # 2. A family with nothing asked and nothing sent.
    page.click("main a:has-text('Famille VALLÉE')")
    page.wait_for_selector("h1:has-text('Mes documents – Famille VALLÉE')")
    text = page.inner_text("main")
    assert "Aucun document n'est demandé pour le moment." in text
    assert "Vous n'avez encore envoyé aucun document." in text
    assert "La mairie ne vous a encore envoyé aucun document." in text
    page.click("text=Retour à mes familles")

    # 3. The town's decisions: accepted with its validity (no deleting it), refused with its reason as typed.
    page.click("main a:has-text('Famille MOREAU')")
    page.wait_for_selector("h1:has-text('Mes documents – Famille MOREAU')")
    assert sent(page) == [
        {
            "Document": "ASSURANCE",  # the API names a type only while it is missing: its id otherwise
            "Enfant": "Zoé",
            "Fichier": "assurance <b>2026</b>.pdf",
            "Envoyé le": "01/12/2026",  # 23:30 UTC is the next day in Paris
            "État": "Accepté, valable jusqu'au 02/12/2027",
        },
        {
            "Document": "DOMICILE",
            "Enfant": "Toute la famille",
            "Fichier": "facture.jpg",
            "État": "Refusé\nMotif : Facture de plus de 3 mois : <i>envoyez</i> la dernière.\nMerci.",
            "Envoyé le": "01/12/2026",
        },
    ]
    assert page.locator("main b, main i").count() == 0
    accepted, refused = page.locator("table.documents tbody tr").all()
    assert accepted.get_by_role("button", name="Supprimer").count() == 0
    assert accepted.get_by_role("button", name="Télécharger").count() == 1
    assert refused.get_by_role("button", name="Supprimer").count() == 1
    screen(page, "87-documents-decides")

    # 4. A family the account does not follow: said so, nothing shown.
    page.unroute(f"{stack.url}/{TENANT}/families/F-MOR/documents")
    page.goto(f"{stack.url}/?tenant={TENANT}#/documents/F-AUTRE")
    page.wait_for_selector("h1:has-text('Documents introuvables')")
    screen(page, "88-documents-introuvables")
