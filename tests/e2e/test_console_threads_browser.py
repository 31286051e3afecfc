"""A conversation in « Espace agent », the town agents' console at /agent/, in a real browser against the local
stack (API.md v1.3, "Messages" and "Town agents").

A parent of the demo's MARTIN family writes to the « ENFANCE » service through the API, a script tag in its
message. The service's mailbox gets a link to the console's conversation page; the demo agent opens it, logs
in with its code and lands on the conversation: the subject, the service, who wrote for which family, the
message as the characters typed (no script runs, no dialog opens), line breaks kept. Back in « À traiter »
the conversation is listed and opens again; the agent answers (an empty answer and a control character are
refused in French first), signed with its own name; the parent reads the answer, unread until then, signed
« Camille Agent ». The agent closes the conversation after confirming: the page says it is closed and has no
reply box, and the parent can no longer write. A second conversation, closed by the town's software while the
agent writes, refuses the answer in French; an unknown one is « introuvable ». Every screen goes through the
guide's checks at 1280 px (axe-core, the menu on one line).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from .helpers import citizen, demo_values, eventually, every_field_is_labelled, fresh_code, screen

pytestmark = pytest.mark.e2e
PARENT = "parent.messages@example.org"
SUBJECT = "Cantine de Léa <b>lundi</b>"
TEXT = "Bonjour,\nLéa mangera-t-elle lundi ? <script>alert(1)</script>\n\nMerci, Fuzz"
ANSWER = "Bonjour,\nOui : le repas de lundi est bien réservé.\nBonne journée"


def as_town(stack, method: str, path: str) -> tuple[int, Any]:
    """A call with the demo's admin key (the town's software): status and body."""
    status, _, answer = stack.request(method, f"/demo{path}", headers={"X-Api-Key": stack.admin_key})
    return status, answer


def open_thread(stack, token: str, service_id: str, subject: str, text: str) -> str:
    body = {"service_id": service_id, "subject": subject, "text": text, "family_id": "F-001"}
    status, _, thread = stack.request("POST", "/demo/threads", body, token=token)
    assert status == 201, thread
    return str(thread["thread_id"])


def service_link(stack, thread_id: str) -> str:
    """The console's address in the mail the ENFANCE mailbox gets for this thread."""

    def mailed() -> str | None:
        for mail in stack.request("GET", "/_local/outbox")[2]["messages"]:
            found = re.search(rf"\S+/agent/#/threads/{thread_id}\b", mail["text"])
            if mail["to"] == ["enfance@ville-demo.example"] and found:
                assert "<script>" not in mail["text"] and "Cantine" not in mail["text"]  # never the words
                return found.group(0)
        return None

    return str(eventually(mailed))


def log_in(page, agent: dict[str, str]) -> None:
    """The login form filled with a code of a time step no test of this worker used yet, and sent."""
    page.wait_for_selector('h1:text-is("Connexion à l\'espace agent")')
    page.fill("#email", agent["email"])
    page.fill("#password", agent["password"])
    page.fill("#code", fresh_code(agent["totp_secret"]))
    page.click("form#connexion button[type=submit]")
    page.wait_for_selector("#deconnexion")


def facts(page) -> dict[str, str]:
    terms, values = (
        page.locator("main dl.faits dt").all_inner_texts(),
        page.locator("main dl.faits dd").all_inner_texts(),
    )
    return dict(zip(terms, values, strict=True))


def test_an_agent_reads_a_parent_s_message_as_text_answers_it_and_closes_it(stack, page):
    martin_code, _ = demo_values(stack)
    parent = citizen(stack, PARENT, martin_code)
    thread_id = open_thread(stack, parent, "ENFANCE", SUBJECT, TEXT)
    link = service_link(stack, thread_id)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # 1. The mailed link, logged out: the login form first, then the conversation itself.
    page.goto(link)
    log_in(page, stack.demo_agent())
    page.wait_for_selector("h1:text-is('Conversation')")
    assert page.locator("#menu a[aria-current=page]").inner_text() == "À traiter"
    assert page.inner_text("h2.sujet") == SUBJECT
    shown = facts(page)
    assert shown["Service"] == "ENFANCE"
    assert shown["État"] == "Ouverte, en attente de votre réponse"
    assert shown["Écrite par"] == f"M. Fuzz Fuzz ({PARENT})"
    assert shown["Famille"] == "F-001 · Dossier de la famille"
    assert "Lue par la famille" not in shown  # the town has not written yet

    # 2. The parent's words as text: the script tag's characters, line breaks kept; nothing ran.
    messages = page.locator("ol.fil li.message")
    assert messages.count() == 1
    assert messages.first.locator("h3").inner_text() == "Fuzz Fuzz · Famille"
    assert messages.first.locator(".texte-message").inner_text() == TEXT
    assert page.evaluate("getComputedStyle(document.querySelector('.texte-message')).whiteSpace") == "pre-wrap"
    assert page.locator("main script, main b").count() == 0
    assert dialogs == []
    assert page.inner_text("#signature") == "Signé : Camille Agent"
    assert every_field_is_labelled(page) and page.locator("textarea#reponse-texte").count() == 1
    screen(page, "45-agent-conversation", phone=False)

    # 3. « À traiter » lists it, counted, and opens it again.
    page.click("main a:text-is('Retour à « À traiter »')")
    page.wait_for_selector("h1:text-is('À traiter')")
    assert re.fullmatch(r"\d+\nmessages? sans réponse", page.inner_text("[data-compte=threads]"))
    item = page.locator(f"table.a-traiter a[href='#/threads/{thread_id}']")
    assert item.count() == 1
    assert item.locator("xpath=ancestor::tr").locator("td").nth(1).inner_text() == "Message"
    screen(page, "46-agent-a-traiter-messages", phone=False)
    item.click()
    page.wait_for_selector("form#reponse")

    # 4. An empty answer, then a control character: refused in French beside the field.
    page.click("#envoyer")
    page.wait_for_selector("[data-for=text]:has-text('Écrivez votre réponse')")
    page.fill("#reponse-texte", "Bonjour\u0007")
    page.click("#envoyer")
    page.wait_for_selector("[data-for=text]:has-text('caractères non autorisés')")
    assert page.get_attribute("#reponse-texte", "aria-invalid") == "true"

    # 5. Answered: signed with the agent's name; nothing awaits the town any more.
    page.fill("#reponse-texte", ANSWER)
    page.click("#envoyer")
    page.wait_for_selector("p.resultat-decision:has-text('Réponse envoyée, signée Camille Agent')")
    assert messages.count() == 2
    assert messages.nth(1).locator("h3").inner_text() == "Camille Agent · Mairie"
    assert messages.nth(1).locator(".texte-message").inner_text() == ANSWER
    shown = facts(page)
    assert shown["État"] == "Ouverte, répondue"
    assert shown["Lue par la famille"] == "Non : 1 message de la mairie non lu"
    screen(page, "47-agent-conversation-repondue", phone=False)

    # 6. The parent finds the answer, unread until read, signed by the agent.
    status, _, listed = stack.request("GET", "/demo/threads", token=parent)
    assert status == 200, listed
    [mine] = [t for t in listed["items"] if t["thread_id"] == thread_id]
    assert mine["unread"] == 1 and mine["status"] == "open"
    status, _, read = stack.request("GET", f"/demo/threads/{thread_id}", token=parent)
    assert status == 200, read
    assert [(m["from"], m["author"], m["text"]) for m in read["messages"]] == [
        ("citizen", "Fuzz Fuzz", TEXT),
        ("town", "Camille Agent", ANSWER),
    ]

    # 7. Closed, once confirmed (« Annuler » first keeps it open): said, and no reply box any more.
    page.click("#clore")
    page.wait_for_selector("#confirmer-cloture:visible")
    assert page.evaluate("document.activeElement.id") == "question-cloture"
    page.click("#clore-non")
    assert page.locator("#confirmer-cloture").is_hidden()
    assert page.evaluate("document.activeElement.id") == "clore"
    page.click("#clore")
    screen(page, "48-agent-conversation-clore", phone=False)
    page.click("#clore-oui")
    page.wait_for_selector("p.resultat-decision:has-text('Conversation close')")
    assert facts(page)["État"] == "Close"
    assert page.inner_text("#conversation-close").startswith("Cette conversation est close")
    assert page.locator("form#reponse, #clore").count() == 0
    assert dialogs == []
    screen(page, "49-agent-conversation-close", phone=False)
    status, _, refused = stack.request("POST", f"/demo/threads/{thread_id}/messages", {"text": "Et ?"}, token=parent)
    assert status == 409 and refused["code"] == "thread_closed", refused

    # 8. A conversation closed by the town's software while the agent writes: the answer refused in French.
    other = open_thread(stack, parent, "FACTURATION", "Facture de novembre", "Bonjour,\nLa facture est-elle juste ?")
    page.goto(f"{stack.url}/agent/#/threads/{other}")
    page.wait_for_selector("form#reponse")
    assert facts(page)["Service"] == "FACTURATION"
    page.fill("#reponse-texte", "Nous vérifions.")
    assert as_town(stack, "POST", f"/admin/threads/{other}/closure")[0] == 200
    page.click("#envoyer")
    page.wait_for_selector("#reponse [data-for=form]:has-text('Cette conversation a été close entre-temps')")
    assert page.locator("#envoyer").is_hidden() and page.locator(".cloture").is_hidden()
    page.reload()
    page.wait_for_selector("#conversation-close")

    # 9. An unknown conversation: « introuvable », with the way back.
    page.goto(f"{stack.url}/agent/#/threads/0123456789abcdef0123456789abcdef")
    page.wait_for_selector("main p.error:has-text('Cette conversation est introuvable')")
    assert page.locator("main a:text-is('Retour à « À traiter »')").count() == 1
