// The family's file, changing it: each part a parent may change (a guardian's contact details, a child's
// health, authorisations, the people allowed to collect them) has a "Modifier" button that opens its form in
// place of its facts (groups.js builds the fields of each). The form sends only what changed, with an optional
// comment for the town (POST …/file/changes), puts each refusal of the API beside its field, and hands the
// request made to the screen (routes.js), which reloads the file and says what became of it.
import { api } from "../../core/api.js";
import { MESSAGES } from "../../core/problems.js";
import { announce, el } from "../../core/render.js";
import { LIMITS, textOrNull } from "./values.js";

let made = 0;
// An id unique on the page (the API's ids may hold dots, which a selector would misread: none is used here).
export const uid = (prefix) => `${prefix}-${(made += 1)}`;

export const tooLong = (max) => `Ce texte est trop long (${max.toLocaleString("fr-FR")} caractères au plus).`;
const REQUIRED = "Ce champ est obligatoire.";
// The API's codes beside a field, in French; a control may say its own (``messages``).
const CODES = {
  invalid_phone: "Ce numéro n'est pas valide : 10 chiffres commençant par 0 (06 12 34 56 78), ou +33.",
  invalid_postcode: "Le code postal compte 5 chiffres.",
  invalid_email: MESSAGES.invalid_email,
  invalid_text: "Ce texte contient des caractères non autorisés.",
  invalid_choice: "Choisissez une des valeurs proposées.",
  too_long: "Ce texte est trop long.",
  too_short: REQUIRED,
  required: REQUIRED,
  missing: REQUIRED,
};
// Codes about the change itself rather than its value: the form no longer matches the file.
const STALE = "Cette modification n'est plus possible : rechargez la page, puis recommencez.";
const GENERAL = { unknown_target: STALE, field_not_editable: STALE, unknown_field: STALE, duplicate_change: STALE };
const FAILED = "La modification n'a pas pu être envoyée. Réessayez plus tard.";

// A labelled control with its hint and its error slot, tied to it by aria-describedby: its nodes, and what an
// error needs (``ctl``: the element that takes the focus and aria-invalid, the slot, its own messages).
export function labelled(label, input, { hint = "", messages = {} } = {}) {
  const id = uid("champ");
  input.setAttribute("id", id);
  input.setAttribute("aria-describedby", hint ? `${id}-aide ${id}-erreur` : `${id}-erreur`);
  const slot = el("span", { class: "error", id: `${id}-erreur` });
  return {
    nodes: [el("label", { for: id }, label, hint ? el("span", { class: "hint", id: `${id}-aide` }, hint) : null),
      input, slot],
    ctl: { input, slot, messages },
    input,
  };
}

// An error beside its control: said in its slot (after any already there), the control marked invalid (a
// button, the control of a whole list, is only marked for the focus).
export function mark(ctl, text) {
  ctl.slot.textContent = ctl.slot.textContent ? `${ctl.slot.textContent} ${text}` : text;
  ctl.input.setAttribute("data-erreur", "");
  if (ctl.input.matches("input, select, textarea")) ctl.input.setAttribute("aria-invalid", "true");
}

function clear(form) {
  form.querySelectorAll(".error").forEach((slot) => { slot.textContent = ""; });
  form.querySelectorAll("[data-erreur]").forEach((input) => {
    input.removeAttribute("data-erreur");
    input.removeAttribute("aria-invalid");
  });
}

// The control of an error's field: "comment", or "changes.N.<field>.value[.…]" for the N-th change sent,
// whose controls are named by the path after its field ("value", "value.postcode", "value.0.phone"): the
// longest one named, else the change's value.
function controlOf(field, changes, comment) {
  const parts = String(field || "").split(".");
  if (parts[0] === "comment") return comment;
  const change = parts[0] === "changes" ? changes[Number(parts[1])] : null;
  if (!change) return null;
  const rest = parts.slice(3);
  for (let n = rest.length; n > 0; n -= 1) {
    const ctl = change.ctls[rest.slice(0, n).join(".")];
    if (ctl) return ctl;
  }
  return change.ctls.value || null;
}

function messageOf(code, ctl) {
  const empty = ctl.input.matches("input, textarea") && ctl.input.value.trim() === "";
  if (empty && ["invalid_phone", "invalid_postcode", "too_short"].includes(code)) return REQUIRED;
  return ctl.messages[code] || CODES[code] || "Cette valeur n'est pas acceptée.";
}

// When to try again, from Retry-After (seconds), in French.
export function retryText(headers) {
  const seconds = Number(headers && headers.get("Retry-After"));
  if (!seconds) return "Le service est momentanément indisponible : réessayez dans quelques instants.";
  const wait = seconds < 90 ? `${seconds} seconde${seconds > 1 ? "s" : ""}` : `${Math.ceil(seconds / 60)} minutes`;
  return `Le service est momentanément indisponible : réessayez dans ${wait}.`;
}

// A call that fails to reach the API answers as a 503 without Retry-After would.
export async function call(method, path, body) {
  try { return await api(method, path, body); } catch { return { status: 0, data: null, headers: null }; }
}

// The API's refusal in the form: each field error beside its control, the rest in the form's message; the
// focus to the first error.
function showRefusal(form, answer, changes, comment, said) {
  const { status, data, headers } = answer;
  const general = [];
  if (status === 422 && data && Array.isArray(data.errors) && data.errors.length) {
    for (const error of data.errors) {
      const ctl = GENERAL[error.code] ? null : controlOf(error.field, changes, comment);
      if (ctl) mark(ctl, messageOf(error.code, ctl)); else general.push(GENERAL[error.code] || STALE);
    }
  } else if (status === 404) general.push("Cette famille n'est pas suivie par votre compte : rien n'a été envoyé.");
  else if (status === 429 || status === 503 || status === 0) general.push(retryText(headers));
  else general.push(FAILED);
  said.className = "error";
  said.textContent = [...new Set(general)].join(" ");
  const marked = form.querySelectorAll("[data-erreur]").length;
  announce(said.textContent || `La modification n'a pas été envoyée : ${marked > 1 ? "vérifiez les champs signalés"
    : "vérifiez le champ signalé"}.`);
  focusFirstError(form, said);
}

// The focus to the form's message when it says something, else to the first control in error.
function focusFirstError(form, said) {
  const first = form.querySelector("[data-erreur]");
  (said.textContent || !first ? said : first).focus();
}

// The form of a part: its fieldset (legend and fields), the comment for the town, its message, "Enregistrer"
// and "Annuler". ``part.changes()`` lists the changes to send ([] when nothing changed; null when a field is
// wrong before sending, said beside it), each with the controls of its errors (``ctls``).
function editForm(ctx, part, close) {
  const comment = labelled("Commentaire pour la mairie", el("textarea", { name: "comment", rows: "3",
    maxlength: String(LIMITS.comment) }), { hint: `Facultatif, ${LIMITS.comment} caractères au plus`,
    messages: { too_long: tooLong(LIMITS.comment) } });
  const said = el("p", { class: "error", tabindex: "-1" });
  const send = el("button", { type: "submit" }, "Enregistrer");
  const cancel = el("button", { type: "button", class: "secondary" }, "Annuler");
  const form = el("form", { class: "modification", novalidate: "" },
    el("fieldset", {}, el("legend", {}, part.legend), part.fields), comment.nodes, said,
    el("div", { class: "actions" }, send, cancel));
  cancel.addEventListener("click", close);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clear(form);
    said.className = "error";
    const changes = part.changes();
    if (changes === null) { focusFirstError(form, said); return; }
    if (!changes.length) {
      said.className = "info";
      said.textContent = "Vous n'avez rien modifié : rien n'a été envoyé.";
      said.focus();
      return;
    }
    const body = { changes: changes.map(({ target, id, field, value }) => ({ target, id, field, value })) };
    const remark = textOrNull(comment.input.value);
    if (remark) body.comment = remark;
    send.disabled = true; // a double click sends once
    const answer = await call("POST", `/families/${encodeURIComponent(ctx.familyId)}/file/changes`, body);
    send.disabled = false;
    if (answer.status === 201) await ctx.done(answer.data);
    else showRefusal(form, answer, changes, comment.ctl, said);
  });
  return form;
}

// A part of the file a parent may change: its facts and "Modifier" (``name`` completes the button's name for
// screen readers: "Modifier les coordonnées de Mme Claire DURAND"); the form takes their place, "Annuler"
// gives it back.
export function editable(ctx, name, shown, build) {
  const facts = el("div", {}, shown);
  const open = el("button", { type: "button", class: "secondary modifier" }, "Modifier",
    el("span", { class: "sr-only" }, ` ${name}`));
  const box = el("div", { class: "partie" }, facts, open);
  open.addEventListener("click", () => {
    const form = editForm(ctx, build(), () => {
      form.remove();
      facts.hidden = false;
      open.hidden = false;
      open.focus();
    });
    facts.hidden = true;
    open.hidden = true;
    box.append(form);
    form.querySelector("input, select, textarea").focus();
  });
  return box;
}
