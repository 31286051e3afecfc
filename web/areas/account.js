// My account ("Mon compte"): profile, notification choices, password, login email, my data, deleting it.
import { api, forgetToken, keepToken } from "../core/api.js";
import { bindRule, field, newPasswordFields, onSubmit } from "../core/forms.js";
import { announce, esc, show } from "../core/render.js";
import { GROUPS, drawMenu } from "../core/router.js";

const CURRENT_PASSWORD = 'required autocomplete="current-password"';
const UNDELIVERABLE = '<p class="error" role="alert">Les emails envoyés à votre adresse ne sont plus distribués : '
  + "changez-la ci-dessous pour recevoir à nouveau nos messages.</p>";

// The notification choices (PATCH /me): all on by default, ``bookings`` (v1.2) and ``requests`` (v1.3) included.
const NOTIFICATIONS = ["new_invoices", "reminders", "bookings", "requests"];
const chosen = (me, name) => (me.notifications || {})[name] !== false;

function accountForms(me) {
  const civility = (value, label) => `<option value="${value}"${me.civility === value ? " selected" : ""}>`
    + `${label}</option>`;
  const choice = (name, label) => `<p><input type="checkbox" id="${name}" name="${name}"`
    + `${chosen(me, name) ? " checked" : ""}> <label for="${name}" class="inline">${label}</label></p>`;
  const civilities = civility("MME", "Madame") + civility("M", "Monsieur");
  return `${me.email_undeliverable ? UNDELIVERABLE : ""}
    <form id="profil" novalidate><fieldset><legend>Mes informations</legend>
      <label for="civility">Civilité *</label><select id="civility" name="civility">${civilities}</select>
      ${field("last_name", "Nom *", "text", "", `required autocomplete="family-name" value="${esc(me.last_name)}"`)}
      ${field("first_name", "Prénom *", "text", "", `required autocomplete="given-name" value="${esc(me.first_name)}"`)}
      <p class="error" data-for="form"></p><button type="submit">Enregistrer</button></fieldset></form>
    <form id="avis" novalidate><fieldset><legend>Mes notifications par email</legend>
      ${choice("new_invoices", "Me prévenir quand une nouvelle facture est émise")}
      ${choice("reminders", "Me rappeler les factures à payer avant leur échéance")}
      ${choice("bookings", "Récapitulatif de mes réservations (un email après chaque demande de réservation ou "
    + "d'annulation)")}
      ${choice("requests", "Me prévenir quand la mairie répond à mes demandes")}
      <p class="error" data-for="form"></p><button type="submit">Enregistrer mes choix</button></fieldset></form>
    <form id="changer-mot-de-passe" novalidate><fieldset><legend>Mon mot de passe</legend>
      ${field("current_password", "Mot de passe actuel *", "password", "", CURRENT_PASSWORD, "mdp-actuel")}
      ${newPasswordFields("mdp-")}
      <p class="error" data-for="form"></p><button type="submit">Changer mon mot de passe</button></fieldset></form>
    <form id="changer-email" novalidate><fieldset><legend>Mon adresse email (identifiant) : ${esc(me.email)}</legend>
      ${field("new_email", "Nouvelle adresse *", "email", "Un lien de confirmation y sera envoyé",
    'required autocomplete="email"')}
      ${field("current_password", "Mot de passe actuel *", "password", "", CURRENT_PASSWORD, "email-mdp")}
      <p class="error" data-for="form"></p><button type="submit">Changer mon adresse</button></fieldset></form>
    <h2>Mes données</h2>
    <p><button type="button" id="exporter" class="secondary">Télécharger mes données</button></p>
    <h2>Supprimer mon compte</h2>
    <p>Vos abonnements et votre accès au portail seront supprimés ; les factures de votre famille restent tenues par `
    + `votre mairie.</p>
    <p><button type="button" id="supprimer" class="secondary">Supprimer mon compte</button></p>
    <form id="confirmer-suppression" novalidate hidden><fieldset><legend>Confirmez la suppression</legend>
      ${field("current_password", "Mot de passe actuel *", "password", "", CURRENT_PASSWORD, "suppression-mdp")}
      <p class="error" data-for="form"></p><button type="submit">Je confirme la suppression de mon compte</button>`
    + "</fieldset></form>";
}

async function accountScreen() {
  const { status, data: me } = await api("GET", "/me");
  if (status !== 200) return show("Mon compte", '<p class="error">Impossible de charger votre compte.</p>');
  show("Mon compte", accountForms(me));
  const saved = (text) => async () => { await accountScreen(); announce(text); };
  onSubmit(document.getElementById("profil"), (values) => api("PATCH", "/me", values),
    saved("Vos informations sont enregistrées."));
  const notices = document.getElementById("avis");
  // Only the choices changed here are sent: an absent key keeps its value (PATCH /me).
  const choices = () => Object.fromEntries(NOTIFICATIONS.map((name) => [name, notices[name].checked])
    .filter(([name, on]) => on !== chosen(me, name)));
  onSubmit(notices, async () => {
    const changed = choices();
    return Object.keys(changed).length ? api("PATCH", "/me", { notifications: changed }) : { status: 200 };
  }, saved("Vos choix sont enregistrés."));
  const passwordForm = document.getElementById("changer-mot-de-passe");
  bindRule(passwordForm);
  onSubmit(passwordForm, (values) => api("PUT", "/me/password", values), async (answer) => {
    keepToken(answer.access_token);
    await saved("Votre mot de passe est modifié.")();
  });
  onSubmit(document.getElementById("changer-email"), (values) => api("POST", "/me/email", values),
    saved("Un lien de confirmation a été envoyé à la nouvelle adresse."));
  document.getElementById("exporter").addEventListener("click", exportData);
  const confirmForm = document.getElementById("confirmer-suppression");
  document.getElementById("supprimer").addEventListener("click", () => {
    confirmForm.hidden = false;
    confirmForm.querySelector("input").focus();
  });
  onSubmit(confirmForm, (values) => api("POST", "/me/deletion", values), async () => {
    forgetToken();
    drawMenu();
    show("Compte supprimé", '<p class="ok">Votre compte est supprimé. Vous pouvez en créer un nouveau à tout '
      + "moment.</p>");
  });
}

// My data (GDPR): the API's JSON, saved as a file.
async function exportData() {
  const { status, data } = await api("GET", "/me/export");
  if (status !== 200) return announce("Vos données n'ont pas pu être préparées.");
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
  link.download = "mes-donnees.json";
  link.click();
  announce("Vos données sont téléchargées.");
}

export const routes = [
  { hash: "#/compte", title: "Mon compte", menu: { label: "Mon compte", order: 11, group: GROUPS.citizen },
    access: "logged-in", render: () => accountScreen() },
];
