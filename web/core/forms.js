// Forms: labelled fields with their hint and error slot, the password rule, and submitting to the API.
import { showProblem } from "./problems.js";

// A labelled input with its hint and error slot; ``id`` differs from ``name`` when a page has two forms asking
// the same.
export function field(name, label, type = "text", hint = "", attrs = "", id = name) {
  const describedBy = hint ? ` aria-describedby="${id}-aide ${id}-erreur"` : ` aria-describedby="${id}-erreur"`;
  return `<label for="${id}">${label}${hint ? `<span class="hint" id="${id}-aide">${hint}</span>` : ""}</label>
    <input id="${id}" name="${name}" type="${type}"${describedBy} ${attrs}>
    <span class="error" id="${id}-erreur" data-for="${name}"></span>`;
}

// The citizens' password rule: 8 characters at least (an agent's: 12, the agents' console says so).
const MIN_LENGTH = 8;

const passwordHint = (min) => `Le mot de passe doit contenir au moins ${min} caractères, dont au moins 1 chiffre, `
  + "1 minuscule et 1 majuscule";

const rules = (min) => [
  [new RegExp(`.{${min},}`), `au moins ${min} caractères`], [/[0-9]/, "1 chiffre"], [/[a-z]/, "1 minuscule"],
  [/[A-Z]/, "1 majuscule"],
];

// The new-password pair with the guide's rule ticked as you type (registration, reset, change).
export function newPasswordFields(prefix = "", label = "Nouveau mot de passe *", min = MIN_LENGTH) {
  const attrs = 'required autocomplete="new-password"';
  return `${field("password", label, "password", passwordHint(min), attrs, `${prefix}password`)}
    <ul class="rule" data-rule aria-live="polite">${rules(min).map(([, text]) => `<li>${text}</li>`).join("")}</ul>
    ${field("password_confirmation", "Confirmation du mot de passe *", "password", "", attrs,
    `${prefix}password_confirmation`)}`;
}

export function bindRule(form, min = MIN_LENGTH) {
  const checks = rules(min);
  form.password.addEventListener("input", () => {
    form.querySelectorAll("[data-rule] li").forEach((li, i) => {
      li.classList.toggle("met", checks[i][0].test(form.password.value));
    });
  });
}

export const formValues = (form) => Object.fromEntries(new FormData(form).entries());

// Submit a form's values; on success run ``done``, else show the API's problem next to the fields.
export function onSubmit(form, send, done) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { status, data } = await send(formValues(form));
    if (status >= 200 && status < 300) await done(data); else showProblem(form, data);
  });
}
