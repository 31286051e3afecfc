// Accounts: create one, activate it from the mailed link, log in, and the forgotten password; the pages that
// mailed links open (/activation, /mot-de-passe, /email).
import { api, keepToken } from "../core/api.js";
import { field, formValues, newPasswordFields, bindRule, onSubmit } from "../core/forms.js";
import { problemText, showProblem } from "../core/problems.js";
import { announce, esc, show } from "../core/render.js";
import { enter } from "../core/router.js";

const LOG_IN = '<p><a href="#/connexion">Se connecter</a></p>';
const SUBSCRIBER_CODE_HINT = "Entrez le code abonné famille transmis par votre collectivité";
const CIVILITIES = '<option value="">—</option><option value="MME">Madame</option><option value="M">Monsieur</option>';

function registerScreen() {
  show("Créer un compte", `<form id="inscription" novalidate>
    <fieldset><legend>Votre contact</legend>
      <label for="civility">Civilité *</label>
      <select id="civility" name="civility" required>${CIVILITIES}</select>
      <span class="error" data-for="civility"></span>
      ${field("last_name", "Nom *", "text", "", 'required autocomplete="family-name"')}
      ${field("first_name", "Prénom *", "text", "", 'required autocomplete="given-name"')}
    </fieldset>
    <fieldset><legend>Vos accès au Portail</legend>
      ${field("email", "E-mail (identifiant) *", "email", "", 'required autocomplete="email"')}
      ${newPasswordFields("", "Mot de passe *")}
    </fieldset>
    <fieldset><legend>Code abonné Famille</legend>
      ${field("subscriber_code", "Code abonné", "text", SUBSCRIBER_CODE_HINT)}
    </fieldset>
    <input type="checkbox" id="terms_accepted" name="terms_accepted" aria-describedby="terms_accepted-erreur">
    <label for="terms_accepted" style="display:inline">J'ai lu et j'accepte les Conditions d'utilisation *</label>
    <span class="error" id="terms_accepted-erreur" data-for="terms_accepted"></span>
    <p class="error" data-for="form"></p>
    <button type="submit">S'inscrire</button>
  </form>`);
  const form = document.getElementById("inscription");
  bindRule(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { ...formValues(form), terms_accepted: form.terms_accepted.checked };
    if (!body.subscriber_code) delete body.subscriber_code;
    const { status, data } = await api("POST", "/accounts", body);
    if (status === 202) {
      show("Vérifiez votre messagerie", '<p class="ok">Vous allez recevoir un email de confirmation : cliquez sur '
        + "le <strong>lien d'activation</strong>.</p><p><a href=\"#/renvoi\">Je n'ai pas reçu l'email</a></p>");
      announce("Compte créé : consultez votre messagerie.");
    } else showProblem(form, data);
  });
}

function resendScreen() {
  show("Recevoir à nouveau le lien d'activation", `<form id="renvoi" novalidate>${
    field("email", "E-mail (identifiant) *", "email", "", "required")}
    <p class="error" data-for="form"></p><button type="submit">Envoyer</button></form>`);
  const form = document.getElementById("renvoi");
  onSubmit(form, (values) => api("POST", "/accounts/activation-email", values), () => {
    show("Vérifiez votre messagerie",
      '<p class="ok">Si un compte attend son activation, un nouveau lien vient d\'être envoyé.</p>');
  });
}

async function activationScreen(activationToken) {
  show("Activation du compte", "<p>Activation en cours…</p>");
  const { status, data } = await api("POST", "/accounts/activation", { token: activationToken });
  if (status === 200 && data && data.status === "password_required") return contestedScreen(data.token);
  if (status === 200) {
    show("Compte activé", '<p class="ok">Votre compte est activé. Vous pouvez vous connecter avec vos identifiant '
      + `et mot de passe.</p>${LOG_IN}`);
  } else {
    show("Activation impossible", `<p class="error">${esc(problemText(data, "Ce lien n'est pas valide."))}</p>`
      + '<p><a href="#/renvoi">Recevoir un nouveau lien</a></p>');
  }
}

function loginScreen() {
  show("Se connecter", `<form id="connexion" novalidate>${
    field("email", "E-mail (identifiant)", "email", "", 'required autocomplete="email"')}
    ${field("password", "Mot de passe", "password", "", 'required autocomplete="current-password"')}
    <p class="error" data-for="form"></p><button type="submit">Se connecter</button></form>
    <p><a href="#/mot-de-passe-oublie">Mot de passe oublié ?</a> · <a href="#/inscription">Créer un compte</a> · `
    + `<a href="#/renvoi">Recevoir à nouveau le lien d'activation</a></p>`);
  onSubmit(document.getElementById("connexion"), (values) => api("POST", "/sessions", values), (session) => {
    keepToken(session.access_token);
    enter();
  });
}

function forgottenScreen() {
  show("Mot de passe oublié", `<form id="oubli" novalidate>${
    field("email", "E-mail (identifiant) *", "email", "", 'required autocomplete="email"')}
    <p class="error" data-for="form"></p><button type="submit">Recevoir un lien</button></form>`);
  onSubmit(document.getElementById("oubli"), (values) => api("POST", "/accounts/password-reset", values), () => {
    show("Vérifiez votre messagerie", '<p class="ok">Si un compte existe pour cette adresse, un lien pour choisir '
      + "un nouveau mot de passe vient d'être envoyé. Il est valable une heure.</p>");
  });
}

// The "choose a new password" form, sent with a reset token; ``intro`` says why, ``done`` shows what then.
function passwordForm(resetToken, title, intro, done) {
  show(title, `${intro}<form id="nouveau" novalidate>${newPasswordFields()}
    <p class="error" data-for="form"></p><button type="submit">Enregistrer</button></form>`);
  const form = document.getElementById("nouveau");
  bindRule(form);
  onSubmit(form, (values) => api("POST", "/accounts/password", { ...values, token: resetToken }), done);
}

function newPasswordScreen(linkToken) {
  passwordForm(linkToken, "Choisir un nouveau mot de passe", "", () => {
    show("Mot de passe modifié",
      `<p class="ok">Votre mot de passe est modifié. Connectez-vous avec le nouveau.</p>${LOG_IN}`);
  });
}

// A registration sent twice with different passwords keeps neither: its link activates the account and
// answers a reset token, with which whoever holds the mailbox chooses the password here.
function contestedScreen(resetToken) {
  const why = "<p>Votre adresse a été inscrite deux fois avec des mots de passe différents : pour votre sécurité, "
    + "choisissez votre mot de passe.</p>";
  passwordForm(resetToken, "Choisir votre mot de passe", why, () => {
    show("Compte activé", `<p class="ok">Mot de passe enregistré : vous pouvez vous connecter.</p>${LOG_IN}`);
  });
}

async function emailConfirmationScreen(linkToken) {
  show("Confirmation de l'adresse", "<p>Confirmation en cours…</p>");
  const { status, data } = await api("POST", "/accounts/email-confirmation", { token: linkToken });
  if (status === 200) {
    show("Adresse confirmée", '<p class="ok">Votre nouvelle adresse est confirmée : utilisez-la désormais pour '
      + `vous connecter.</p>${LOG_IN}`);
  } else {
    show("Confirmation impossible", `<p class="error">${esc(problemText(data, "Ce lien n'est pas valide."))}</p>`);
  }
}

export const routes = [
  { hash: "#/connexion", title: "Se connecter", menu: { label: "Se connecter", order: 10 }, access: "guest",
    home: true, render: loginScreen },
  { hash: "#/inscription", title: "Créer un compte", menu: { label: "Créer un compte", order: 20 }, access: "guest",
    render: registerScreen },
  { hash: "#/mot-de-passe-oublie", title: "Mot de passe oublié", within: "#/connexion", render: forgottenScreen },
  { hash: "#/renvoi", title: "Recevoir à nouveau le lien d'activation", within: "#/connexion", render: resendScreen },
  { path: "/activation", title: "Activation du compte", render: activationScreen },
  { path: "/mot-de-passe", title: "Choisir un nouveau mot de passe", render: newPasswordScreen },
  { path: "/email", title: "Confirmation de l'adresse", render: emailConfirmationScreen },
];
