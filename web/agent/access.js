// Getting in: the login screen (email, password and the 6-digit code of the agent's authenticator app, POST
// /agent/sessions; the token kept for the tab's session, 8 hours at most), and the invitation page that the
// mailed link opens (#/invitation?token=…): the password chosen (POST /agent/activation), then the second
// factor's secret shown once, as text to copy into an authenticator app.
import { bindRule, formValues, newPasswordFields } from "../core/forms.js";
import { showProblem } from "../core/problems.js";
import { announce, el } from "../core/render.js";
import { labelled } from "../areas/requests.js";
import { enter, takeNotice } from "./router.js";
import { call, facts, keepToken, retryText, screen, waitFor } from "./session.js";

const LOGIN_TITLE = "Connexion à l'espace agent";
const INVITATION_TITLE = "Activer mon accès";
const MIN_LENGTH = 12; // an agent's password: the citizens' rules, 12 characters at least
const CODE = /^\d{6}$/;
// The problems of these screens in French (core/problems.js has the password's others).
const MESSAGES = {
  invalid_credentials: "Email, mot de passe ou code incorrect.",
  password_too_short: `Le mot de passe doit contenir au moins ${MIN_LENGTH} caractères.`,
  invalid_invitation_token: "Ce lien d'invitation n'est pas valide : il a déjà servi, ou il a expiré (il vaut "
    + "72 heures). Demandez à votre mairie de vous inviter à nouveau.",
};

const input = (attributes) => el("input", attributes);

// ---- Log in --------------------------------------------------------------------------------------------

function loginForm() {
  return el("form", { id: "connexion", novalidate: "" },
    labelled("email", "Email", input({ type: "email", name: "email", required: "", autocomplete: "username" })),
    labelled("password", "Mot de passe", input({ type: "password", name: "password", required: "",
      autocomplete: "current-password" })),
    labelled("code", "Code à 6 chiffres", input({ type: "text", name: "code", required: "", inputmode: "numeric",
      autocomplete: "one-time-code", maxlength: "7", class: "code" }),
    "Le code affiché par votre application d'authentification (il change toutes les 30 secondes)"),
    el("p", { class: "error", "data-for": "form" }),
    el("button", { type: "submit" }, "Se connecter"));
}

function loginScreen() {
  const said = takeNotice();
  const form = loginForm();
  screen(LOGIN_TITLE, said ? el("p", { class: "info", id: "avis-session" }, said) : null,
    el("p", {}, "L'espace agent est réservé aux agents de la mairie. Votre accès vous a été envoyé par email."),
    form);
  if (said) announce(said);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = formValues(form);
    const code = values.code.replace(/\s/g, "");
    if (!CODE.test(code)) {
      showProblem(form, { errors: [{ field: "code", code: "code_format" }] },
        { code_format: "Saisissez les 6 chiffres affichés par votre application d'authentification." });
      form.code.focus();
      return;
    }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true; // a double click sends once: a code is used once
    const { status, data, headers } = await call("POST", "/agent/sessions", { ...values, code });
    button.disabled = false;
    if (status === 200) {
      keepToken(data.access_token);
      enter();
      return;
    }
    form.code.value = ""; // a code is used once: the next try needs the next one
    if (status === 429) {
      const wait = waitFor(headers);
      showProblem(form, { code: "too_many_attempts" }, { too_many_attempts: "Trop de tentatives de connexion : "
        + `patientez ${wait || "quelques minutes"} avant de réessayer.` });
    } else if (status === 0 || status === 503) {
      showProblem(form, { code: "unavailable" }, { unavailable: retryText(headers) });
    } else showProblem(form, data, MESSAGES);
  });
}

// ---- The invitation ------------------------------------------------------------------------------------

// The secret shown once, with what to do with it, then the way to log in.
function enrolledScreen(enrolment) {
  const copy = (id, what) => {
    const button = el("button", { type: "button", class: "secondary petit copier", "data-copie": id },
      "Copier", el("span", { class: "sr-only" }, ` ${what}`));
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(document.getElementById(id).textContent);
        announce(`${what[0].toUpperCase()}${what.slice(1)} copiée.`);
      } catch {
        announce("La copie n'a pas pu se faire : sélectionnez le texte pour le copier.");
      }
    });
    return button;
  };
  screen("Accès activé",
    el("p", { class: "ok" }, "Votre mot de passe est enregistré."),
    el("h2", {}, "Enregistrez votre second facteur"),
    el("p", {}, "Ajoutez votre accès à une application d'authentification sur votre téléphone ou votre poste "
      + "(par exemple FreeOTP, Aegis, Google Authenticator ou Microsoft Authenticator) : saisissez-y la clé "
      + "secrète ci-dessous, ou le lien otpauth si l'application l'accepte. Elle affichera un code à 6 chiffres, "
      + "renouvelé toutes les 30 secondes, à saisir à chaque connexion avec votre mot de passe."),
    el("p", { class: "note" }, el("strong", {}, "Cette clé n'est affichée qu'une fois"),
      " : ajoutez-la à votre application avant de quitter cette page, et ne la communiquez à personne."),
    facts([
      ["Clé secrète", [el("code", { id: "cle-totp", class: "secret" }, enrolment.totp_secret), " ",
        copy("cle-totp", "clé secrète")]],
      ["Lien otpauth", [el("code", { id: "lien-otpauth", class: "secret" }, enrolment.otpauth_uri), " ",
        copy("lien-otpauth", "lien otpauth")]],
    ]),
    el("p", {}, el("a", { href: "#/connexion", id: "vers-connexion" }, "Se connecter à l'espace agent")));
}

function invitationScreen(linkToken) {
  if (!linkToken) {
    screen(INVITATION_TITLE, el("p", { class: "error" }, "Ce lien d'invitation est incomplet : ouvrez le lien "
      + "reçu par email tel quel, sans le modifier."),
    el("p", {}, el("a", { href: "#/connexion" }, "Se connecter à l'espace agent")));
    return;
  }
  const fields = el("div");
  fields.innerHTML = newPasswordFields("", "Mot de passe *", MIN_LENGTH); // the console's own labels only
  const form = el("form", { id: "activation", novalidate: "" }, fields,
    el("p", { class: "error", "data-for": "form" }),
    el("button", { type: "submit" }, "Activer mon accès"));
  screen(INVITATION_TITLE,
    el("p", {}, "Bienvenue dans l'espace agent. Choisissez votre mot de passe ; vous enregistrerez ensuite votre "
      + "second facteur dans une application d'authentification."), form);
  bindRule(form, MIN_LENGTH);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    const { status, data, headers } = await call("POST", "/agent/activation", { ...formValues(form),
      token: linkToken });
    button.disabled = false;
    if (status === 200) enrolledScreen(data);
    else if (status === 400) {
      screen("Invitation impossible", el("p", { class: "error" }, MESSAGES.invalid_invitation_token),
        el("p", {}, el("a", { href: "#/connexion" }, "Se connecter à l'espace agent")));
    } else if (status === 0 || status === 429 || status === 503) {
      showProblem(form, { code: "unavailable" }, { unavailable: retryText(headers) });
    } else showProblem(form, data, MESSAGES);
  });
}

export const routes = [
  { hash: "#/connexion", title: LOGIN_TITLE, menu: { label: "Se connecter", order: 10 }, access: "guest",
    home: true, render: loginScreen },
  { hash: "#/invitation", title: INVITATION_TITLE, linkToken: true, render: invitationScreen },
];
