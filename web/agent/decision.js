// A decision on a request or a document: « Accepter » or « Refuser », with the reason the family reads in the
// portal (required to refuse, 1,000 characters at most) and, for a document, the date it is valid until
// (optional). The form checks what it can, sends, and says the API's refusals beside its fields.
import { showProblem } from "../core/problems.js";
import { announce, el } from "../core/render.js";
import { labelled } from "../areas/requests.js";
import { NO_ACCESS, retryText } from "./session.js";

export const REASON_MAX = 1000;
const TOO_LONG = `Ce texte est trop long (${REASON_MAX.toLocaleString("fr-FR")} caractères au plus).`;
const MESSAGES = {
  reason_required: "Indiquez le motif du refus : la famille le lira dans le portail.",
  invalid_text: "Ce texte contient des caractères non autorisés.",
  too_long: TOO_LONG,
  string_too_long: TOO_LONG,
  permission_denied: NO_ACCESS,
};

// The form; ``send(body)`` calls the API and answers { status, data, headers }; ``done(data)`` draws what
// became of it (200); ``messages``: this kind's problems in French (409 codes).
export function decisionForm(prefix, { validity = false, messages = {}, send, done }) {
  const reason = el("textarea", { name: "reason", rows: "4", maxlength: String(REASON_MAX) });
  const date = validity ? el("input", { type: "date", name: "valid_until" }) : null;
  const accept = el("button", { type: "submit", value: "accepted", class: "accepter" }, "Accepter");
  const refuse = el("button", { type: "submit", value: "refused", class: "secondary refuser" }, "Refuser");
  const general = el("p", { class: "error", "data-for": "form", tabindex: "-1" });
  const form = el("form", { class: "decision", id: `${prefix}-decision`, novalidate: "" },
    el("h2", {}, "Décision"),
    date ? labelled(`${prefix}-validite`, "Valable jusqu'au", date, "Facultatif, pour l'accepter : sans date, la "
      + "durée de validité prévue pour ce type de document s'applique") : null,
    labelled(`${prefix}-motif`, "Motif", reason, "Obligatoire pour refuser, 1 000 caractères au plus : la famille "
      + "le lit dans le portail"),
    general,
    el("div", { class: "actions" }, accept, refuse));
  const all = { ...MESSAGES, ...messages };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const decision = event.submitter && event.submitter.value === "refused" ? "refused" : "accepted";
    const body = { decision };
    const text = reason.value.trim();
    if (decision === "refused") {
      if (!text) {
        showProblem(form, { errors: [{ field: "reason", code: "reason_required" }] }, all);
        reason.focus();
        return;
      }
      body.reason = text;
    } else if (date && date.value) body.valid_until = date.value;
    [accept.disabled, refuse.disabled] = [true, true]; // a double click decides once
    const answer = await send(body);
    [accept.disabled, refuse.disabled] = [false, false];
    if (answer.status === 200) { done(answer.data); return; }
    if ([0, 429, 503].includes(answer.status)) {
      showProblem(form, { code: "unavailable" }, { unavailable: retryText(answer.headers) });
    } else showProblem(form, answer.data || { detail: "La décision n'a pas pu être enregistrée." }, all);
    if (answer.status === 409) [accept.hidden, refuse.hidden] = [true, true]; // nothing left to decide here
    const first = form.querySelector("[aria-invalid=true]");
    (first || general).focus();
    announce(general.textContent);
  });
  return form;
}
