"""The reference portal (web/) in a real browser: the user guide from account creation to the PDF.

Headless Chromium (Debian's package) driven by Playwright, against the local
stack that `make run` starts. Every screen is checked by axe-core (no serious
or critical violation) on a desktop and on a phone (375 px, where nothing may
scroll sideways); screenshots of both go to test-artifacts/portal/.
"""

from __future__ import annotations

import json
import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from .helpers import SHOTS, citizen, demo_values, every_field_is_labelled, screen

pytestmark = pytest.mark.e2e
PASSWORD = "Cantine2024!"


def test_a_parent_walks_the_whole_guide_in_the_browser(stack, page, tmp_path):
    martin_code, invoice_data = demo_values(stack)
    email = "navigateur@example.org"

    # 1. Créer un compte: the password rule checked as one types, API errors next to their fields.
    page.goto(f"{stack.url}/#/inscription")
    page.select_option("#civility", "MME")
    page.fill("#last_name", "Martin")
    page.fill("#first_name", "Léa")
    page.fill("#email", email)
    page.fill("#password", "court")
    assert page.locator("[data-rule] li.met").count() == 1  # only "1 minuscule" is met
    page.fill("#password", PASSWORD)
    assert page.locator("[data-rule] li.met").count() == 4
    page.fill("#password_confirmation", PASSWORD + "x")
    page.check("#terms_accepted")
    assert every_field_is_labelled(page)
    page.click("text=S'inscrire")
    page.wait_for_selector("#password_confirmation-erreur:has-text('Les deux mots de passe diffèrent')")
    assert page.get_attribute("#password_confirmation", "aria-invalid") == "true"
    screen(page, "01-inscription-erreur")
    page.fill("#password_confirmation", PASSWORD)
    page.click("text=S'inscrire")
    page.wait_for_selector("text=lien d'activation")
    screen(page, "02-inscription-ok")

    # 2. The activation link from the mail opens the portal and activates the account.
    mail = [m for m in stack.request("GET", "/_local/outbox")[2]["messages"] if m["to"] == [email]][-1]
    link = re.search(r"http\S+/activation\?token=\S+", mail["text"]).group(0)
    page.goto(link)
    page.wait_for_selector("h1:has-text('Compte activé')")
    screen(page, "03-activation")

    # 3. Log in.
    page.click("main >> text=Se connecter")
    page.wait_for_selector("h1:has-text('Se connecter')")
    screen(page, "03b-connexion")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form >> text=Se connecter")
    page.wait_for_selector("h1:has-text('Accueil')")  # the home: nothing to pay, no family followed yet
    page.wait_for_selector("#accueil-factures + .bloc-contenu:has-text('Aucune facture à payer.')")

    # 4. Mes abonnements: by subscriber code, then by invoice data.
    page.click("text=Mes abonnements")
    page.wait_for_selector("h1:has-text('Mes abonnements')")
    assert every_field_is_labelled(page)
    page.fill("#subscriber_code", martin_code)
    page.click("#par-code >> text=Rechercher")
    page.wait_for_selector("td:has-text('Famille MARTIN')")
    for name, value in invoice_data.items():
        page.fill(f"#par-facture #{name}", value)
    page.click("#par-facture >> text=Rechercher")
    page.wait_for_selector("td:has-text('Famille DURAND')")
    screen(page, "04-abonnements")

    # 5. Espace facturation: the two families' three children over three years are more than 100
    #    invoices; the history shows them a page at a time, each with its payments and balance.
    page.click("text=Espace facturation")
    heading = page.wait_for_selector("h1:has-text('Historique des factures')").inner_text()
    total = int(re.search(r"\((\d+) résultats\)", heading).group(1))
    assert total > 100
    assert invoices_shown(page) == page.locator("th:has-text('Solde à payer')").count() == 20
    assert page.locator(".to-pay").count() >= 1
    screen(page, "05-factures")
    page.dblclick("#plus")  # a double tap loads one more page, not two copies of it
    page.wait_for_function("document.querySelectorAll('a[href^=\"#/facture/\"]').length > 20")
    page.wait_for_selector("#plus:enabled")
    assert invoices_shown(page) == 40
    assert page.evaluate("document.activeElement === document.querySelectorAll('a[href^=\"#/facture/\"]')[20]")
    while page.is_visible("#plus"):  # "Afficher plus" until the oldest invoice
        shown = invoices_shown(page)
        page.click("#plus")
        page.wait_for_function(f"document.querySelectorAll('a[href^=\"#/facture/\"]').length > {shown}")
    assert invoices_shown(page) == total
    days = page.locator("#contenu > table > tbody > tr > td[data-label=Date]").all_inner_texts()
    dates = [date.fromisoformat("-".join(reversed(day.split("/")))) for day in days]
    assert dates == sorted(dates, reverse=True)
    page.locator("a[href^='#/facture/'] >> nth=-1").scroll_into_view_if_needed()
    screen(page, "05b-factures-les-plus-anciennes", full_page=False)

    # "À payer": only the invoices still to pay, counted with their balance; a filter starts again at page one.
    label = page.inner_text("#a-payer")
    to_pay = int(re.search(r"À payer : (\d+) facture", label).group(1))
    page.click("#a-payer")
    page.wait_for_selector("#a-payer[aria-pressed=true]")
    assert page.evaluate("document.activeElement.id") == "a-payer"  # the screen is redrawn; focus stays on the toggle
    assert page.inner_text("h1") == f"Historique des factures ({to_pay} résultats)"
    assert page.locator("td[data-label=Statut]").all_inner_texts() == ["À payer"] * min(to_pay, 20)
    screen(page, "05c-factures-a-payer")
    page.click("#a-payer")
    page.wait_for_selector(f"h1:has-text('({total} résultats)')")
    page.select_option("#nature", "Restauration scolaire")
    year = page.eval_on_selector("#year option:nth-child(2)", "o => o.value")
    page.select_option("#year", year)
    page.click("#filtres >> text=Filtrer")
    page.wait_for_function(f"!document.querySelector('h1').textContent.includes('({total} résultats)')")
    filtered = int(re.search(r"\((\d+) résultats\)", page.inner_text("h1")).group(1))
    assert 0 < filtered < total and invoices_shown(page) == min(filtered, 20)
    assert page.is_visible("#plus") == (filtered > 20)
    screen(page, "06-factures-filtrees")

    # 6. An invoice's detail, then its PDF.
    page.click("tbody a >> nth=0")
    page.wait_for_selector("h1:has-text('Facture n°')")
    assert page.locator("h2:has-text('Règlements')").count() == 1
    screen(page, "07-facture")
    with page.expect_download() as download:
        page.click("text=Télécharger la facture")
    saved = tmp_path / "facture.pdf"
    download.value.save_as(saved)
    assert download.value.suggested_filename.startswith("facture-")
    assert saved.read_bytes().startswith(b"%PDF-")

    # 6b. Pay an invoice online: the stand-in's PayFiP page refuses the card, the parent tries again
    #     from the portal's payment screen and pays.
    page.click("text=Espace facturation")
    page.wait_for_selector("h1:has-text('Historique des factures')")
    to_pay = page.locator(".to-pay").count()
    page.click("button[data-pay] >> nth=0")
    page.wait_for_selector("h1:has-text('PayFiP')")
    assert "/_local/payfip/paiement?idop=" in page.url
    page.screenshot(path=str(SHOTS / "07b-payfip.png"))  # PayFiP's page (the stand-in's), not one of ours
    page.click("button:has-text('Carte refusée')")
    page.wait_for_selector("h1:has-text('Paiement refusé')")
    screen(page, "07c-paiement-refuse")
    page.click("button[data-pay]")
    page.wait_for_selector("h1:has-text('PayFiP')")
    page.click("button:has-text('Payer')")
    page.wait_for_selector("h1:has-text('Paiement accepté')")
    assert "#/paiement/" in page.url
    transaction = page.url.rsplit("/", 1)[1]
    assert page.locator("text=solde à payer : 0,00").count() == 1
    screen(page, "07d-paiement-accepte")
    page.click("text=Retour à l'espace facturation")
    page.wait_for_selector("h1:has-text('Historique des factures')")
    assert page.locator(".to-pay").count() == to_pay - 1
    assert page.locator(f"text=Règlement en ligne - Transaction n° {transaction}").count() == 1

    # 7. Unsubscribe from the second family, then log out.
    page.click("text=Mes abonnements")
    page.click("text=Se désabonner >> nth=1")
    page.wait_for_function("!document.body.textContent.includes('Famille DURAND')")
    screen(page, "08-desabonnement")
    page.click("text=Se déconnecter")
    page.wait_for_selector("h1:has-text('Se connecter')")

    # 8. "Mot de passe oublié ?": the mailed /mot-de-passe link opens the page, which drops the token.
    new_password, new_email = "Piscine2025!", "navigateur.nouvelle@example.org"
    page.click("text=Mot de passe oublié ?")
    page.wait_for_selector("h1:has-text('Mot de passe oublié')")
    screen(page, "08b-mot-de-passe-oublie")
    page.fill("#email", email)
    page.click("#oubli >> text=Recevoir un lien")
    page.wait_for_selector("text=valable une heure")
    page.goto(mailed_link(stack, email, "mot-de-passe"))
    page.wait_for_selector("h1:has-text('Choisir un nouveau mot de passe')")
    screen(page, "09-choisir-mot-de-passe")
    assert "token" not in page.url
    assert every_field_is_labelled(page)
    page.fill("#password", new_password)
    page.fill("#password_confirmation", new_password)
    page.click("#nouveau >> text=Enregistrer")
    page.wait_for_selector("h1:has-text('Mot de passe modifié')")
    screen(page, "09b-mot-de-passe-modifie")
    log_in(page, email, new_password)

    # 9. Mon compte: profile, notification choices, my data, then a new email confirmed from its link.
    page.click("text=Mon compte")
    page.wait_for_selector("h1:has-text('Mon compte')")
    assert every_field_is_labelled(page)
    page.fill("#first_name", "Léonie")
    page.click("#profil >> text=Enregistrer")
    page.wait_for_selector("#annonce:has-text('Vos informations sont enregistrées')")
    page.uncheck("#reminders")
    page.click("#avis >> text=Enregistrer mes choix")
    page.wait_for_selector("#annonce:has-text('Vos choix sont enregistrés')")
    assert not page.is_checked("#reminders") and page.is_checked("#new_invoices")
    screen(page, "10-mon-compte")
    with page.expect_download() as download:
        page.click("text=Télécharger mes données")
    assert download.value.suggested_filename == "mes-donnees.json"
    exported = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert exported["profile"]["first_name"] == "Léonie" and exported["notifications"]["reminders"] is False
    page.fill("#new_email", new_email)
    page.fill("#email-mdp", new_password)
    page.click("text=Changer mon adresse")
    page.wait_for_selector("#annonce:has-text('lien de confirmation')")
    page.goto(mailed_link(stack, new_email, "email"))
    page.wait_for_selector("h1:has-text('Adresse confirmée')")
    assert "token" not in page.url
    screen(page, "11-email-confirme")

    # 10. Still logged in (an email change keeps sessions): delete the account, after a confirmation step.
    page.click("text=Mon compte")
    page.wait_for_selector(f"legend:has-text('{new_email}')")
    page.click("text=Supprimer mon compte >> nth=1")
    page.fill("#suppression-mdp", new_password)
    screen(page, "12-suppression")
    page.click("text=Je confirme la suppression de mon compte")
    page.wait_for_selector("h1:has-text('Compte supprimé')")
    assert page.locator("text=Mon compte").count() == 0
    screen(page, "13-compte-supprime")

    # 11. A link that no longer works, and the form asking for a new one.
    page.goto(f"{stack.url}/activation?token=expire")
    page.wait_for_selector("h1:has-text('Activation impossible')")
    screen(page, "14-activation-impossible")
    page.click("text=Recevoir un nouveau lien")
    page.wait_for_selector("h1:has-text('Recevoir à nouveau le lien')")
    assert every_field_is_labelled(page)
    screen(page, "15-renvoi")


def invoices_shown(page) -> int:
    return page.locator("a[href^='#/facture/']").count()


def mailed_link(stack, to: str, page_name: str) -> str:
    mail = [m for m in stack.request("GET", "/_local/outbox")[2]["messages"] if m["to"] == [to]][-1]
    return re.search(rf"http\S+/{page_name}\?token=\S+", mail["text"]).group(0)


def log_in(page, email: str, password: str) -> None:
    page.goto(f"{page.url.split('#')[0]}#/connexion")
    page.wait_for_selector("h1:has-text('Se connecter')")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("form >> text=Se connecter")
    page.wait_for_selector("h1:has-text('Accueil')")


def test_a_tenant_parameter_that_is_not_a_slug_sends_nothing_to_another_host(stack, page):
    """?tenant=/evil.host once made the login form post the email and password to //evil.host/sessions."""
    seen, elsewhere = [], []
    page.on("request", lambda request: seen.append(request.url))
    page.route(
        lambda url: not url.startswith(f"{stack.url}/"),
        lambda route: (elsewhere.append(route.request.url), route.abort()),
    )
    for i, asked in enumerate(
        [
            "/evil.host",
            "//evil.host",
            "https:%2F%2Fevil.host",
            "demo%2F..%2F..%2Fevil.host",
            "Demo",
            "-demo",
            "demo-",
            "x" * 41,
        ]
    ):
        page.goto(f"{stack.url}/?tenant={asked}#/connexion")
        page.wait_for_selector("h1:has-text('Se connecter')")
        assert page.inner_text("#tenant-name") == "· demo"
        page.fill("#email", f"inconnu{i}@example.org")
        page.fill("#password", PASSWORD)
        with page.expect_request(lambda request: request.method == "POST") as posted:
            page.click("form >> text=Se connecter")
        assert posted.value.url == f"{stack.url}/demo/sessions", asked
        page.wait_for_selector("text=Email ou mot de passe incorrect")
    assert not elsewhere
    assert seen and all(url.startswith(f"{stack.url}/") for url in seen)

    # A slug is still another municipality's portal: its requests go to that tenant, on the same API.
    page.goto(f"{stack.url}/?tenant=ville-inconnue#/connexion")
    page.wait_for_selector("h1:has-text('Se connecter')")
    assert page.inner_text("#tenant-name") == "· ville-inconnue"
    page.fill("#email", "inconnu@example.org")
    page.fill("#password", PASSWORD)
    with page.expect_request(lambda request: request.method == "POST") as posted:
        page.click("form >> text=Se connecter")
    assert posted.value.url == f"{stack.url}/ville-inconnue/sessions"


def test_an_activation_that_asks_for_a_password_shows_the_new_password_form(stack, page):
    """A registration sent twice with different passwords keeps neither: the mailed link's activation answers
    200 {"status": "password_required", "token"} (a reset token), and the portal asks for the password.

    The activation answer is stubbed (Playwright's page.route); the token is a real reset token, so the
    password is really set by POST /accounts/password and the new password logs in."""
    email, new_password = "deux.fois@example.org", "Piscine2025!"
    citizen(stack, email)
    assert stack.request("POST", "/demo/accounts/password-reset", {"email": email})[0] == 202
    reset_token = parse_qs(urlsplit(mailed_link(stack, email, "mot-de-passe")).query)["token"][0]
    activations = []

    def contested(route):
        activations.append(route.request.post_data_json)
        route.fulfill(status=200, json={"status": "password_required", "token": reset_token})

    page.route(f"{stack.url}/demo/accounts/activation", contested)
    page.goto(f"{stack.url}/activation?token=lien-du-mail")
    page.wait_for_selector("text=inscrite deux fois avec des mots de passe différents")
    assert activations == [{"token": "lien-du-mail"}]
    assert page.inner_text("h1") == "Choisir votre mot de passe"
    assert "token" not in page.url
    assert every_field_is_labelled(page)
    screen(page, "16-activation-mot-de-passe")

    # The same form and messages as the /mot-de-passe page: the rule as one types, the API's errors.
    page.fill("#password", new_password)
    assert page.locator("[data-rule] li.met").count() == 4
    page.fill("#password_confirmation", new_password + "x")
    page.click("#nouveau >> text=Enregistrer")
    page.wait_for_selector("#password_confirmation-erreur:has-text('Les deux mots de passe diffèrent')")
    page.fill("#password_confirmation", new_password)
    with page.expect_request(lambda request: request.url.endswith("/demo/accounts/password")) as posted:
        page.click("#nouveau >> text=Enregistrer")
    assert posted.value.post_data_json == {
        "token": reset_token,
        "password": new_password,
        "password_confirmation": new_password,
    }
    page.wait_for_selector("text=Mot de passe enregistré : vous pouvez vous connecter.")
    screen(page, "16b-activation-mot-de-passe-enregistre")
    page.click("main >> text=Se connecter")
    log_in(page, email, new_password)


def test_a_screen_that_needs_a_login_shows_the_login_form_then_opens_once_logged_in(stack, page):
    email = "signet@example.org"
    citizen(stack, email)
    page.goto(f"{stack.url}/#/abonnements")  # a bookmark, opened logged out
    page.wait_for_selector("h1:has-text('Se connecter')")
    assert page.locator("#menu a").all_inner_texts() == ["Se connecter", "Créer un compte", "Plan du site"]
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form >> text=Se connecter")
    page.wait_for_selector("h1:has-text('Mes abonnements')")
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
    assert page.locator("#menu .groupe-nom").all_inner_texts() == ["Mon espace citoyen", "Espace famille"]
    page.goto(f"{stack.url}/#/connexion")  # a guest's screen, once logged in: the home screen
    page.wait_for_selector("h1:has-text('Accueil')")
