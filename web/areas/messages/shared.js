// Messages ("Nous contacter"), what its screens share: the contract's limits, the API's paths, the refusals
// in French (beside their fields, or under the button: the day's limit with when to write again), and the
// papers of "Mes documents" a message may carry (GET /families/{family_id}/documents, its `uploaded` list),
// to choose them and to name them.
import { api } from "../../core/api.js";
import { instantDateFr, instantFr } from "../../core/format.js";
import { announce, el } from "../../core/render.js";

export const TITLE = "Nous contacter";
export const NEW_TITLE = "Nouveau message";
export const MAX_SUBJECT = 150;
export const MAX_TEXT = 5000;
export const MAX_ATTACHED = 5;
export const STATUSES = { open: "En cours", closed: "Clôturée" };
export const FAILED = "Le message n'a pas pu être envoyé. Réessayez plus tard.";
export const CLOSED = "La mairie a clôturé cette conversation : vous ne pouvez plus y répondre.";

// The refusals of POST /threads and POST /threads/{id}/messages in French, by code (core/problems.js has the
// general ones); a field's own words first (``field:code``), then the code's, then the field's.
const MESSAGES = {
  invalid_text: "Ce texte contient des caractères non autorisés (caractères de contrôle ou invisibles) : "
    + "retirez-les, puis réessayez.",
  unknown_service: "Ce service ne reçoit plus de messages : actualisez la page et choisissez-en un autre.",
  family_not_found: "Cette famille n'est pas suivie par votre compte.",
  document_not_found: "Un des documents choisis n'existe plus dans Mes documents : actualisez la page.",
  thread_not_found: "Cette conversation n'existe plus.",
  thread_closed: `${CLOSED} Votre message n'a pas été envoyé.`,
  body_too_large: "Ce message est trop long : raccourcissez-le, puis réessayez.",
  "subject:too_long": `L'objet est trop long (${MAX_SUBJECT} caractères au plus).`,
  "subject:too_short": "Indiquez l'objet de votre message.",
  "subject:required": "Indiquez l'objet de votre message.",
  "text:too_long": `Le message est trop long (${MAX_TEXT.toLocaleString("fr-FR")} caractères au plus).`,
  "text:too_short": "Écrivez votre message.",
  "text:required": "Écrivez votre message.",
  "document_ids:too_long": `Choisissez ${MAX_ATTACHED} documents au plus.`,
};
const FIELDS = {
  service_id: "Choisissez le service à qui écrire.",
  subject: "Cet objet n'est pas accepté : vérifiez-le, puis réessayez.",
  text: "Ce message n'est pas accepté : vérifiez-le, puis réessayez.",
  family_id: "Choisissez une des familles proposées.",
  document_ids: "Un des documents choisis n'est pas accepté : actualisez la page.",
};

export const threadPath = (threadId) => `/threads/${encodeURIComponent(threadId)}`;
export const threadHash = (threadId) => `#/messages/${encodeURIComponent(threadId)}`;
export const familyPath = (familyId) => `/families/${encodeURIComponent(familyId)}`;
export const plural = (n, one, many) => `${n} ${n > 1 ? many : one}`;
export const unreadText = (n) => plural(n, "nouveau message", "nouveaux messages");

// What the conversation says first, once, when it is drawn next: the message just sent.
let flash = null;
export const sentFlash = (text) => { flash = text; };
export const takeFlash = () => {
  const said = flash;
  flash = null;
  return said;
};

// A call that cannot reach the API answers status 0.
export async function call(method, path, body) {
  try { return await api(method, path, body); } catch { return { status: 0, data: null, headers: null }; }
}

// The family's label, or its id when the account no longer follows it.
export const familyLabel = (families, familyId) => {
  const found = families.find((family) => family.family_id === familyId);
  return found ? found.label : familyId;
};

// ---- The day's limit -----------------------------------------------------------------------------------

// 5 new conversations and 30 messages a day: beyond, 429 with Retry-After (seconds), said as the minute from
// which the parent may write again (rounded up: not a minute too early).
export function limitText(headers) {
  const seconds = Number(headers && headers.get("Retry-After"));
  const intro = "Vous avez atteint la limite du jour : 5 nouvelles conversations et 30 messages par jour au plus.";
  if (!seconds) return `${intro} Réessayez plus tard.`;
  const minute = 60000;
  const at = new Date(Math.ceil((Date.now() + seconds * 1000) / minute) * minute);
  return `${intro} Vous pourrez écrire de nouveau à partir du ${instantFr(at.toISOString())}.`;
}

// ---- Refusals ------------------------------------------------------------------------------------------

// The field a refusal names, by its first segment the form knows ("document_ids.0" → "document_ids").
function fieldOf(error, form) {
  const names = String(error.field || "").split(".");
  return names.find((name) => form.querySelector(`.error[data-for="${name}"]`)) || "form";
}

// The API's answer in French: each field's error beside it, anything else (the day's limit, a closed
// conversation, an unknown paper…) under the button; all of it announced, and the focus to the first field in
// error, else to the message under the button.
export function showRefusal(form, answer) {
  const { status, data, headers } = answer;
  form.querySelectorAll(".error[data-for]").forEach((slot) => { slot.textContent = ""; });
  form.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
  const errors = status === 422 && data && Array.isArray(data.errors) ? data.errors : [];
  const said = [];
  const general = [];
  for (const error of errors) {
    const field = fieldOf(error, form);
    const text = MESSAGES[`${field}:${error.code}`] || MESSAGES[error.code] || FIELDS[field] || FAILED;
    said.push(text);
    if (field === "form") general.push(text);
    else {
      form.querySelector(`.error[data-for="${field}"]`).textContent = text;
      const input = form.querySelector(`[name="${field}"]`);
      if (input) input.setAttribute("aria-invalid", "true");
    }
  }
  if (!errors.length) {
    const text = status === 429 ? limitText(headers) : MESSAGES[data && data.code] || FAILED;
    said.push(text);
    general.push(text);
  }
  const slot = form.querySelector(".error[data-for=form]");
  slot.textContent = [...new Set(general)].join(" ");
  announce([...new Set(said)].join(" "));
  (form.querySelector("[aria-invalid]") || slot).focus();
}

// ---- The papers of Mes documents -----------------------------------------------------------------------

// The papers of the families asked for, as [{family, papers}], each list those that hold a file (a paper still
// on its way, or whose file was refused, has none to show), and every paper's name by its id.
export async function papersOf(families) {
  const answers = await Promise.all(families.map((family) => call("GET", `${familyPath(family.family_id)}/documents`)));
  const names = new Map();
  const groups = families.map((family, i) => {
    const uploaded = answers[i].status === 200 ? answers[i].data.uploaded : [];
    uploaded.forEach((paper) => names.set(paper.document_id, paper.file_name));
    return { family, papers: uploaded.filter((paper) => !["awaiting_file", "rejected_file"].includes(paper.status)) };
  });
  return { groups, names };
}

// The papers a message carries, by their names (one deleted since, or of a family no longer followed, is said
// to be out of reach).
export function attachedNodes(documentIds, names) {
  if (!documentIds.length) return null;
  return el("div", { class: "pieces-jointes" },
    el("p", {}, documentIds.length > 1 ? "Pièces jointes :" : "Pièce jointe :"),
    el("ul", {}, documentIds.map((documentId) => el("li", {},
      names.get(documentId) || "Document qui n'est plus dans vos documents"))));
}

// Choosing papers: a checkbox each, by family when there are several; at most 5 (the API says so beside them).
export function attachmentsField(prefix, groups) {
  const shown = groups.filter((group) => group.papers.length);
  if (!shown.length) {
    return el("p", { class: "hint" }, "Pour joindre un document, envoyez-le d'abord dans ",
      el("a", { href: "#/documents" }, "Mes documents"), ".");
  }
  const box = (paper, i, j) => {
    const id = `${prefix}-piece-${i}-${j}`;
    return el("li", {}, el("input", { type: "checkbox", id, name: "document_ids", value: paper.document_id,
      "aria-describedby": `${prefix}-pieces-aide ${prefix}-pieces-erreur` }), " ",
    el("label", { for: id, class: "inline" }, paper.file_name,
      el("span", { class: "envoye" }, ` (envoyé le ${instantDateFr(paper.uploaded_at)})`)));
  };
  return el("fieldset", { class: "pieces-a-joindre" },
    el("legend", {}, "Pièces jointes"),
    el("p", { class: "hint", id: `${prefix}-pieces-aide` },
      `Facultatif : ${MAX_ATTACHED} documents de Mes documents au plus.`),
    shown.map((group, i) => [
      shown.length > 1 ? el("p", { class: "famille-pieces" }, group.family.label) : null,
      el("ul", { class: "cases" }, group.papers.map((paper, j) => box(paper, i, j)))]),
    el("span", { class: "error", id: `${prefix}-pieces-erreur`, "data-for": "document_ids" }));
}

export const chosenPapers = (form) => [...form.querySelectorAll("input[name=document_ids]:checked")]
  .map((input) => input.value);
