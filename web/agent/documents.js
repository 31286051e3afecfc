// A document a family sent (#/document/{document_id}): its type, family, child, file name, status and dates;
// « Ouvrir le fichier » (GET /admin/documents/{id}/file, a 5-minute link opened in a new tab; the API records
// the reading); and, while it awaits its check, the decision: accepted (with the date it is valid until,
// optional) or refused with a reason (POST /admin/documents/{id}/decision). The document comes from the
// town's route for one (one.js). File names and reasons are what people typed: set as text.
import { dateFr } from "../core/format.js";
import { announce, el } from "../core/render.js";
import { decisionForm } from "./decision.js";
import { showOne } from "./one.js";
import { TITLE as INBOX } from "./inbox.js";
import { call, facts, NO_ACCESS, retryText, screen, when } from "./session.js";

const TITLE = "Document";
export const STATUSES = { awaiting_file: "En cours d'envoi", received: "Reçu, à vérifier",
  rejected_file: "Fichier refusé (illisible)", accepted: "Accepté", refused: "Refusé" };
const WITH_FILE = ["received", "accepted", "refused"];
const WORDS = {
  title: TITLE,
  loadFailed: "Le document n'a pas pu être chargé.",
  missing: "Ce document est introuvable : vérifiez le lien.",
};
const MESSAGES = {
  document_not_received: "Ce document n'attend plus de vérification : il a déjà été décidé, ou son fichier n'est "
    + "pas arrivé. Rechargez la page dans une minute pour voir son état.",
  document_not_found: "Ce document n'existe plus : la famille l'a peut-être supprimé.",
  invalid_record: "Un document refusé n'a pas de date de validité : videz la date, ou acceptez-le.",
};
const DONE = { accepted: "Document accepté.",
  refused: "Document refusé : la famille en est prévenue par email et lit le motif dans le portail." };

// « Ouvrir le fichier »: a link of 5 minutes, opened in a new tab, and shown too in case the browser blocks it.
function fileButton(paper) {
  const button = el("button", { type: "button", class: "ouvrir" }, "Ouvrir le fichier");
  const said = el("p", { class: "lien-fichier", "aria-live": "polite" });
  button.addEventListener("click", async () => {
    button.disabled = true;
    const { status, data, headers } = await call("GET",
      `/admin/documents/${encodeURIComponent(paper.document_id)}/file`);
    button.disabled = false;
    if (status === 200) {
      window.open(data.url, "_blank", "noopener,noreferrer");
      said.className = "lien-fichier";
      said.replaceChildren("Le fichier s'ouvre dans un nouvel onglet. S'il ne s'ouvre pas : ",
        el("a", { href: data.url, target: "_blank", rel: "noopener noreferrer" }, `télécharger ${paper.file_name}`),
        " (lien valable 5 minutes).");
      return;
    }
    said.className = "lien-fichier error";
    if (status === 403) said.textContent = NO_ACCESS;
    else if ([0, 429, 503].includes(status)) said.textContent = retryText(headers);
    else said.textContent = "Le fichier n'a pas pu être ouvert : il a peut-être été supprimé.";
    announce(said.textContent);
  });
  return [button, said];
}

function documentNodes(paper, said) {
  return [
    said,
    facts([
      ["Type de document", paper.document_type_id],
      ["Famille", [paper.family_id, " · ", el("a", { href: `#/famille/${encodeURIComponent(paper.family_id)}`,
        class: "dossier" }, "Dossier de la famille")]],
      ["Concerne", paper.child_id ? `l'enfant ${paper.child_id}` : "toute la famille"],
      ["Fichier", paper.file_name],
      ["Envoyé le", when(paper.uploaded_at)],
      ["État", el("strong", { class: `statut-${paper.status}` }, STATUSES[paper.status] || paper.status)],
      paper.decided_at ? ["Décidé le", when(paper.decided_at)] : null,
      paper.status === "accepted" ? ["Valable jusqu'au", paper.valid_until ? dateFr(paper.valid_until)
        : "sans limite"] : null,
      paper.reason ? ["Motif", el("span", { class: "motif" }, paper.reason)] : null,
    ]),
    WITH_FILE.includes(paper.status) ? fileButton(paper) : null,
  ];
}

function drawDocument(paper, said = null) {
  const form = paper.status === "received" ? decisionForm("document", {
    validity: true,
    messages: MESSAGES,
    send: (body) => call("POST", `/admin/documents/${encodeURIComponent(paper.document_id)}/decision`, body),
    done: (decided) => drawDocument({ ...paper, ...decided },
      el("p", { class: "ok resultat-decision", tabindex: "-1" }, DONE[decided.status] || "Décision enregistrée.")),
  }) : null;
  screen(`${TITLE} – ${paper.file_name}`, documentNodes(paper, said), form,
    el("p", {}, el("a", { href: "#/a-traiter" }, `Retour à « ${INBOX} »`)));
  if (said) said.focus();
}

export const routes = [
  { hash: "#/document", title: TITLE, within: "#/a-traiter", access: "logged-in",
    render: (documentId) => showOne("documents", documentId, WORDS,
      (found) => drawDocument(found)) },
];
