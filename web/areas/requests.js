// Requests ("Mes demandes", #/demandes): what the account's families asked the town (GET /requests, newest first,
// a page at a time with "Voir plus"), each with its kind, status and dates, who decided it, the town's reason
// when refused, what a file change changes, and "Annuler la demande" while it is pending (POST
// …/cancellation). The decision mails link here. "Demander une attestation" (#/demandes/attestation) asks the
// town for a certificate (POST /requests/certificates). Everything the API says is set as text, never as
// markup: summaries, reasons and values hold what the town and the parents typed.
import { api } from "../core/api.js";
import { instantFr, phoneFr, todayParis } from "../core/format.js";
import { formValues } from "../core/forms.js";
import { problemText, showProblem } from "../core/problems.js";
import { announce, el, showNodes } from "../core/render.js";
import { GROUPS } from "../core/router.js";
import { DIETS } from "./family_file/values.js";

const TITLE = "Mes demandes";
const ASK_TITLE = "Demander une attestation";
export const KINDS = { file_change: "Modification du dossier", enrolment: "Inscription", certificate: "Attestation" };
export const STATUSES = { pending: "En attente", accepted: "Acceptée", refused: "Refusée", cancelled: "Annulée",
  applied: "Appliquée" };
export const CERTIFICATES = { tax: "Attestation fiscale (frais de garde)", attendance: "Attestation de présence",
  payments: "Attestation de paiement" };
const FIELDS = { email: "Email", mobile_phone: "Téléphone portable", home_phone: "Téléphone du domicile",
  work_phone: "Téléphone professionnel", address: "Adresse", relationship: "Lien de parenté",
  diet: "Régime alimentaire", allergies: "Allergies", doctor: "Médecin", medical_notes: "Informations médicales",
  authorisations: "Autorisations", pickups: "Personnes autorisées à venir chercher l'enfant" };
const DECIDED_ON = { accepted: "Acceptée le", refused: "Refusée le" };
const AUTHORISATIONS = { photos: "Photos", leave_alone: "Partir seul" };
const CHANGE_COLUMNS = ["Information", "Ancienne valeur", "Nouvelle valeur"];
const FIRST_YEAR = 2000;
const UNKNOWN = "Non renseigné";
// The problems of this part in French (core/problems.js has the others).
const MESSAGES = {
  request_not_pending: "Cette demande n'est plus en attente : la mairie y a déjà répondu, ou elle a été annulée.",
  request_pending: "Vous avez déjà demandé cette attestation pour cette année : la demande est en attente.",
  invalid_year: `Choisissez une année entre ${FIRST_YEAR} et cette année.`,
  invalid_text: "Ce texte contient des caractères non autorisés.",
  too_long: "Ce texte est trop long (500 caractères au plus).",
  string_too_long: "Ce texte est trop long (500 caractères au plus).",
  family_not_found: "Cette famille n'est pas suivie par votre compte.",
  child_not_found: "Cet enfant n'appartient pas à cette famille.",
  invalid_choice: "Choisissez une des valeurs proposées.",
};

let flash = null; // what the list says first, once: the outcome of the form it comes back from

// ---- Values in French, as text ------------------------------------------------------------------------

// A value of a file change, readably: a phone in French form, the diet's name, a list joined, an address or
// a doctor on one line, the authorisations each with its answer, « Non renseigné » for none.
export function valueText(value, field) {
  if (value === null || value === undefined || value === "") return UNKNOWN;
  if (typeof value === "boolean") return value ? "Oui" : "Non";
  if (Array.isArray(value)) return value.length ? value.map((item) => valueText(item)).join(", ") : "Aucun";
  if (typeof value === "object") return objectText(value);
  if (field === "diet") return DIETS[value] || String(value);
  return phoneFr(String(value));
}

function objectText(value) {
  if ("line1" in value || "postcode" in value) {
    return [value.line1, value.line2, [value.postcode, value.city].filter(Boolean).join(" ")].filter(Boolean)
      .join(", ");
  }
  if ("photos" in value || "leave_alone" in value) {
    return Object.entries(value).map(([key, flag]) => `${AUTHORISATIONS[key] || key} : ${valueText(flag)}`)
      .join(", ");
  }
  if ("name" in value) { // a doctor, a person allowed to collect the child
    const more = [value.relationship, value.phone ? phoneFr(value.phone) : null].filter(Boolean);
    return more.length ? `${value.name} (${more.join(", ")})` : String(value.name);
  }
  return Object.entries(value).map(([key, item]) => `${key} : ${valueText(item)}`).join(", ");
}

function decidedByText(by) {
  if (!by) return null;
  return by.kind === "agent" && by.name ? `${by.name}, pour la mairie` : "La mairie";
}

// ---- A request -----------------------------------------------------------------------------------------

// What a file change changes, old and new values side by side (the agents' console shows it too).
export function changesTable(request) {
  const changes = (request.details && request.details.changes) || [];
  if (!changes.length) return null;
  const cells = (change) => [FIELDS[change.field] || change.field, valueText(change.old, change.field),
    valueText(change.new, change.field)];
  return el("table", { class: "cards" },
    el("caption", {}, "Modifications demandées"),
    el("thead", {}, el("tr", {}, CHANGE_COLUMNS.map((label) => el("th", { scope: "col" }, label)))),
    el("tbody", {}, changes.map((change) => el("tr", {},
      cells(change).map((text, i) => el("td", { "data-label": CHANGE_COLUMNS[i] }, text))))));
}

function requestItem(request) {
  const refused = request.status === "refused";
  const facts = [
    ["Type", KINDS[request.kind] || request.kind],
    ["État", el("strong", { class: `statut-${request.status}` }, STATUSES[request.status] || request.status)],
    ["Demandée le", instantFr(request.created_at)],
    request.decided_at ? [DECIDED_ON[request.status] || "Décidée le", instantFr(request.decided_at)] : null,
    request.decided_by ? ["Par", decidedByText(request.decided_by)] : null,
    refused && request.reason ? ["Motif", el("span", { class: "motif" }, request.reason)] : null,
    request.details && request.details.comment ? ["Votre commentaire", request.details.comment] : null,
  ].filter(Boolean);
  const cancel = request.status === "pending" ? el("button", { type: "button", class: "secondary" },
    "Annuler la demande", el("span", { class: "sr-only" }, ` « ${request.summary} »`)) : null;
  if (cancel) cancel.addEventListener("click", () => cancelRequest(request, cancel));
  return el("li", { class: "fiche demande" },
    el("h2", { tabindex: "-1" }, request.summary),
    el("dl", { class: "faits" }, facts.map(([term, value]) => [el("dt", {}, term), el("dd", {}, value)])),
    changesTable(request),
    cancel);
}

async function cancelRequest(request, button) {
  if (!window.confirm(`Annuler la demande « ${request.summary} » ?`)) return;
  button.disabled = true; // a double click cancels once
  const { status, data } = await api("POST", `/requests/${encodeURIComponent(request.request_id)}/cancellation`);
  if (status === 200) flash = ["ok", `Demande « ${request.summary} » annulée.`];
  else if (status === 409) flash = ["error", problemText(data, MESSAGES.request_not_pending, MESSAGES)];
  else {
    button.disabled = false;
    announce("La demande n'a pas pu être annulée. Réessayez plus tard.");
    return;
  }
  await listScreen();
}

// ---- The list ------------------------------------------------------------------------------------------

const count = (n) => `${n} demande${n > 1 ? "s" : ""} affichée${n > 1 ? "s" : ""}.`;

async function listScreen() {
  const here = location.hash;
  const { status, data } = await api("GET", "/requests");
  if (location.hash !== here) return; // the parent went elsewhere meanwhile
  const said = flash;
  flash = null;
  const ask = el("p", {}, el("a", { href: "#/demandes/attestation" }, ASK_TITLE));
  const message = said ? el("p", { class: said[0] }, said[1]) : null;
  if (status !== 200) {
    showNodes(TITLE, el("p", { class: "error" }, "Impossible de charger vos demandes. Réessayez plus tard."));
    return;
  }
  if (!data.items.length) {
    showNodes(TITLE, message, el("p", {}, "Vous n'avez encore fait aucune demande."), ask);
    return;
  }
  const list = el("ul", { class: "demandes" }, data.items.map(requestItem));
  const shown = el("p", { id: "demandes-affichees", "aria-live": "polite" }, count(data.items.length));
  const more = el("button", { type: "button", class: "secondary", id: "voir-plus" }, "Voir plus");
  showNodes(TITLE, message, ask, list, shown, more);
  if (said) announce(said[1]);
  morePages(data.next_cursor, data.items.length, list, shown, more);
}

// "Voir plus": the next page under the requests shown, and focus to the first of it.
function morePages(first, firstCount, list, shown, more) {
  let [cursor, counted] = [first, firstCount];
  more.hidden = !cursor;
  more.addEventListener("click", async () => {
    more.disabled = true;
    const { status, data } = await api("GET", `/requests?${new URLSearchParams({ cursor })}`);
    more.disabled = false;
    if (status !== 200) { announce("Les demandes suivantes n'ont pas pu être chargées."); return; }
    const added = data.items.map(requestItem);
    list.append(...added);
    [cursor, counted] = [data.next_cursor, counted + data.items.length];
    shown.textContent = count(counted);
    more.hidden = !cursor;
    if (added.length) added[0].querySelector("h2").focus();
  });
}

// ---- Asking for a certificate --------------------------------------------------------------------------

// A labelled control with its error slot (core/problems.js fills it), optionally a hint (enrolments.js's
// forms too).
export function labelled(id, label, control, hint) {
  const described = hint ? `${id}-aide ${id}-erreur` : `${id}-erreur`;
  control.setAttribute("id", id);
  control.setAttribute("aria-describedby", described);
  return [el("label", { for: id }, label, hint ? el("span", { class: "hint", id: `${id}-aide` }, hint) : null),
    control, el("span", { class: "error", id: `${id}-erreur`, "data-for": control.getAttribute("name") })];
}

const option = (value, label, selected = false) => el("option", selected ? { value, selected: "" } : { value },
  label);

function certificateForm(families, children) {
  const thisYear = Number(todayParis().slice(0, 4));
  const years = [];
  for (let year = thisYear; year >= FIRST_YEAR; year -= 1) years.push(year);
  const family = families.length > 1
    ? labelled("cert-famille", "Famille *", el("select", { name: "family_id", required: "" },
      families.map((f) => option(f.family_id, f.label))))
    : [el("p", {}, `Famille : ${families[0].label}`),
      el("input", { type: "hidden", name: "family_id", value: families[0].family_id })];
  const kinds = el("fieldset", {}, el("legend", {}, "Attestation *"),
    Object.entries(CERTIFICATES).map(([value, label], i) => el("p", {},
      el("input", { type: "radio", id: `cert-${value}`, name: "certificate", value, ...(i ? {} : { checked: "" }),
        "aria-describedby": "cert-type-erreur" }),
      " ", el("label", { for: `cert-${value}`, class: "inline" }, label))),
    el("span", { class: "error", id: "cert-type-erreur", "data-for": "certificate" }));
  const child = el("select", { name: "child_id" });
  const comment = el("textarea", { name: "comment", rows: "4", maxlength: "500" });
  const form = el("form", { id: "attestation", novalidate: "" }, family, kinds,
    labelled("cert-annee", "Année *", el("select", { name: "year", required: "" },
      years.map((year) => option(String(year), String(year), year === thisYear - 1)))),
    labelled("cert-enfant", "Enfant concerné", child, "Facultatif : laissez « Toute la famille » sinon"),
    labelled("cert-commentaire", "Commentaire", comment, "Facultatif, 500 caractères au plus"),
    el("p", { class: "error", "data-for": "form" }),
    el("button", { type: "submit" }, "Envoyer la demande"));
  const fillChildren = () => {
    const chosen = formValues(form).family_id;
    child.replaceChildren(option("", "Toute la famille"), ...children.filter((c) => c.family_id === chosen)
      .map((c) => option(c.child_id, `${c.first_name} ${c.last_name}`)));
  };
  fillChildren();
  form.addEventListener("change", (event) => { if (event.target.name === "family_id") fillChildren(); });
  return form;
}

// What the form sends: the year as a number, the optional child and comment left out when empty.
function certificateBody(values) {
  const body = { family_id: values.family_id, certificate: values.certificate, year: Number(values.year) };
  if (values.child_id) body.child_id = values.child_id;
  if (values.comment && values.comment.trim()) body.comment = values.comment;
  return body;
}

async function certificateScreen() {
  const here = location.hash;
  const [families, children] = await Promise.all([api("GET", "/subscriptions"), api("GET", "/children")]);
  if (location.hash !== here) return;
  const back = el("p", {}, el("a", { href: "#/demandes" }, "Retour à mes demandes"));
  if (families.status !== 200) {
    showNodes(ASK_TITLE, el("p", { class: "error" }, "Impossible de charger vos familles. Réessayez plus tard."),
      back);
    return;
  }
  if (!families.data.items.length) {
    showNodes(ASK_TITLE, el("p", {}, "Abonnez-vous d'abord à votre famille dans ",
      el("a", { href: "#/abonnements" }, "Mes abonnements"), "."), back);
    return;
  }
  const byLabel = [...families.data.items].sort((a, b) => a.label.localeCompare(b.label, "fr"));
  const form = certificateForm(byLabel, children.status === 200 ? children.data.items : []);
  showNodes(ASK_TITLE, el("p", {}, "La mairie vous répond en publiant l'attestation dans vos documents ; "
    + "vous suivez la demande dans Mes demandes."), form, back);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { status, data } = await api("POST", "/requests/certificates", certificateBody(formValues(form)));
    if (status === 201) {
      flash = ["ok", `Votre demande « ${data.summary} » est envoyée à la mairie.`];
      location.hash = "#/demandes";
    } else showProblem(form, data, MESSAGES);
  });
}

export const routes = [
  { hash: "#/demandes", title: TITLE, menu: { label: TITLE, order: 17, group: GROUPS.family }, access: "logged-in",
    render: () => listScreen() },
  { hash: "#/demandes/attestation", title: ASK_TITLE, within: "#/demandes", access: "logged-in",
    render: () => certificateScreen() },
];
