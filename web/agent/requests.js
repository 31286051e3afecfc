// A request (#/demande/{request_id}): its kind, family, summary, status, dates and who asked; what it asks
// (a file change's old and new values side by side, as the parents' « Mes demandes » shows them; an
// enrolment's activity, first day and missing papers; a certificate and its year); a link to the family's
// file; and, while it is pending, the decision (POST /admin/requests/{id}/decision). The request comes from the
// town's route for one (one.js). Everything the API says is set as text: summaries, comments and values hold what
// families typed.
import { dateFr } from "../core/format.js";
import { el } from "../core/render.js";
import { CERTIFICATES, changesTable, KINDS, STATUSES } from "../areas/requests.js";
import { decisionForm } from "./decision.js";
import { showOne } from "./one.js";
import { TITLE as INBOX } from "./inbox.js";
import { call, facts, personName, screen, when } from "./session.js";

const TITLE = "Demande";
const WORDS = {
  title: TITLE,
  loadFailed: "La demande n'a pas pu être chargée.",
  missing: "Cette demande est introuvable : vérifiez le lien.",
};
const MESSAGES = {
  request_not_pending: "Cette demande n'est plus en attente : un autre agent ou le logiciel de la mairie y a déjà "
    + "répondu, ou la famille l'a annulée. Rechargez la page dans une minute pour voir son état.",
  request_not_found: "Cette demande n'existe plus.",
};
const DONE = { accepted: "Demande acceptée : la famille en est prévenue par email.",
  refused: "Demande refusée : la famille en est prévenue par email et lit le motif dans le portail." };

const decidedBy = (by) => (by.kind === "agent" && by.name ? by.name : "Le logiciel de la mairie");
const familyLink = (familyId) => el("a", { href: `#/famille/${encodeURIComponent(familyId)}`, class: "dossier" },
  "Dossier de la famille");

// What the request asks, by its kind.
function askedFacts(request) {
  const details = request.details || {};
  if (request.kind === "enrolment") {
    const missing = details.missing_document_type_ids || [];
    return [
      ["Activité", details.activity_id],
      ["À partir du", details.from ? dateFr(details.from) : "—"],
      ["Pièces manquantes à la demande", missing.length ? missing.join(", ") : "Aucune"],
    ];
  }
  if (request.kind === "certificate") {
    return [["Attestation", CERTIFICATES[details.certificate] || details.certificate], ["Année", String(details.year)]];
  }
  return [];
}

function requestNodes(request, said) {
  const decided = request.decided_at ? [
    [request.status === "refused" ? "Refusée le" : "Décidée le", when(request.decided_at)],
    request.decided_by ? ["Par", decidedBy(request.decided_by)] : null,
    request.reason ? ["Motif", el("span", { class: "motif" }, request.reason)] : null,
  ] : [];
  const comment = request.details && request.details.comment;
  return [
    said,
    el("h2", { class: "resume" }, request.summary),
    facts([
      ["Type", KINDS[request.kind] || request.kind],
      ["État", el("strong", { class: `statut-${request.status}` }, STATUSES[request.status] || request.status)],
      ["Famille", [request.family_id, " · ", familyLink(request.family_id)]],
      ["Demandée le", when(request.created_at)],
      ["Demandée par", request.account ? `${personName(request.account)} (${request.account.email})`
        : "Compte supprimé depuis"],
      ...askedFacts(request),
      comment ? ["Commentaire de la famille", el("span", { class: "motif" }, comment)] : null,
      ...decided,
    ]),
    request.kind === "file_change" ? changesTable(request) : null,
    request.kind === "certificate" && request.status === "pending" ? el("p", { class: "note" }, "L'attestation "
      + "elle-même est publiée par le logiciel de la mairie dans les documents de la famille, ce qui accepte la "
      + "demande : refusez-la ici si elle ne peut pas être délivrée.") : null,
  ];
}

function drawRequest(request, said = null) {
  const form = request.status === "pending" ? decisionForm("demande", {
    messages: MESSAGES,
    send: (body) => call("POST", `/admin/requests/${encodeURIComponent(request.request_id)}/decision`, body),
    // The decided request as the API answers it (without who asked: kept from the one read first).
    done: (decided) => drawRequest({ ...request, ...decided },
      el("p", { class: "ok resultat-decision", tabindex: "-1" }, DONE[decided.status] || "Décision enregistrée.")),
  }) : null;
  screen(`${TITLE} – ${KINDS[request.kind] || request.kind}`, requestNodes(request, said), form,
    el("p", {}, el("a", { href: "#/a-traiter" }, `Retour à « ${INBOX} »`)));
  if (said) said.focus();
}

export const routes = [
  { hash: "#/demande", title: TITLE, within: "#/a-traiter", access: "logged-in",
    render: (requestId) => showOne("requests", requestId, WORDS, (found) => drawRequest(found)) },
];
