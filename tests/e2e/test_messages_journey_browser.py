"""« Nous contacter » both ways, each side in its own browser, against the local stack (API.md v1.3,
"Messages"): a parent of the demo's MARTIN family writes to the Service Enfance in the portal, a script tag in
its text; the demo agent opens the conversation in the console from the mailbox's link, reads the text as
text and answers; the parent, back in the portal, sees « 1 nouveau message », reads the answer signed by the
agent, and the count goes back to 0.
"""

from __future__ import annotations

import re

import pytest

from .helpers import citizen, demo_values
from .test_console_threads_browser import log_in as agent_log_in
from .test_console_threads_browser import service_link

pytestmark = pytest.mark.e2e
PARENT = "parent.journey@example.org"
PASSWORD = "Cantine2024!"
SUBJECT = "Sortie de jeudi"
TEXT = "Bonjour,\nFaut-il un pique-nique ? <script>alert(1)</script>"
ANSWER = "Bonjour,\nOui, un pique-nique et une gourde."


def test_a_parent_writes_in_the_portal_an_agent_answers_in_the_console_the_parent_reads_it(stack, page):
    martin_code, _ = demo_values(stack)
    citizen(stack, PARENT, martin_code)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # The parent writes in the portal.
    page.goto(f"{stack.url}/?tenant=demo#/messages/nouveau")
    page.wait_for_selector("h1:has-text('Se connecter')")
    page.fill("#email", PARENT)
    page.fill("#password", PASSWORD)
    page.click("form >> text=Se connecter")
    page.wait_for_selector("#nouveau-message")
    page.select_option("#message-service", "ENFANCE")
    page.fill("#message-objet", SUBJECT)
    page.fill("#message-texte", TEXT)
    page.click("text=Envoyer le message")
    page.wait_for_selector("main p.ok")
    thread_id = re.fullmatch(r"#/messages/([0-9a-f]{32})", page.evaluate("location.hash")).group(1)

    # The agent answers in the console, from the link the service's mailbox got.
    console = page.context.browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    try:
        agent = console.new_page()
        agent.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        agent.goto(service_link(stack, thread_id))
        agent_log_in(agent, stack.demo_agent())
        agent.wait_for_selector("form#reponse")
        assert agent.locator("li.message .texte-message").first.inner_text() == TEXT
        agent.fill("#reponse-texte", ANSWER)
        agent.click("#envoyer")
        agent.wait_for_selector("p.resultat-decision:has-text('Réponse envoyée, signée Camille Agent')")
    finally:
        console.close()

    # The parent sees the answer waiting, reads it; read, nothing is new any more.
    page.click("#menu >> text=Nous contacter")
    page.wait_for_selector(f"li.conversation:has-text('{SUBJECT}') .non-lus:text-is('1 nouveau message')")
    item = page.locator("li.conversation", has_text=SUBJECT)
    item.get_by_role("link", name=SUBJECT, exact=True).click()
    page.wait_for_selector("li.message >> nth=1")
    answer = page.locator("li.message").nth(1)
    assert answer.locator(".texte").inner_text() == ANSWER
    assert "Camille Agent" in answer.locator("h3").inner_text()
    page.click("#menu >> text=Nous contacter")
    page.wait_for_selector("li.conversation")
    assert page.locator("li.conversation", has_text=SUBJECT).locator(".non-lus").count() == 0
    assert page.locator("main script").count() == 0 and dialogs == []
