"""« Espace agent », the town agents' console at /agent/, in a real browser against the local stack (API.md
v1.3, "Town agents").

On a fresh tenant, the town publishes a family with its file, a child enrolled in a school canteen that needs a
paper; a parent asks for a certificate and sends the paper. The town creates an agent with its admin key; the
agent opens the mailed invitation, chooses a password, reads the second factor's secret on the page, logs in
with a code computed from it, finds the request and the paper in « À traiter », refuses the request with a
reason (the parent then reads it decided by the agent, by name), opens the family's file, opens the paper's
file and accepts it with a validity date, and logs out; the audit log lists each of these. A second agent,
with the attendance permission only, prints a day's attendance list (the only screen its menu offers besides
« À traiter »), is told it has no access to requests, conversations nor appointments, and is sent back to the
login screen once the town removes it. The console is for a desktop: every screen goes through the guide's
checks at 1280 px (axe-core, the menu on one line).
"""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import unquote

import pyotp
import pytest

from .helpers import SHOTS, citizen, eventually, every_field_is_labelled, new_tenant, post_form, screen

pytestmark = pytest.mark.e2e
TENANT = "ville-agents"
YEAR = datetime.now(UTC).year
TODAY = date.today()
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
AGENT_PASSWORD = "Guichet-Ville-2026"
# A school day well after the booking deadline (2 days before): the Monday two weeks ahead, or after.
DAY = TODAY + timedelta(days=14 - TODAY.weekday())
RECORDS: list[dict[str, Any]] = [
    {"type": "family", "family_id": "F-LEG", "label": "Famille LEGRAND", "subscriber_code": "LEG-7Q2K-0001"},
    {
        "type": "guardian",
        "guardian_id": "R-LEG",
        "family_id": "F-LEG",
        "civility": "MME",
        "last_name": "LEGRAND",
        "first_name": "Anne",
        "relationship": "mère",
        "email": "anne.legrand@example.org",
        "mobile_phone": "0612345678",
        "home_phone": None,
        "work_phone": None,
        "address": {"line1": "3 rue des Lilas", "line2": None, "postcode": "31000", "city": "Toulouse"},
        "payer": True,
    },
    {
        "type": "child",
        "child_id": "E-LOU",
        "family_id": "F-LEG",
        "first_name": "Louise",
        "last_name": "LEGRAND",
        "birth_date": "2018-05-03",
        "school": "École Jean Jaurès",
        "class": "CE2",
    },
    {
        "type": "child_file",
        "child_id": "E-LOU",
        "diet": "sans_porc",
        "allergies": ["arachide"],
        "pai": False,
        "doctor": {"name": "Dr Roux", "phone": "0561000000"},
        "medical_notes": None,
        "authorisations": {"photos": True, "leave_alone": False},
        "pickups": [],
    },
    {
        "type": "activity",
        "activity_id": "CANT-JJ",
        "label": "Restauration scolaire – École Jean Jaurès",
        "nature": "Restauration scolaire",
        "from": (TODAY - timedelta(days=30)).isoformat(),
        "to": (TODAY + timedelta(days=200)).isoformat(),
        "weekdays": ["mon", "tue", "thu", "fri"],
        "closed": [],
        "extra_days": [],
        "units": [{"unit_id": "REPAS", "label": "Repas", "price": "3.20", "capacity": 40}],
        "booking_deadline": {"days_before": 2, "time": "10:00", "working_days": True},
        "cancellation_deadline": None,
        "opens_at": None,
        "waiting_list": False,
    },
    {
        "type": "enrolment",
        "child_id": "E-LOU",
        "activity_id": "CANT-JJ",
        "from": (TODAY - timedelta(days=30)).isoformat(),
        "to": (TODAY + timedelta(days=200)).isoformat(),
    },
    {
        "type": "document_type",
        "document_type_id": "ASSURANCE",
        "label": "Attestation d'assurance scolaire",
        "scope": "child",
        "validity_months": 12,
        "required_for": ["CANT-JJ"],
    },
]


@pytest.fixture(scope="module")
def town(stack) -> str:
    """The tenant, published once for the module's tests: its admin key."""
    return new_tenant(stack, TENANT, RECORDS)


@pytest.fixture(scope="module")
def parent(stack, town) -> str:
    """A parent following the LEGRAND family: its token."""
    return citizen(stack, "anne.legrand@example.org", "LEG-7Q2K-0001", tenant=TENANT)


def as_town(stack, key: str, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    """A call with the tenant's admin key: status and body."""
    status, _, answer = stack.request(method, f"/{TENANT}{path}", body, headers={"X-Api-Key": key})
    return status, answer


def invite(stack, key: str, email: str, first_name: str, last_name: str, permissions: list[str]) -> tuple[str, str]:
    """An agent created by the town: its id, and the token of its mailed invitation link."""
    body = {"email": email, "first_name": first_name, "last_name": last_name, "permissions": permissions}
    status, created = as_town(stack, key, "POST", "/admin/agents", {**body, "service_ids": []})
    assert status == 201, created
    [mail] = [m for m in stack.request("GET", "/_local/outbox")[2]["messages"] if m["to"] == [email]]
    link = re.search(r"\S+/agent/#/invitation\?token=(\S+)", mail["text"])
    assert link, mail["text"]
    return created["agent_id"], link.group(1)


def log_in(page, email: str, secret: str) -> None:
    """The login form filled with a code of the secret, sent; never twice with one code (a code is used once)."""
    page.wait_for_selector('h1:text-is("Connexion à l\'espace agent")')
    page.fill("#email", email)
    page.fill("#password", AGENT_PASSWORD)
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("form#connexion button[type=submit]")


def facts(page) -> dict[str, str]:
    terms, values = (
        page.locator("main dl.faits dt").all_inner_texts(),
        page.locator("main dl.faits dd").all_inner_texts(),
    )
    return dict(zip(terms, values, strict=True))


def send_paper(stack, token: str) -> str:
    """The parent declares the child's insurance paper and posts its file, as the portal does: its id."""
    body = {
        "document_type_id": "ASSURANCE",
        "child_id": "E-LOU",
        "file_name": "assurance Louise &amp; co.pdf",
        "content_type": "application/pdf",
        "size": len(PDF),
    }
    status, _, declared = stack.request("POST", f"/{TENANT}/families/F-LEG/documents", body, token=token)
    assert status == 201, declared
    upload = declared["upload"]
    assert post_form(upload["url"], upload["fields"], PDF, "application/pdf") in (200, 201, 204)
    document_id = declared["document"]["document_id"]

    def received() -> bool:
        papers = stack.request("GET", f"/{TENANT}/families/F-LEG/documents", token=token)[2]["uploaded"]
        return any(p["document_id"] == document_id and p["status"] == "received" for p in papers)

    eventually(received)
    return document_id


def test_an_invited_agent_logs_in_with_its_code_and_decides_a_request_and_a_paper(stack, page, town, parent):
    since = (datetime.now(UTC) - timedelta(seconds=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = {"family_id": "F-LEG", "certificate": "tax", "year": YEAR, "comment": "Pour les <b>impôts</b>"}
    status, _, request = stack.request("POST", f"/{TENANT}/requests/certificates", body, token=parent)
    assert status == 201, request
    document_id = send_paper(stack, parent)
    agent_email = "camille.roux@ville-agents.example"
    agent_id, link_token = invite(stack, town, agent_email, "Camille", "Roux", ["requests", "documents", "attendance"])

    # 1. The mailed link opens the invitation page; the token leaves the address bar at once.
    page.goto(f"{stack.url}/agent/?tenant={TENANT}#/invitation?token={link_token}")
    page.wait_for_selector("h1:text-is('Activer mon accès')")
    assert "token" not in page.url and unquote(link_token) not in page.url
    assert every_field_is_labelled(page)
    screen(page, "31-agent-invitation", phone=False)

    # 2. A password under 12 characters: the API's refusal in French beside the field; then a good one.
    page.fill("#password", "Court-2026")
    page.fill("#password_confirmation", "Court-2026")
    page.click("form#activation button[type=submit]")
    page.wait_for_selector("[data-for=password]:has-text('au moins 12 caractères')")
    page.fill("#password", AGENT_PASSWORD)
    page.fill("#password_confirmation", AGENT_PASSWORD)
    page.click("form#activation button[type=submit]")

    # 3. The second factor's secret and URI, shown once as text, and the way to log in.
    page.wait_for_selector("h1:text-is('Accès activé')")
    secret = page.inner_text("#cle-totp").strip()
    assert re.fullmatch(r"[A-Z2-7]+=*", secret), secret
    assert page.inner_text("#lien-otpauth").startswith("otpauth://totp/")
    assert "application d'authentification" in page.inner_text("main")
    screen(page, "32-agent-second-facteur", phone=False)
    page.click("#vers-connexion")

    # 4. A wrong code: one French message for any of the three wrong, the code emptied.
    page.wait_for_selector('h1:text-is("Connexion à l\'espace agent")')
    page.fill("#email", agent_email)
    page.fill("#password", AGENT_PASSWORD)
    page.fill("#code", pyotp.TOTP(secret).at(time.time() - 3600))
    page.click("form#connexion button[type=submit]")
    page.wait_for_selector("#connexion [data-for=form]:has-text('Email, mot de passe ou code incorrect.')")
    assert page.input_value("#code") == ""
    assert every_field_is_labelled(page)
    screen(page, "33-agent-connexion-refusee", phone=False)

    # 5. Logged in with the right code: « À traiter », the request and the paper, oldest first.
    log_in(page, agent_email, secret)
    page.wait_for_selector("h1:text-is('À traiter')")
    assert page.locator("#menu a[aria-current=page]").inner_text() == "À traiter"
    assert page.inner_text("[data-compte=requests]") == "1\ndemande en attente"
    assert page.inner_text("[data-compte=documents]") == "1\ndocument à vérifier"
    assert page.locator("[data-compte=threads], [data-compte=appointments_today]").count() == 0  # not its permissions
    links = page.locator("table.a-traiter a")
    assert links.count() == 2
    assert links.nth(0).get_attribute("href") == f"#/demande/{request['request_id']}"
    assert links.nth(1).get_attribute("href") == f"#/document/{document_id}"
    assert page.locator("main i, main b").count() == 0  # the families' words as text
    screen(page, "34-agent-a-traiter", phone=False)

    # 6. The request: what it asks, who asked (read at once, not from the feed).
    links.nth(0).click()
    page.wait_for_selector("form.decision")
    assert page.inner_text("h1") == "Demande – Attestation"
    shown = facts(page)
    assert shown["État"] == "En attente"
    assert shown["Attestation"] == "Attestation fiscale (frais de garde)"
    assert shown["Année"] == str(YEAR)
    assert shown["Demandée par"] == "M. Fuzz Fuzz (anne.legrand@example.org)"
    assert shown["Commentaire de la famille"] == "Pour les <b>impôts</b>"
    assert page.locator("main b").count() == 0
    assert every_field_is_labelled(page)
    screen(page, "35-agent-demande", phone=False)

    # 7. Refused: a reason is required; then the request refused by the agent, by name.
    page.get_by_role("button", name="Refuser", exact=True).click()
    page.wait_for_selector("[data-for=reason]:has-text('Indiquez le motif du refus')")
    page.fill("textarea[name=reason]", "Merci de passer en mairie\navec votre avis d'imposition <i>2025</i>.")
    page.get_by_role("button", name="Refuser", exact=True).click()
    page.wait_for_selector("p.resultat-decision:has-text('Demande refusée')")
    shown = facts(page)
    assert shown["État"] == "Refusée"
    assert shown["Par"] == "Camille Roux"
    assert page.locator("form.decision").count() == 0
    screen(page, "36-agent-demande-refusee", phone=False)
    status, _, seen = stack.request("GET", f"/{TENANT}/requests/{request['request_id']}", token=parent)
    assert status == 200 and seen["status"] == "refused", seen
    assert seen["decided_by"] == {"kind": "agent", "name": "Camille Roux"}
    assert seen["reason"] == "Merci de passer en mairie\navec votre avis d'imposition <i>2025</i>."

    # 8. The family's file, read only, with the paper the family sent.
    page.click("main a.dossier")
    page.wait_for_selector("h1:text-is('Dossier de la famille – Famille LEGRAND')")
    main = page.inner_text("main")
    assert "Louise LEGRAND" in main and "arachide" in main and "Sans porc" in main
    assert page.locator("main button").count() == 0  # no « Modifier »
    assert page.locator("table.documents-famille a").inner_text() == "assurance Louise &amp; co.pdf"
    screen(page, "37-agent-dossier-famille", phone=False)

    # 9. The paper: its file opened in a new tab, then accepted with a validity date.
    page.click("table.documents-famille a")
    page.wait_for_selector("form.decision")
    assert page.inner_text("h1") == "Document – assurance Louise &amp; co.pdf"
    assert facts(page)["État"] == "Reçu, à vérifier"
    with page.expect_popup():
        page.click("button.ouvrir")
    assert page.get_attribute(".lien-fichier a", "href").startswith("http")
    valid_until = date(YEAR + 1, 9, 30)
    page.fill("input[name=valid_until]", valid_until.isoformat())
    page.get_by_role("button", name="Accepter", exact=True).click()
    page.wait_for_selector("p.resultat-decision:has-text('Document accepté.')")
    shown = facts(page)
    assert shown["État"] == "Accepté"
    assert shown["Valable jusqu'au"] == valid_until.strftime("%d/%m/%Y")
    screen(page, "38-agent-document-accepte", phone=False)
    papers = stack.request("GET", f"/{TENANT}/families/F-LEG/documents", token=parent)[2]["uploaded"]
    assert [(p["status"], p["valid_until"]) for p in papers] == [("accepted", valid_until.isoformat())]

    # 10. Logged out: the login screen says so, and the token is gone.
    page.click("#deconnexion")
    page.wait_for_selector("#avis-session:has-text('Vous êtes déconnecté')")
    assert page.evaluate("sessionStorage.getItem('agent_access_token')") is None

    # 11. The audit log (an entry is listed once 30 seconds old): each action of the agent, recorded.
    def audited() -> set[tuple[str, str]] | None:
        status, answer = as_town(stack, town, "GET", f"/admin/audit?since={since}")
        assert status == 200, answer
        assert {item["agent_id"] for item in answer["items"]} <= {agent_id}
        wanted = {
            ("login", f"agent:{agent_id}"),
            ("decision", f"request:{request['request_id']}"),
            ("read_file", "family:F-LEG"),
            ("read_document", f"document:{document_id}"),
            ("decision", f"document:{document_id}"),
        }
        found = {(item["action"], item["target"]) for item in answer["items"]}
        return found if wanted <= found else None

    eventually(audited, timeout=45)


def test_an_agent_prints_the_day_s_attendance_list_and_nothing_else(stack, page, town, parent):
    booking = {"activity_id": "CANT-JJ", "changes": [{"date": DAY.isoformat(), "unit_id": "REPAS", "booked": True}]}
    status, _, booked = stack.request("POST", f"/{TENANT}/children/E-LOU/bookings", booking, token=parent)
    assert status == 200 and booked["results"][0]["outcome"] == "booked", booked
    email = "sam.martin@ville-agents.example"
    agent_id, link_token = invite(stack, town, email, "Sam", "Martin", ["attendance"])
    activation = {"token": unquote(link_token), "password": AGENT_PASSWORD, "password_confirmation": AGENT_PASSWORD}
    status, _, enrolled = stack.request("POST", f"/{TENANT}/agent/activation", activation)
    assert status == 200, enrolled

    # 1. The list's address opened logged out: the login form first, then the list's form.
    page.goto(f"{stack.url}/agent/?tenant={TENANT}#/presences")
    log_in(page, email, enrolled["totp_secret"])
    page.wait_for_selector("h1:text-is('Liste de présence')")
    assert page.locator("#menu a[aria-current=page]").inner_text() == "Liste de présence"
    assert page.locator("#menu a").all_inner_texts() == ["À traiter", "Liste de présence"]  # no « Rendez-vous »
    assert every_field_is_labelled(page)

    # 2. An unknown activity: said beside its field.
    page.fill("#presences-activite", "NOPE")
    page.fill("#presences-date", DAY.isoformat())
    page.click("#presences button[type=submit]")
    page.wait_for_selector("[data-for=activity_id]:has-text('Aucune activité ne porte ce code')")

    # 3. The day's list: a table per unit, the child booked.
    page.fill("#presences-activite", "CANT-JJ")
    page.click("#presences button[type=submit]")
    page.wait_for_selector("table.presences")
    assert page.inner_text(".liste-presence h2").startswith("CANT-JJ – ")
    assert page.inner_text(".unite-presence h3") == "Repas"
    assert page.inner_text(".comptes") == "1 place prise sur 40 (dont 0 absent), 0 en liste d'attente."
    rows = page.locator("table.presences tbody tr")
    assert rows.count() == 1
    assert rows.first.locator("td").all_inner_texts() == ["LEGRAND", "Louise", "CE2", "Réservé", ""]
    screen(page, "39-agent-liste-de-presence", phone=False)

    # 4. Ready to print: « Imprimer » opens the browser's printing; on paper, no menu, form or button.
    page.evaluate("window.print = () => { window.printed = true; }")
    page.click("#imprimer")
    assert page.evaluate("window.printed") is True
    page.emulate_media(media="print")
    assert page.locator("header").is_hidden() and page.locator("#menu").is_hidden()
    assert page.locator("#presences").is_hidden() and page.locator("#imprimer").is_hidden()
    assert page.locator("table.presences").is_visible()
    page.screenshot(path=str(SHOTS / "44-agent-liste-imprimee.png"), full_page=True)
    page.emulate_media(media="screen")
    assert page.locator("#menu").is_visible()

    # 5. Without the requests, messages or appointments permission: said, rather than failing; nothing awaits it.
    page.goto(f"{stack.url}/agent/?tenant={TENANT}#/demande/inconnue")
    page.wait_for_selector('main p.acces-refuse:text-is("Vous n\'avez pas accès à cette partie.")')
    screen(page, "43-agent-acces-refuse", phone=False)
    page.goto(f"{stack.url}/agent/?tenant={TENANT}#/threads/inconnue")  # a mailed conversation's link
    page.wait_for_selector("h1:text-is('Conversation')")
    assert page.inner_text("main p.acces-refuse") == "Vous n'avez pas accès à cette partie."
    assert page.locator("form#reponse").count() == 0
    page.goto(f"{stack.url}/agent/?tenant={TENANT}#/appointments")  # nor to appointments, said before any list
    page.wait_for_selector("h1:text-is('Rendez-vous')")
    assert page.inner_text("main p.acces-refuse") == "Vous n'avez pas accès à cette partie."
    assert page.locator("form#rendez-vous").count() == 0
    page.click("#menu >> text=À traiter")
    page.wait_for_selector("main p.rien:text-is('Rien à traiter pour le moment.')")

    # 6. Removed by the town: its token stops working, and the console goes back to the login screen.
    assert as_town(stack, town, "DELETE", f"/admin/agents/{agent_id}")[0] == 204
    page.click("#actualiser")
    page.wait_for_selector("#avis-session:has-text('Votre session a pris fin')")
    assert page.locator("#deconnexion").count() == 0
