"""« Nous contacter » in a real browser against the local stack (API.md v1.3, "Messages").

On a fresh tenant with two services, a parent opens « Nous contacter » (last in the menu), writes to the Service
Enfance about the family, a paper of « Mes documents » attached, with a text holding markup and a script: the
conversation shows it as those characters, line breaks kept, and no dialog opens; a text with an invisible
character is refused beside the field. The town answers through the API: the list says « 1 nouveau message »,
the conversation shows the answer, and the count goes back to 0. The parent replies; the town closes the
conversation meanwhile: the reply is refused as closed, and the page then says it instead of the reply box.
Another parent opens a conversation from the mailed link, logged out, and is told the day's limit with when to
write again. Every screen goes through the guide's checks (axe-core at 1280 and 375 px, no sideways scrolling).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from .helpers import citizen, eventually, every_field_is_labelled, new_tenant, post_form, screen

pytestmark = pytest.mark.e2e
TENANT = "ville-messages"
PASSWORD = "Cantine2024!"
CODE = "DUR-7Q2K-0001"
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PAPER = "assurance-lou.pdf"
SUBJECT = "Cantine de Lou <b>lundi</b>"
TEXT = "Bonjour,\n<script>alert(1)</script>\n<img src=x onerror=alert(2)>\nMerci."
ANSWER = "Bonjour,\nC'est noté pour lundi <i>!</i>\n\nLe Service Enfance"
RECORDS: list[dict[str, Any]] = [
    {"type": "service", "service_id": "ENFANCE", "label": "Service Enfance", "notify_email": "enfance@ville.example"},
    {"type": "service", "service_id": "ETAT-CIVIL", "label": "État civil"},
    {"type": "family", "family_id": "F-DUR", "label": "Famille DURAND", "subscriber_code": CODE},
    {
        "type": "child",
        "child_id": "E-LOU",
        "family_id": "F-DUR",
        "first_name": "Lou",
        "last_name": "DURAND",
        "birth_date": "2018-05-03",
        "school": None,
        "class": None,
    },
    {
        "type": "document_type",
        "document_type_id": "ASSURANCE",
        "label": "Attestation d'assurance scolaire",
        "scope": "child",
        "validity_months": 12,
        "required_for": ["*"],
    },
]


@pytest.fixture(scope="module")
def town(stack) -> str:
    """The tenant, published once for the module's tests: its admin key."""
    return new_tenant(stack, TENANT, RECORDS)


def log_in(page, stack, email: str, hash_: str) -> None:
    """Opens ``hash_`` as a bookmark (or a mailed link), logged out: the login form first, then the screen."""
    page.goto(f"{stack.url}/?tenant={TENANT}{hash_}")
    page.wait_for_selector("h1:has-text('Se connecter')")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form >> text=Se connecter")


def upload(stack, token: str, file_name: str) -> str:
    """A paper sent to « Mes documents » as the portal sends it, once its file is received: its id."""
    body = {
        "document_type_id": "ASSURANCE",
        "child_id": "E-LOU",
        "file_name": file_name,
        "content_type": "application/pdf",
        "size": len(PDF),
    }
    status, _, declared = stack.request("POST", f"/{TENANT}/families/F-DUR/documents", body, token=token)
    assert status == 201, declared
    upload = declared["upload"]
    assert post_form(upload["url"], upload["fields"], PDF, "application/pdf") in (200, 201, 204)
    document_id = declared["document"]["document_id"]

    def received() -> bool:
        papers = stack.request("GET", f"/{TENANT}/families/F-DUR/documents", token=token)[2]["uploaded"]
        return any(p["document_id"] == document_id and p["status"] == "received" for p in papers)

    eventually(received)
    return document_id


def town_call(stack, key: str, path: str, body: Any = None) -> Any:
    """The town's software, with the tenant's admin key."""
    status, _, answer = stack.request("POST", f"/{TENANT}/admin{path}", body, headers={"X-Api-Key": key})
    assert status in (200, 201), answer
    return answer


def unread(stack, token: str) -> list[int]:
    return [t["unread"] for t in stack.request("GET", f"/{TENANT}/threads", token=token)[2]["items"]]


def card(page, subject: str):
    return page.locator("li.conversation", has=page.get_by_role("link", name=subject, exact=True))


def facts(item) -> dict[str, str]:
    terms, values = item.locator("dt").all_inner_texts(), item.locator("dd").all_inner_texts()
    return dict(zip(terms, values, strict=True))


def test_a_parent_writes_to_a_service_reads_its_answer_and_the_town_closes(stack, page, town):
    email = "durand.messages@example.org"
    token = citizen(stack, email, CODE, tenant=TENANT)
    paper = upload(stack, token, PAPER)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # 1. « Nous contacter », last in the menu as in the user guide; nothing written yet.
    log_in(page, stack, email, "#/messages")
    page.wait_for_selector("h1:has-text('Nous contacter')")
    page.wait_for_selector("main a.bouton")
    assert page.locator("#menu a").all_inner_texts()[-2:] == ["Plan du site", "Nous contacter"]
    assert page.locator("#menu a[aria-current=page]").inner_text() == "Nous contacter"
    assert "Vous n'avez encore écrit à aucun service." in page.inner_text("main")
    screen(page, "100-nous-contacter-vide")

    # 2. The form: the services by label, the one family followed chosen, its paper to attach.
    page.click("main >> text=Nouveau message")
    page.wait_for_selector("h1:has-text('Nouveau message')")
    page.wait_for_selector("#nouveau-message")
    assert every_field_is_labelled(page)
    assert page.locator("#menu a[aria-current=page]").inner_text() == "Nous contacter"
    assert page.locator("#message-service option").all_inner_texts() == [
        "Choisissez un service",
        "État civil",
        "Service Enfance",
    ]
    assert page.input_value("#message-famille") == "F-DUR"
    assert page.get_attribute("#message-objet", "maxlength") == "150"
    assert page.get_attribute("#message-texte", "maxlength") == "5000"
    attach = page.get_by_role("checkbox", name=re.compile(f"^{re.escape(PAPER)} \\(envoyé le "))
    assert attach.count() == 1
    screen(page, "101-nouveau-message")

    # 3. A text with an invisible character: refused beside the text, in French, and focused there.
    page.select_option("#message-service", "ENFANCE")
    page.fill("#message-objet", SUBJECT)
    page.fill("#message-texte", "Bonjour\u200b")
    with page.expect_response(lambda r: r.url.endswith(f"/{TENANT}/threads")) as refused:
        page.click("text=Envoyer le message")
    assert refused.value.status == 422
    error = page.locator("#message-texte-erreur")
    error.filter(has_text="caractères non autorisés").wait_for()
    assert page.get_attribute("#message-texte", "aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "message-texte"
    assert page.locator("#message-objet-erreur").inner_text() == ""
    screen(page, "102-nouveau-message-refuse")

    # 4. Sent with the paper: the conversation opens, the text shown as typed (no markup, no script run).
    page.fill("#message-texte", TEXT)
    attach.check()
    with page.expect_response(lambda r: r.url.endswith(f"/{TENANT}/threads")) as sent:
        page.click("text=Envoyer le message")
    assert sent.value.request.post_data_json == {
        "service_id": "ENFANCE",
        "subject": SUBJECT,
        "text": TEXT,
        "family_id": "F-DUR",
        "document_ids": [paper],
    }
    assert sent.value.status == 201
    thread_id = sent.value.json()["thread_id"]
    page.wait_for_selector("main p.ok")
    assert page.evaluate("location.hash") == f"#/messages/{thread_id}"
    assert page.inner_text("main h1") == SUBJECT
    assert page.inner_text("main p.ok") == "Votre message est envoyé au Service Enfance."
    assert page.evaluate("document.activeElement.classList.contains('ok')")
    assert facts(page.locator("main")) == {
        "Service": "Service Enfance",
        "Famille": "Famille DURAND",
        "État": "En cours",
        "Commencée le": facts(page.locator("main"))["Commencée le"],
    }
    message = page.locator("li.message")
    assert message.count() == 1
    assert message.locator("h3").inner_text() == "Vous"
    assert message.locator(".texte").inner_text() == TEXT
    assert message.locator(".texte").evaluate("e => getComputedStyle(e).whiteSpace") == "pre-wrap"
    assert message.locator(".pieces-jointes li").all_inner_texts() == [PAPER]
    assert page.locator("main script, main img, main b").count() == 0
    assert dialogs == []
    screen(page, "103-conversation")

    # 5. The town answers: the list says so, and the conversation shows the answer; read, the count is 0.
    town_call(stack, town, f"/threads/{thread_id}/messages", {"text": ANSWER, "author": "Claire ROUX"})
    page.click("#menu >> text=Nous contacter")
    page.wait_for_selector("li.conversation")
    item = card(page, SUBJECT)
    assert item.locator(".non-lus").inner_text() == "1 nouveau message"
    assert facts(item)["État"] == "En cours"
    assert facts(item)["Service"] == "Service Enfance"
    assert page.inner_text("#conversations-affichees") == "1 conversation affichée."
    assert unread(stack, token) == [1]
    screen(page, "104-nous-contacter-non-lu")

    item.get_by_role("link", name=SUBJECT, exact=True).click()
    page.wait_for_selector("li.message >> nth=1")
    answer = page.locator("li.message").nth(1)
    assert answer.locator("h3").inner_text() == "Claire ROUX, pour la mairie"
    assert answer.locator(".texte").inner_text() == ANSWER
    assert page.locator("main i").count() == 0
    assert unread(stack, token) == [0]
    page.click("main >> text=Retour à Nous contacter")
    page.wait_for_selector("li.conversation")
    assert card(page, SUBJECT).locator(".non-lus").count() == 0

    # 6. A reply from the conversation: sent, said, and shown third.
    card(page, SUBJECT).get_by_role("link", name=SUBJECT, exact=True).click()
    page.wait_for_selector("#reponse")
    page.fill("#reponse-texte", "Merci beaucoup !\nÀ lundi.")
    page.click("#reponse >> text=Envoyer")
    page.wait_for_selector("main p.ok:has-text('Votre message est envoyé.')")
    assert page.locator("li.message").count() == 3
    assert page.locator("li.message .texte").nth(2).inner_text() == "Merci beaucoup !\nÀ lundi."

    # 7. The town closes the conversation while the page is open: the reply is refused as closed, kept read only.
    town_call(stack, town, f"/threads/{thread_id}/closure")
    page.fill("#reponse-texte", "Encore une question.")
    with page.expect_response(lambda r: r.url.endswith(f"/threads/{thread_id}/messages")) as closed:
        page.click("#reponse >> text=Envoyer")
    assert closed.value.status == 409
    general = page.locator("#reponse .error[data-for=form]")
    general.filter(has_text="clôturé").wait_for()
    assert "n'a pas été envoyé" in general.inner_text()
    assert page.is_disabled("#reponse button[type=submit]")
    assert page.locator("main p.ok").count() == 0  # « envoyé », said of the previous reply, is gone
    assert facts(page.locator("main"))["État"] == "Clôturée"
    screen(page, "105-reponse-refusee-conversation-close")

    # Drawn again: no reply box, a sentence instead, with where to write a new message.
    page.reload()
    page.wait_for_selector("p.conversation-close")
    assert page.locator("#reponse").count() == 0
    assert page.inner_text("p.conversation-close").startswith("La mairie a clôturé cette conversation")
    assert page.locator("p.conversation-close a").get_attribute("href") == "#/messages/nouveau"
    screen(page, "106-conversation-close")
    assert dialogs == []


def test_the_mailed_link_opens_the_conversation_and_the_days_limit_is_said(stack, page, town):
    email = "durand.limite@example.org"
    token = citizen(stack, email, CODE, tenant=TENANT)
    opened = []
    for n in range(5):  # the day's 5 new conversations, about no family
        body = {"service_id": "ETAT-CIVIL", "subject": f"Question {n + 1}", "text": "Bonjour"}
        status, _, thread = stack.request("POST", f"/{TENANT}/threads", body, token=token)
        assert status == 201, thread
        opened.append(thread["thread_id"])
    town_call(stack, town, f"/threads/{opened[0]}/messages", {"text": "Voici la réponse.", "author": "Paul"})

    def mail() -> dict[str, Any] | None:
        found = [m for m in stack.request("GET", "/_local/outbox")[2]["messages"] if m["to"] == [email]]
        return next((m for m in found if "nouveau message de la mairie" in m["subject"]), None)

    # 1. The mail's link, opened logged out: the login form, then the conversation, read.
    link = re.search(r"#/messages/(\w+)", eventually(mail)["text"])
    assert link and link.group(1) == opened[0]
    log_in(page, stack, email, f"#/messages/{opened[0]}")
    page.wait_for_selector("h1:has-text('Question 1')")
    page.wait_for_selector("li.message >> nth=1")
    assert facts(page.locator("main")) == {
        "Service": "État civil",
        "État": "En cours",
        "Commencée le": facts(page.locator("main"))["Commencée le"],
    }
    assert page.locator("li.message h3").all_inner_texts() == ["Vous", "Paul, pour la mairie"]
    assert unread(stack, token)[0] == 0

    # 2. A sixth conversation today: the day's limit, and from when the parent may write again.
    page.goto(f"{stack.url}/?tenant={TENANT}#/messages/nouveau")
    page.wait_for_selector("#nouveau-message")
    page.select_option("#message-service", "ETAT-CIVIL")
    page.select_option("#message-famille", "")
    assert page.inner_text(".pieces-de-la-famille") == ""  # no family chosen: nothing to attach
    page.fill("#message-objet", "Question 6")
    page.fill("#message-texte", "Bonjour")
    with page.expect_response(lambda r: r.url.endswith(f"/{TENANT}/threads")) as refused:
        page.click("text=Envoyer le message")
    assert refused.value.status == 429
    general = page.locator("#nouveau-message .error[data-for=form]")
    general.filter(has_text="limite du jour").wait_for()
    again = r"Vous pourrez écrire de nouveau à partir du \w+ \d+(er)? \w+( \d{4})? à \d+ h( \d\d)?\.$"
    assert re.search(again, general.inner_text()), general.inner_text()
    assert page.evaluate("document.activeElement.dataset.for") == "form"
    screen(page, "107-limite-du-jour")

    # 3. The list: the five conversations, the one read without its badge.
    page.click("#menu >> text=Nous contacter")
    page.wait_for_selector("li.conversation")
    assert page.locator("li.conversation").count() == 5
    assert page.locator(".non-lus").count() == 0
