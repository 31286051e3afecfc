// Reference citizen portal: every screen of the user guide, on the public API only.
"use strict";

const config = window.PORTAL_CONFIG;
const tenant = new URLSearchParams(location.search).get("tenant") || config.tenant;
const main = document.getElementById("contenu");
const annonce = document.getElementById("annonce");
let token = sessionStorage.getItem("access_token");

const euros = (cents) => (cents / 100).toLocaleString("fr-FR", { style: "currency", currency: "EUR" });
const dateFr = (iso) => iso.split("-").reverse().join("/");
const esc = (text) => String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

async function api(method, path, body, extraHeaders = {}) {
  const headers = { ...extraHeaders };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${config.api}/${tenant}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.status === 401 && token) { logout(false); }
  return { status: response.status, data };
}

function announce(text) { annonce.textContent = ""; setTimeout(() => { annonce.textContent = text; }, 50); }

function show(title, html) {
  document.title = `${title} – Portail citoyen`;
  main.innerHTML = `<h1>${esc(title)}</h1>${html}`;
  main.focus();
}

function menu() {
  const items = token
    ? [["#/abonnements", "Mes abonnements"], ["#/factures", "Espace facturation"], ["#/compte", "Mon compte"]]
    : [["#/connexion", "Se connecter"], ["#/inscription", "Créer un compte"]];
  const links = items.map(([href, label]) => `<li><a href="${href}">${label}</a></li>`).join("");
  document.getElementById("menu").innerHTML = links + (token ? '<li><button type="button" id="deconnexion">Se déconnecter</button></li>' : "");
  const out = document.getElementById("deconnexion");
  if (out) out.addEventListener("click", () => logout(true));
}

async function logout(callApi) {
  if (callApi && token) await api("DELETE", "/sessions/current");
  token = null;
  sessionStorage.removeItem("access_token");
  location.hash = "#/connexion";
}

// Field errors from the API (problem+json "errors") go next to their fields, and are announced.
function showProblem(form, problem) {
  form.querySelectorAll(".error[data-for]").forEach((el) => { el.textContent = ""; });
  form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
  const messages = [];
  for (const error of (problem && problem.errors) || []) {
    const field = form.querySelector(`[name="${error.field.split(".").pop()}"]`);
    const slot = form.querySelector(`.error[data-for="${error.field.split(".").pop()}"]`);
    const text = MESSAGES[error.code] || error.message;
    if (slot) slot.textContent = text;
    if (field) field.setAttribute("aria-invalid", "true");
    messages.push(text);
  }
  const general = form.querySelector(".error[data-for=form]");
  const summary = messages.length ? messages.join(" ") : (MESSAGES[problem && problem.code] || (problem && problem.detail) || "Une erreur est survenue.");
  general.textContent = summary;
  announce(summary);
}

const MESSAGES = {
  password_mismatch: "Les deux mots de passe diffèrent.",
  terms_not_accepted: "Vous devez accepter les conditions d'utilisation.",
  password_too_common: "Ce mot de passe est trop courant : choisissez-en un autre.",
  password_too_short: "Le mot de passe doit contenir au moins 8 caractères.",
  subscriber_code_not_found: "Ce code abonné est inconnu.",
  invalid_email: "Cette adresse email n'est pas valide.",
  invalid_credentials: "Email ou mot de passe incorrect.",
  account_not_activated: "Votre compte n'est pas encore activé : cliquez sur le lien reçu par email.",
  too_many_attempts: "Trop de tentatives : réessayez dans quelques minutes.",
  subscription_not_found: "Aucune famille ne correspond à ces informations.",
  invalid_activation_token: "Ce lien d'activation n'est pas valide ou a expiré.",
  invalid_reset_token: "Ce lien n'est pas valide ou a expiré : demandez-en un nouveau.",
  invalid_email_token: "Ce lien de confirmation n'est pas valide ou a expiré.",
  wrong_password: "Le mot de passe actuel n'est pas le bon.",
  email_unchanged: "C'est déjà l'adresse de votre compte.",
  required: "Ce champ est obligatoire.",
};

// A labelled input with its hint and error slot; ``id`` differs from ``name`` when a page has two forms asking the same.
function field(name, label, type = "text", hint = "", attrs = "", id = name) {
  const hintId = hint ? ` aria-describedby="${id}-aide ${id}-erreur"` : ` aria-describedby="${id}-erreur"`;
  return `<label for="${id}">${label}${hint ? `<span class="hint" id="${id}-aide">${hint}</span>` : ""}</label>
    <input id="${id}" name="${name}" type="${type}"${hintId} ${attrs}>
    <span class="error" id="${id}-erreur" data-for="${name}"></span>`;
}

const PASSWORD_HINT = "Le mot de passe doit contenir au moins 8 caractères, dont au moins 1 chiffre, 1 minuscule et 1 majuscule";

// The new-password pair with the guide's rule ticked as you type (registration, reset, change).
function newPasswordFields(prefix = "", label = "Nouveau mot de passe *") {
  return `${field("password", label, "password", PASSWORD_HINT, 'required autocomplete="new-password"', `${prefix}password`)}
    <ul class="rule" data-rule aria-live="polite">${RULES.map(([, text]) => `<li>${text}</li>`).join("")}</ul>
    ${field("password_confirmation", "Confirmation du mot de passe *", "password", "", 'required autocomplete="new-password"', `${prefix}password_confirmation`)}`;
}

function bindRule(form) {
  form.password.addEventListener("input", () => {
    form.querySelectorAll("[data-rule] li").forEach((li, i) => li.classList.toggle("met", RULES[i][0].test(form.password.value)));
  });
}

// Submit a form's values; on success run ``done``, else show the API's problem next to the fields.
function onSubmit(form, send, done) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { status, data } = await send(formValues(form));
    if (status >= 200 && status < 300) await done(data); else showProblem(form, data);
  });
}

function formValues(form) { return Object.fromEntries(new FormData(form).entries()); }

const RULES = [
  [/.{8,}/, "au moins 8 caractères"], [/[0-9]/, "1 chiffre"], [/[a-z]/, "1 minuscule"], [/[A-Z]/, "1 majuscule"],
];

function registerScreen() {
  show("Créer un compte", `<form id="inscription" novalidate>
    <fieldset><legend>Votre contact</legend>
      <label for="civility">Civilité *</label>
      <select id="civility" name="civility" required><option value="">—</option><option value="MME">Madame</option><option value="M">Monsieur</option></select>
      <span class="error" data-for="civility"></span>
      ${field("last_name", "Nom *", "text", "", 'required autocomplete="family-name"')}
      ${field("first_name", "Prénom *", "text", "", 'required autocomplete="given-name"')}
    </fieldset>
    <fieldset><legend>Vos accès au Portail</legend>
      ${field("email", "E-mail (identifiant) *", "email", "", 'required autocomplete="email"')}
      ${newPasswordFields("", "Mot de passe *")}
    </fieldset>
    <fieldset><legend>Code abonné Famille</legend>
      ${field("subscriber_code", "Code abonné", "text", "Entrez le code abonné famille transmis par votre collectivité")}
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
    const values = formValues(form);
    const body = { ...values, terms_accepted: form.terms_accepted.checked };
    if (!body.subscriber_code) delete body.subscriber_code;
    const { status, data } = await api("POST", "/accounts", body);
    if (status === 202) {
      show("Vérifiez votre messagerie", `<p class="ok">Vous allez recevoir un email de confirmation : cliquez sur le <strong>lien d'activation</strong>.</p><p><a href="#/renvoi">Je n'ai pas reçu l'email</a></p>`);
      announce("Compte créé : consultez votre messagerie.");
    } else showProblem(form, data);
  });
}

function resendScreen() {
  show("Recevoir à nouveau le lien d'activation", `<form id="renvoi" novalidate>${field("email", "E-mail (identifiant) *", "email", "", "required")}
    <p class="error" data-for="form"></p><button type="submit">Envoyer</button></form>`);
  const form = document.getElementById("renvoi");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { status, data } = await api("POST", "/accounts/activation-email", formValues(form));
    if (status === 202) { show("Vérifiez votre messagerie", '<p class="ok">Si un compte attend son activation, un nouveau lien vient d\'être envoyé.</p>'); }
    else showProblem(form, data);
  });
}

async function activationScreen(activationToken) {
  show("Activation du compte", "<p>Activation en cours…</p>");
  const { status, data } = await api("POST", "/accounts/activation", { token: activationToken });
  if (status === 200) show("Compte activé", '<p class="ok">Votre compte est activé. Vous pouvez vous connecter avec vos identifiant et mot de passe.</p><p><a href="#/connexion">Se connecter</a></p>');
  else show("Activation impossible", `<p class="error">${esc(MESSAGES[data && data.code] || "Ce lien n'est pas valide.")}</p><p><a href="#/renvoi">Recevoir un nouveau lien</a></p>`);
}

function loginScreen() {
  show("Se connecter", `<form id="connexion" novalidate>${field("email", "E-mail (identifiant)", "email", "", 'required autocomplete="email"')}
    ${field("password", "Mot de passe", "password", "", 'required autocomplete="current-password"')}
    <p class="error" data-for="form"></p><button type="submit">Se connecter</button></form>
    <p><a href="#/mot-de-passe-oublie">Mot de passe oublié ?</a> · <a href="#/inscription">Créer un compte</a> · <a href="#/renvoi">Recevoir à nouveau le lien d'activation</a></p>`);
  const form = document.getElementById("connexion");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { status, data } = await api("POST", "/sessions", formValues(form));
    if (status === 200) {
      token = data.access_token;
      sessionStorage.setItem("access_token", token);
      location.hash = "#/factures";
    } else showProblem(form, data);
  });
}

function forgottenScreen() {
  show("Mot de passe oublié", `<form id="oubli" novalidate>${field("email", "E-mail (identifiant) *", "email", "", 'required autocomplete="email"')}
    <p class="error" data-for="form"></p><button type="submit">Recevoir un lien</button></form>`);
  onSubmit(document.getElementById("oubli"), (values) => api("POST", "/accounts/password-reset", values), () => {
    show("Vérifiez votre messagerie", '<p class="ok">Si un compte existe pour cette adresse, un lien pour choisir un nouveau mot de passe vient d\'être envoyé. Il est valable une heure.</p>');
  });
}

// Opened from a mailed link: the token leaves the address bar and the history at once.
function takeToken() {
  const linkToken = new URLSearchParams(location.search).get("token");
  history.replaceState(null, "", "/");
  return linkToken;
}

function newPasswordScreen(linkToken) {
  show("Choisir un nouveau mot de passe", `<form id="nouveau" novalidate>${newPasswordFields()}
    <p class="error" data-for="form"></p><button type="submit">Enregistrer</button></form>`);
  const form = document.getElementById("nouveau");
  bindRule(form);
  onSubmit(form, (values) => api("POST", "/accounts/password", { ...values, token: linkToken }), () => {
    show("Mot de passe modifié", '<p class="ok">Votre mot de passe est modifié. Connectez-vous avec le nouveau.</p><p><a href="#/connexion">Se connecter</a></p>');
  });
}

async function emailConfirmationScreen(linkToken) {
  show("Confirmation de l'adresse", "<p>Confirmation en cours…</p>");
  const { status, data } = await api("POST", "/accounts/email-confirmation", { token: linkToken });
  if (status === 200) show("Adresse confirmée", '<p class="ok">Votre nouvelle adresse est confirmée : utilisez-la désormais pour vous connecter.</p><p><a href="#/connexion">Se connecter</a></p>');
  else show("Confirmation impossible", `<p class="error">${esc(MESSAGES[data && data.code] || "Ce lien n'est pas valide.")}</p>`);
}

async function accountScreen() {
  const { status, data: me } = await api("GET", "/me");
  if (status !== 200) return show("Mon compte", '<p class="error">Impossible de charger votre compte.</p>');
  const civility = (value, label) => `<option value="${value}"${me.civility === value ? " selected" : ""}>${label}</option>`;
  const choice = (name, label) => `<p><input type="checkbox" id="${name}" name="${name}"${me.notifications[name] ? " checked" : ""}> <label for="${name}" class="inline">${label}</label></p>`;
  show("Mon compte", `${me.email_undeliverable ? '<p class="error" role="alert">Les emails envoyés à votre adresse ne sont plus distribués : changez-la ci-dessous pour recevoir à nouveau nos messages.</p>' : ""}
    <form id="profil" novalidate><fieldset><legend>Mes informations</legend>
      <label for="civility">Civilité *</label><select id="civility" name="civility">${civility("MME", "Madame")}${civility("M", "Monsieur")}</select>
      ${field("last_name", "Nom *", "text", "", `required autocomplete="family-name" value="${esc(me.last_name)}"`)}
      ${field("first_name", "Prénom *", "text", "", `required autocomplete="given-name" value="${esc(me.first_name)}"`)}
      <p class="error" data-for="form"></p><button type="submit">Enregistrer</button></fieldset></form>
    <form id="avis" novalidate><fieldset><legend>Mes notifications par email</legend>
      ${choice("new_invoices", "Me prévenir quand une nouvelle facture est émise")}
      ${choice("reminders", "Me rappeler les factures à payer avant leur échéance")}
      <p class="error" data-for="form"></p><button type="submit">Enregistrer mes choix</button></fieldset></form>
    <form id="changer-mot-de-passe" novalidate><fieldset><legend>Mon mot de passe</legend>
      ${field("current_password", "Mot de passe actuel *", "password", "", 'required autocomplete="current-password"', "mdp-actuel")}
      ${newPasswordFields("mdp-")}
      <p class="error" data-for="form"></p><button type="submit">Changer mon mot de passe</button></fieldset></form>
    <form id="changer-email" novalidate><fieldset><legend>Mon adresse email (identifiant) : ${esc(me.email)}</legend>
      ${field("new_email", "Nouvelle adresse *", "email", "Un lien de confirmation y sera envoyé", 'required autocomplete="email"')}
      ${field("current_password", "Mot de passe actuel *", "password", "", 'required autocomplete="current-password"', "email-mdp")}
      <p class="error" data-for="form"></p><button type="submit">Changer mon adresse</button></fieldset></form>
    <h2>Mes données</h2>
    <p><button type="button" id="exporter" class="secondary">Télécharger mes données</button></p>
    <h2>Supprimer mon compte</h2>
    <p>Vos abonnements et votre accès au portail seront supprimés ; les factures de votre famille restent tenues par votre mairie.</p>
    <p><button type="button" id="supprimer" class="secondary">Supprimer mon compte</button></p>
    <form id="confirmer-suppression" novalidate hidden><fieldset><legend>Confirmez la suppression</legend>
      ${field("current_password", "Mot de passe actuel *", "password", "", 'required autocomplete="current-password"', "suppression-mdp")}
      <p class="error" data-for="form"></p><button type="submit">Je confirme la suppression de mon compte</button></fieldset></form>`);
  const saved = (text) => async () => { await accountScreen(); announce(text); };
  onSubmit(document.getElementById("profil"), (values) => api("PATCH", "/me", values), saved("Vos informations sont enregistrées."));
  const notices = document.getElementById("avis");
  onSubmit(notices, () => api("PATCH", "/me", { notifications: { new_invoices: notices.new_invoices.checked, reminders: notices.reminders.checked } }), saved("Vos choix sont enregistrés."));
  const passwordForm = document.getElementById("changer-mot-de-passe");
  bindRule(passwordForm);
  onSubmit(passwordForm, (values) => api("PUT", "/me/password", values), async (answer) => {
    token = answer.access_token;
    sessionStorage.setItem("access_token", token);
    await saved("Votre mot de passe est modifié.")();
  });
  onSubmit(document.getElementById("changer-email"), (values) => api("POST", "/me/email", values), saved("Un lien de confirmation a été envoyé à la nouvelle adresse."));
  document.getElementById("exporter").addEventListener("click", async () => {
    const { status: got, data } = await api("GET", "/me/export");
    if (got !== 200) return announce("Vos données n'ont pas pu être préparées.");
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
    link.download = "mes-donnees.json";
    link.click();
    announce("Vos données sont téléchargées.");
  });
  const confirmForm = document.getElementById("confirmer-suppression");
  document.getElementById("supprimer").addEventListener("click", () => { confirmForm.hidden = false; confirmForm.querySelector("input").focus(); });
  onSubmit(confirmForm, (values) => api("POST", "/me/deletion", values), async () => {
    token = null;
    sessionStorage.removeItem("access_token");
    menu();
    show("Compte supprimé", '<p class="ok">Votre compte est supprimé. Vous pouvez en créer un nouveau à tout moment.</p>');
  });
}

async function subscriptionsScreen() {
  const { data } = await api("GET", "/subscriptions");
  const rows = (data ? data.items : []).map((s) => row(SUBSCRIPTION_COLUMNS, [esc(s.label), dateFr(s.subscribed_at.slice(0, 10)),
    `<button type="button" class="secondary" data-family="${esc(s.family_id)}">Se désabonner<span class="sr-only"> de ${esc(s.label)}</span></button>`])).join("");
  show("Mes abonnements", `${rows ? table("Vos abonnements", SUBSCRIPTION_COLUMNS, rows) : "<p>Vous n'avez encore aucun abonnement.</p>"}
    <h2>M'abonner</h2>
    <form id="par-code" novalidate><fieldset><legend>Avec votre code abonné</legend>
      ${field("subscriber_code", "Code Abonné *", "text", "Code transmis par votre collectivité", "required")}
      <p class="error" data-for="form"></p><button type="submit">Rechercher</button></fieldset></form>
    <form id="par-facture" novalidate><fieldset><legend>Ou avec une de vos factures</legend>
      ${field("emission_code", "Code émission de la facture *", "text", "Retrouvez le code émission sur le pied de page de votre facture", "required")}
      ${field("reference", "Référence de la facture *", "text", "Retrouvez la référence sur votre facture", "required")}
      ${field("amount", "Montant de la facture *", "text", "Par exemple 6,40", 'required inputmode="decimal"')}
      ${field("personal_code", "Code personnel *", "text", "Saisissez le code personnel du destinataire de la facture", "required")}
      <p class="error" data-for="form"></p><button type="submit">Rechercher</button></fieldset></form>`);
  main.querySelectorAll("button[data-family]").forEach((button) => button.addEventListener("click", async () => {
    await api("DELETE", `/subscriptions/${encodeURIComponent(button.dataset.family)}`);
    announce("Abonnement supprimé.");
    subscriptionsScreen();
  }));
  for (const [id, wrap] of [["par-code", (v) => v], ["par-facture", (v) => ({ invoice: v })]]) {
    const form = document.getElementById(id);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const { status, data: answer } = await api("POST", "/subscriptions", wrap(formValues(form)));
      if (status === 200 || status === 201) { await subscriptionsScreen(); announce(`Abonnement à ${answer.label} actif.`); }
      else showProblem(form, answer);
    });
  }
}

// Tables whose cells carry their column's name: on a phone each row becomes a labelled card (style.css).
// A column is [label, kind]: "num" aligns right; "action" cells (buttons) need no label on the card.
function table(caption, columns, rows) {
  const heads = columns.map(([label, kind]) => `<th scope="col"${kind === "num" ? ' class="num"' : ""}>${label}</th>`).join("");
  return `<table class="cards"><caption class="sr-only">${caption}</caption><thead><tr>${heads}</tr></thead><tbody>${rows}</tbody></table>`;
}

function row(columns, cells) {
  return `<tr>${cells.map((cell, i) => {
    const [label, kind] = columns[i];
    return `<td${kind ? ` class="${kind}"` : ""}${kind === "action" ? "" : ` data-label="${label}"`}>${cell}</td>`;
  }).join("")}</tr>`;
}

function totalRow(columns, label, cents) {
  return `<tr class="total"><th scope="row" colspan="${columns.length - 1}">${label}</th><td class="num">${euros(cents)}</td></tr>`;
}

const SUBSCRIPTION_COLUMNS = [["Famille"], ["Depuis le"], ["Action", "action"]];
const INVOICE_COLUMNS = [["Date"], ["N°"], ["Échéance"], ["Émetteur"], ["Montant", "num"], ["Statut"], ["Télécharger", "action"], ["Payer", "action"]];
const PAYMENT_COLUMNS = [["Date"], ["N° Opération"], ["Description"], ["Moyen de paiement"], ["Montant", "num"]];
const LINE_COLUMNS = [["Désignation"], ["Quantité", "num"], ["Prix unitaire", "num"], ["Montant", "num"]];

const statusText = (inv) => `<span class="${inv.status === "to_pay" ? "to-pay" : "paid"}">${inv.status === "to_pay" ? "À payer" : "Payée"}</span>`;

// One invoice of the history and, under it, its payments and balance (the guide's screen).
function invoiceRows(inv) {
  return row(INVOICE_COLUMNS, [dateFr(inv.date), `<a href="#/facture/${encodeURIComponent(inv.invoice_id)}">${esc(inv.number)}</a>`,
    dateFr(inv.due_date), esc(inv.issuer), euros(inv.amount_cents), statusText(inv),
    inv.has_pdf ? `<button type="button" class="secondary" data-pdf="${esc(inv.invoice_id)}">Télécharger<span class="sr-only"> la facture ${esc(inv.number)}</span></button>` : "—",
    payButton(inv, true)])
    + `<tr class="payments"><td colspan="${INVOICE_COLUMNS.length}">${paymentsTable(inv)}</td></tr>`;
}

// The history pages through next_cursor ("Afficher plus"); a new filter starts again from the first page.
async function invoicesScreen(filters = new URLSearchParams()) {
  const { status, data } = await api("GET", `/invoices?${filters}`);
  if (status !== 200) return show("Espace facturation", '<p class="error">Impossible de charger vos factures.</p>');
  const option = (value, label, current) => `<option value="${esc(value)}"${String(current) === String(value) ? " selected" : ""}>${esc(label)}</option>`;
  const toPay = filters.get("status") === "to_pay";
  show(`Historique des factures (${data.total} résultats)`, `
    <form id="filtres" class="filters"><div><label for="nature">Nature</label><select id="nature" name="nature">${option("", "Toutes", filters.get("nature") || "")}${data.facets.natures.map((n) => option(n, n, filters.get("nature"))).join("")}</select></div>
      <div><label for="year">Année</label><select id="year" name="year">${option("", "Toutes", filters.get("year") || "")}${data.facets.years.map((y) => option(y, y, filters.get("year"))).join("")}</select></div>
      <button type="submit">Filtrer</button>
      ${data.to_pay.count || toPay ? `<button type="button" id="a-payer" class="secondary" aria-pressed="${toPay}">À payer : ${data.to_pay.count} facture(s), solde ${euros(data.to_pay.balance_cents)}</button>` : "<p>Aucune facture à payer.</p>"}</form>
    ${data.items.length ? table("Vos factures", INVOICE_COLUMNS, data.items.map(invoiceRows).join("")) : "<p>Aucune facture ne correspond.</p>"}
    <p id="affichees" aria-live="polite"></p>
    <button type="button" id="plus" class="secondary">Afficher plus de factures</button>`);
  const form = document.getElementById("filtres");
  const chosen = (onlyToPay) => {
    const next = new URLSearchParams();
    for (const [key, value] of new FormData(form).entries()) if (value) next.set(key, value);
    if (onlyToPay) next.set("status", "to_pay");
    return next;
  };
  form.addEventListener("submit", (event) => { event.preventDefault(); invoicesScreen(chosen(toPay)); });
  const toggle = document.getElementById("a-payer");
  if (toggle) toggle.addEventListener("click", async () => {
    await invoicesScreen(chosen(!toPay));
    const again = document.getElementById("a-payer");
    if (again) again.focus();
  });
  morePages(filters, data);
  bindDownloads();
  bindPayments();
}

// "Afficher plus": the next page (next_cursor) goes under the rows shown, and focus to its first invoice.
function morePages(filters, data) {
  let [cursor, shown] = [data.next_cursor, data.items.length];
  const more = document.getElementById("plus");
  const counted = () => {
    document.getElementById("affichees").textContent = shown < data.total ? `${shown} factures affichées sur ${data.total}.` : "";
    more.hidden = !cursor;
  };
  counted();
  more.addEventListener("click", async () => {
    more.disabled = true; // a double tap loads the page once
    const next = new URLSearchParams(filters);
    next.set("cursor", cursor);
    const { status, data: page } = await api("GET", `/invoices?${next}`);
    more.disabled = false;
    if (status !== 200) { more.focus(); return announce("Les factures suivantes n'ont pas pu être chargées."); }
    const added = document.createElement("tbody");
    added.innerHTML = page.items.map(invoiceRows).join("");
    bindDownloads(added);
    bindPayments(added);
    const first = added.querySelector("a");
    main.querySelector("table.cards > tbody").append(...added.children);
    [cursor, shown] = [page.next_cursor, shown + page.items.length];
    counted();
    if (first) first.focus(); // keyboard and screen-reader users go on from the first new invoice
  });
}

function paymentsTable(inv) {
  const rows = inv.payments.map((p) => row(PAYMENT_COLUMNS, [dateFr(p.date), esc(p.number), esc(p.description), esc(p.type), euros(p.amount_cents)])).join("");
  return table(`Règlements de la facture ${esc(inv.number)}`, PAYMENT_COLUMNS, rows + totalRow(PAYMENT_COLUMNS, "Solde à payer", inv.balance_cents));
}

function bindDownloads(root = main) {
  root.querySelectorAll("button[data-pdf]").forEach((button) => button.addEventListener("click", async () => {
    const { status, data } = await api("GET", `/invoices/${encodeURIComponent(button.dataset.pdf)}/pdf`);
    if (status === 200) location.assign(data.url); else announce("Le PDF de cette facture n'est pas disponible.");
  }));
}

async function invoiceScreen(invoiceId) {
  const { status, data: inv } = await api("GET", `/invoices/${encodeURIComponent(invoiceId)}`);
  if (status !== 200) return show("Facture introuvable", '<p class="error">Cette facture n\'existe pas ou n\'est pas la vôtre.</p>');
  const lines = inv.lines.map((l) => row(LINE_COLUMNS, [esc(l.label), l.quantity, euros(l.unit_price_cents), euros(l.amount_cents)])).join("");
  show(`Facture n° ${inv.number}`, `<p>${esc(inv.family_label)} · ${esc(inv.nature)} · ${esc(inv.issuer)}</p>
    <p>Date : ${dateFr(inv.date)} · Échéance : ${dateFr(inv.due_date)} · ${statusText(inv)}</p>
    ${table("Détail de la facture", LINE_COLUMNS, lines + totalRow(LINE_COLUMNS, "Total", inv.amount_cents))}
    <h2>Règlements</h2>${paymentsTable(inv)}
    ${inv.has_pdf ? `<button type="button" data-pdf="${esc(inv.invoice_id)}">Télécharger la facture</button>` : ""}
    ${payButton(inv, false)}
    <p><a href="#/factures">Retour à l'historique</a></p>`);
  bindDownloads();
  bindPayments();
}

// Online payment (PayFiP): the server computes the amount; the parent pays on the provider's page.
const PAYMENT_ERRORS = {
  payment_in_progress: "Un paiement de cette facture est déjà en cours. Terminez-le ou réessayez dans quelques minutes.",
  online_payment_unavailable: "Le paiement en ligne n'est pas proposé par votre collectivité.",
  amount_below_minimum: "Le paiement en ligne commence à 1 € : réglez ce solde au guichet.",
  invoice_already_paid: "Cette facture est déjà réglée.",
  service_unavailable: "Le service de paiement est momentanément indisponible. Réessayez dans quelques minutes.",
};

function payButton(inv, short) {
  if (inv.status !== "to_pay" || inv.balance_cents < 100) return short ? "—" : "";
  const label = short ? `Payer<span class="sr-only"> la facture ${esc(inv.number)}, ${euros(inv.balance_cents)}</span>` : `Payer ${euros(inv.balance_cents)} en ligne`;
  return `<button type="button" data-pay="${esc(inv.invoice_id)}">${label}</button>`;
}

function bindPayments(root = main) {
  root.querySelectorAll("button[data-pay]").forEach((button) => button.addEventListener("click", async () => {
    button.disabled = true;
    const key = sessionStorage.getItem(`pay:${button.dataset.pay}`) || crypto.randomUUID();
    sessionStorage.setItem(`pay:${button.dataset.pay}`, key); // a double click or a retry starts one payment
    const { status, data } = await api("POST", `/invoices/${encodeURIComponent(button.dataset.pay)}/payments`, {}, { "Idempotency-Key": key });
    if (status === 201) { location.assign(data.redirect_url); return; }
    sessionStorage.removeItem(`pay:${button.dataset.pay}`);
    button.disabled = false;
    announce(PAYMENT_ERRORS[data && data.code] || "Le paiement n'a pas pu commencer.");
  }));
}

const PAYMENT_STATES = {
  paid: ["Paiement accepté", "ok", "Votre paiement est enregistré. Merci !"],
  refused: ["Paiement refusé", "error", "Votre paiement a été refusé : aucune somme n'a été prélevée. Vous pouvez réessayer."],
  abandoned: ["Paiement abandonné", "error", "Vous avez abandonné le paiement : aucune somme n'a été prélevée."],
  expired: ["Paiement expiré", "error", "Le délai de paiement est dépassé : aucune somme n'a été enregistrée. Vous pouvez réessayer."],
  pending: ["Paiement en cours de vérification", "", "Le résultat de votre paiement n'est pas encore connu. Cette page se met à jour ; vous pouvez aussi revenir plus tard dans l'espace facturation."],
};

async function paymentScreen(transactionId, attempt = 0) {
  Object.keys(sessionStorage).filter((k) => k.startsWith("pay:")).forEach((k) => sessionStorage.removeItem(k));
  const { status, data } = await api("GET", `/payments/${encodeURIComponent(transactionId)}`);
  if (status !== 200) return show("Paiement introuvable", '<p class="error">Ce paiement n\'existe pas ou n\'est pas le vôtre.</p><p><a href="#/factures">Espace facturation</a></p>');
  if (location.hash !== `#/paiement/${transactionId}`) return; // the parent went elsewhere meanwhile
  const [title, kind, text] = PAYMENT_STATES[data.status];
  const invoice = await api("GET", `/invoices/${encodeURIComponent(data.invoice_id)}`);
  const inv = invoice.status === 200 ? invoice.data : null;
  show(title, `<p class="${kind}" role="status">${text}</p>
    <p>Montant : ${euros(data.amount_cents)}${data.paid_at ? ` · payé le ${dateFr(data.paid_at.slice(0, 10))}` : ""}</p>
    ${inv ? `<p>Facture n° <a href="#/facture/${encodeURIComponent(inv.invoice_id)}">${esc(inv.number)}</a> · solde à payer : ${euros(inv.balance_cents)}</p>` : ""}
    ${inv && data.status !== "pending" ? payButton(inv, false) : ""}
    <p><a href="#/factures">Retour à l'espace facturation</a></p>`);
  bindPayments();
  if (data.status === "pending" && attempt < 5) setTimeout(() => { if (location.hash === `#/paiement/${transactionId}`) paymentScreen(transactionId, attempt + 1); }, 2000);
}

function route() {
  menu();
  const linkPages = { "/activation": activationScreen, "/mot-de-passe": newPasswordScreen, "/email": emailConfirmationScreen };
  const linkPage = linkPages[location.pathname];
  if (linkPage && new URLSearchParams(location.search).get("token")) return linkPage(takeToken());
  const [, screen, arg] = location.hash.split("/");
  if (!token && ["abonnements", "factures", "facture", "compte", "paiement"].includes(screen)) return loginScreen();
  switch (screen) {
    case "inscription": return registerScreen();
    case "renvoi": return resendScreen();
    case "mot-de-passe-oublie": return forgottenScreen();
    case "compte": return accountScreen();
    case "abonnements": return subscriptionsScreen();
    case "factures": return invoicesScreen();
    case "facture": return invoiceScreen(decodeURIComponent(arg || ""));
    case "paiement": return paymentScreen(decodeURIComponent(arg || ""));
    default: return token ? invoicesScreen() : loginScreen();
  }
}

window.addEventListener("hashchange", route);
document.getElementById("tenant-name").textContent = `· ${tenant}`;
route();
