// The API's problems (RFC 9457) in French: field errors next to their fields, the whole announced.
import { announce } from "./render.js";

// By the problem's stable `code` (listed in the OpenAPI document); an area may add its own (``extra``).
export const MESSAGES = {
  password_mismatch: "Les deux mots de passe diffèrent.",
  terms_not_accepted: "Vous devez accepter les conditions d'utilisation.",
  password_too_common: "Ce mot de passe est trop courant : choisissez-en un autre.",
  password_too_short: "Le mot de passe doit contenir au moins 8 caractères.",
  password_too_long: "Le mot de passe doit contenir au plus 128 caractères.",
  password_needs_digit: "Le mot de passe doit contenir au moins 1 chiffre.",
  password_needs_lowercase: "Le mot de passe doit contenir au moins 1 minuscule.",
  password_needs_uppercase: "Le mot de passe doit contenir au moins 1 majuscule.",
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

// The French message of a problem's code, else ``fallback``.
export const problemText = (problem, fallback, extra = {}) => ({ ...MESSAGES, ...extra })[problem && problem.code]
  || fallback;

// Field errors from the API (problem+json "errors") go next to their fields, and are announced.
export function showProblem(form, problem, extra = {}) {
  const messages = { ...MESSAGES, ...extra };
  form.querySelectorAll(".error[data-for]").forEach((el) => { el.textContent = ""; });
  form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
  const said = [];
  for (const error of (problem && problem.errors) || []) {
    const name = error.field.split(".").pop();
    const input = form.querySelector(`[name="${name}"]`);
    const slot = form.querySelector(`.error[data-for="${name}"]`);
    const text = messages[error.code] || error.message;
    if (slot) slot.textContent = text;
    if (input) input.setAttribute("aria-invalid", "true");
    said.push(text);
  }
  const general = form.querySelector(".error[data-for=form]");
  const fallback = (problem && problem.detail) || "Une erreur est survenue.";
  const summary = said.length ? said.join(" ") : problemText(problem, fallback, extra);
  general.textContent = summary;
  announce(summary);
}
