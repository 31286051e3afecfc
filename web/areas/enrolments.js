// Enrolments ("Inscriptions", #/inscriptions): for each child of the families the account follows (GET
// /children), the activities open to enrolment requests now for which the child is eligible (GET
// /children/{id}/activities), each with its nature, its dates, when requests close (in Paris time), the papers
// it needs and where the child stands: « Inscrit » (with a link to its calendar), « Demande en attente »
// (followed in Mes demandes), or a form asking for the enrolment (POST /children/{id}/enrolment-requests: from
// which day, an optional comment). Once sent, the card says so with the papers the request still lacks and
// links to Mes documents and Mes demandes; a refusal is said in French beside its field.
// The API names a paper by its type's id only: its label is known from the family's missing papers (GET
// /families/{id}/documents), and a paper not listed there is named by its id. Everything the API says is set
// as text, never as markup.
import { api } from "../core/api.js";
import { dateFr, instantFr } from "../core/format.js";
import { formValues } from "../core/forms.js";
import { showProblem } from "../core/problems.js";
import { announce, el, showNodes } from "../core/render.js";
import { GROUPS } from "../core/router.js";
import { calendarHash, childPath, isIso } from "./bookings/shared.js";
import { labelled } from "./requests.js";

const TITLE = "Inscriptions";
const MAX_COMMENT = 500;
const SENT = "Demande envoyée : la mairie va l'étudier.";
const FAILED = "La demande n'a pas pu être envoyée. Réessayez plus tard.";
// The refusals of POST …/enrolment-requests in French, by code (core/problems.js has the general ones).
const MESSAGES = {
  child_not_found: "Cet enfant n'existe pas ou n'est pas suivi par votre compte.",
  activity_not_found: "Cette activité n'existe plus : actualisez la page.",
  already_enrolled: "Cet enfant est déjà inscrit à cette activité.",
  enrolment_closed: "Les demandes d'inscription à cette activité sont closes.",
  not_eligible: "Cette activité n'est pas ouverte aux enfants de cet âge.",
  request_pending: "Une demande d'inscription de cet enfant à cette activité est déjà en attente : suivez-la dans "
    + "Mes demandes.",
  invalid_text: "Ce texte contient des caractères non autorisés.",
  too_long: `Ce texte est trop long (${MAX_COMMENT} caractères au plus).`,
  string_too_long: `Ce texte est trop long (${MAX_COMMENT} caractères au plus).`,
  too_many_attempts: "Trop de demandes en peu de temps : réessayez dans quelques minutes.",
};
// A field's refusal whose code has no message above, in French by the field.
const FIELDS = { comment: "Ce commentaire n'est pas accepté : vérifiez-le, puis réessayez." };

let flash = null; // the request just sent ({childId, activityId, request}), said once in its activity's card
let formCount = 0;

const documentsHash = (familyId) => `#/documents/${encodeURIComponent(familyId)}`;
const link = (href, text, hidden) => el("a", { href }, text, hidden ? el("span", { class: "sr-only" }, hidden) : null);

// ---- The papers ----------------------------------------------------------------------------------------

// What the families' documents say (one answer per family, in the order of ``familyIds``): a type's label, and
// whether a paper is missing for a child (its own, or one for its whole family).
function paperBook(familyIds, answers) {
  const labels = new Map();
  const missing = new Map(familyIds.map((familyId) => [familyId, []]));
  answers.forEach((answer, i) => {
    if (answer.status !== 200) return;
    for (const item of answer.data.missing) {
      labels.set(item.document_type_id, item.label);
      missing.get(familyIds[i]).push(item);
    }
  });
  return {
    label: (typeId) => labels.get(typeId) || typeId,
    isMissing: (child, typeId) => (missing.get(child.family_id) || []).some((item) => item.document_type_id
      === typeId && (!item.child_id || item.child_id === child.child_id)),
  };
}

function papersNode(child, activity, papers) {
  const ids = activity.required_document_type_ids || [];
  if (!ids.length) return "Aucune";
  return el("ul", { class: "pieces-demandees" }, ids.map((typeId) => el("li", {}, papers.label(typeId),
    papers.isMissing(child, typeId) ? el("span", { class: "a-fournir" }, " (à fournir)") : null)));
}

// ---- Asking --------------------------------------------------------------------------------------------

// The API's refusal in French: each field's error beside its input (the date, the comment), any other (the
// child already enrolled, a request pending, the window closed…) under the button; the first input in error
// takes the focus.
function showRefusal(form, problem, messages) {
  const errors = ((problem && problem.errors) || []).map((error) => {
    const field = String(error.field || "").split(".").pop();
    return { ...error, field, message: messages[error.code] || FIELDS[field] || FAILED };
  });
  const code = problem && problem.code;
  showProblem(form, { code, errors, detail: messages[code] || FAILED }, messages);
  const besideFields = errors.length && errors.every((error) => error.field !== "form"
    && form.querySelector(`[name="${error.field}"]`));
  if (besideFields) form.querySelector(".error[data-for=form]").textContent = "";
  const wrong = form.querySelector("[aria-invalid]");
  if (wrong) wrong.focus();
}

function requestForm(child, activity, redraw) {
  formCount += 1;
  const id = `inscription-${formCount}`;
  const about = ` de ${child.first_name} : ${activity.label}`;
  const from = el("input", { type: "date", name: "from", required: "", value: activity.from, min: activity.from,
    max: activity.to });
  const comment = el("textarea", { name: "comment", rows: "3", maxlength: String(MAX_COMMENT) });
  const button = el("button", { type: "submit" }, "Demander l'inscription", el("span", { class: "sr-only" }, about));
  const form = el("form", { class: "demande-inscription", novalidate: "" },
    labelled(`${id}-du`, "Inscrire à partir du *", from,
      `Entre le ${dateFr(activity.from)} et le ${dateFr(activity.to)}`),
    labelled(`${id}-commentaire`, "Commentaire pour la mairie", comment,
      `Facultatif, ${MAX_COMMENT} caractères au plus`),
    el("p", { class: "error", "data-for": "form" }),
    button);
  // Each form its messages: the dates of its activity in the refusal of a day outside them.
  const messages = { ...MESSAGES,
    invalid_date: `Choisissez un jour entre le ${dateFr(activity.from)} et le ${dateFr(activity.to)}.` };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = formValues(form);
    if (!isIso(values.from)) {
      showRefusal(form, { errors: [{ field: "from", code: "date_missing" }] },
        { ...messages, date_missing: "Indiquez le premier jour de l'inscription." });
      return;
    }
    const body = { activity_id: activity.activity_id, from: values.from };
    if (values.comment.trim()) body.comment = values.comment;
    button.disabled = true; // a double click asks once
    const { status, data } = await api("POST", `${childPath(child.child_id)}/enrolment-requests`, body)
      .catch(() => ({ status: 0, data: null })); // the API could not be reached
    button.disabled = false;
    if (status === 201) {
      flash = { childId: child.child_id, activityId: activity.activity_id, request: data };
      await redraw();
      return;
    }
    showRefusal(form, data, messages);
  });
  return form;
}

// The request just sent: said, with the papers it still lacks and where to send them, focused once drawn.
function sentNode(child, request, papers) {
  const lacking = (request.details && request.details.missing_document_type_ids) || [];
  return el("div", { class: "note resultat-inscription", tabindex: "-1" },
    el("p", { class: "ok" }, SENT),
    lacking.length ? [
      el("p", {}, "Pièces à fournir pour cette demande :"),
      el("ul", {}, lacking.map((typeId) => el("li", {}, papers.label(typeId)))),
      el("p", {}, "Envoyez-les dans ", link(documentsHash(child.family_id), "Mes documents"), "."),
    ] : null,
    el("p", {}, "Suivez votre demande dans ", link("#/demandes", "Mes demandes"), "."));
}

// ---- The screen ----------------------------------------------------------------------------------------

// Where the child stands: enrolled (its calendar a click away), asked for, or not yet.
function statusNodes(child, activity) {
  if (activity.status === "enrolled") {
    return [el("strong", { class: "statut-accepted" }, "Inscrit"), " · ",
      link(calendarHash(child.child_id, activity.activity_id), "Réserver dans le calendrier",
        ` de ${child.first_name} pour ${activity.label}`)];
  }
  if (activity.status === "requested") {
    return [el("strong", { class: "statut-pending" }, "Demande en attente"), " · suivie dans ",
      link("#/demandes", "Mes demandes")];
  }
  return "Pas encore demandée";
}

function activityCard(child, activity, papers, view) {
  const heading = `activite-${view.cards += 1}`;
  const sent = flash && flash.childId === child.child_id && flash.activityId === activity.activity_id
    ? sentNode(child, flash.request, papers) : null;
  if (sent) view.sent = sent;
  const facts = [
    ["Nature", activity.nature],
    ["Dates", `Du ${dateFr(activity.from)} au ${dateFr(activity.to)}`],
    ["Pièces demandées", papersNode(child, activity, papers)],
    ["État", statusNodes(child, activity)],
  ];
  const needsPapers = (activity.required_document_type_ids || []).length > 0;
  return el("section", { class: "fiche inscription", "aria-labelledby": heading },
    el("h3", { id: heading }, activity.label),
    el("p", { class: "cloture" }, `Demandes jusqu'au ${instantFr(activity.closes_at)}`),
    el("dl", { class: "faits" }, facts.map(([term, value]) => [el("dt", {}, term), el("dd", {}, value)])),
    needsPapers && !sent ? el("p", {}, "Les pièces demandées s'envoient dans ",
      link(documentsHash(child.family_id), "Mes documents"), ".") : null,
    sent,
    activity.status ? null : requestForm(child, activity, view.redraw));
}

function childSection(child, answer, papers, view) {
  const heading = `inscriptions-enfant-${view.children += 1}`;
  const name = `${child.first_name} ${child.last_name}`;
  let content;
  if (answer.status !== 200) {
    content = el("p", { class: "error" }, `Les activités de ${child.first_name} n'ont pas pu être chargées. `
      + "Réessayez plus tard.");
  } else if (!answer.data.items.length) {
    content = el("p", {}, `Aucune activité n'est ouverte aux demandes d'inscription pour ${child.first_name} `
      + "en ce moment.");
  } else content = answer.data.items.map((activity) => activityCard(child, activity, papers, view));
  return el("section", { class: "enfant", "aria-labelledby": heading }, el("h2", { id: heading }, name), content);
}

async function enrolmentsScreen() {
  const here = location.hash;
  const kids = await api("GET", "/children").catch(() => ({ status: 0 }));
  if (location.hash !== here) return; // the parent went elsewhere meanwhile
  if (kids.status !== 200) {
    showNodes(TITLE, el("p", { class: "error" }, "Impossible de charger vos enfants. Réessayez plus tard."));
    return;
  }
  const children = kids.data.items;
  if (!children.length) {
    showNodes(TITLE, el("p", {}, "Aucun enfant à afficher : abonnez-vous d'abord à votre famille dans ",
      link("#/abonnements", "Mes abonnements"), "."));
    return;
  }
  const familyIds = [...new Set(children.map((child) => child.family_id))];
  const failed = () => ({ status: 0 });
  const [lists, papers] = await Promise.all([
    Promise.all(children.map((child) => api("GET", `${childPath(child.child_id)}/activities`).catch(failed))),
    Promise.all(familyIds.map((familyId) => api("GET", `/families/${encodeURIComponent(familyId)}/documents`)
      .catch(failed))),
  ]);
  if (location.hash !== here) return;
  // What the cards share: their counters (for the ids), how to draw the screen again, the request just sent.
  const view = { cards: 0, children: 0, redraw: enrolmentsScreen, sent: null };
  const book = paperBook(familyIds, papers);
  const sections = children.map((child, i) => childSection(child, lists[i], book, view));
  flash = null;
  showNodes(TITLE,
    el("p", {}, "Demandez ici l'inscription de vos enfants aux activités ouvertes aux inscriptions. La mairie "
      + "étudie chaque demande et vous répond dans ", link("#/demandes", "Mes demandes"), " ; les pièces "
      + "qu'elle demande s'envoient dans ", link("#/documents", "Mes documents"), "."),
    sections);
  if (view.sent) {
    view.sent.focus();
    announce(SENT);
  }
}

export const routes = [
  { hash: "#/inscriptions", title: TITLE, menu: { label: TITLE, order: 14, group: GROUPS.family },
    access: "logged-in", render: () => enrolmentsScreen() },
];
