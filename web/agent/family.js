// A family's file (#/famille/{family_id}), as the parents read it in « Mon dossier » (the portal's own view,
// read only: areas/family_file/view.js) with the papers the family sent, each a link to its screen
// (GET /admin/families/{family_id}/file). It holds health data: the API records each reading, and the screen
// says so. Everything is set as text.
import { instantDayFr } from "../core/format.js";
import { el } from "../core/render.js";
import { fileNodes } from "../areas/family_file/view.js";
import { STATUSES } from "./documents.js";
import { ticket } from "./router.js";
import { call, screen, table, trouble, when } from "./session.js";

const TITLE = "Dossier de la famille";

function papers(file) {
  const names = new Map(file.children.map((child) => [child.child_id, `${child.first_name} ${child.last_name}`]));
  if (!file.documents.length) return el("p", {}, "La famille n'a envoyé aucun document.");
  return table("Documents envoyés par la famille", ["Type", "Concerne", "Fichier", "Envoyé le", "État"],
    file.documents.map((paper) => [
      paper.document_type_id,
      paper.child_id ? names.get(paper.child_id) || paper.child_id : "Toute la famille",
      el("a", { href: `#/document/${encodeURIComponent(paper.document_id)}` }, paper.file_name),
      when(paper.uploaded_at),
      STATUSES[paper.status] || paper.status,
    ]), { class: "documents-famille" });
}

function pending(file) {
  const ids = file.pending_request_ids;
  if (!ids.length) return null;
  return [el("h2", {}, "Demandes de modification en attente"),
    el("ul", {}, ids.map((id, i) => el("li", {}, el("a", { href: `#/demande/${encodeURIComponent(id)}` },
      `Demande de modification ${i + 1}`), ` (${id})`)))];
}

async function familyScreen(familyId) {
  const mine = ticket();
  const answer = await call("GET", `/admin/families/${encodeURIComponent(familyId)}/file`);
  if (ticket() !== mine) return;
  if (answer.status === 404) {
    screen(TITLE, el("p", { class: "error" }, "Cette famille est inconnue."),
      el("p", {}, el("a", { href: "#/a-traiter" }, "Retour à « À traiter »")));
    return;
  }
  if (answer.status !== 200) {
    screen(TITLE, trouble(answer, "Le dossier n'a pas pu être chargé."));
    return;
  }
  const file = answer.data;
  const certified = file.certified_at ? `Certifié à jour par la famille le ${instantDayFr(file.certified_at)}.`
    : "Jamais certifié à jour par la famille.";
  screen(`${TITLE} – ${file.label}`,
    el("p", { class: "note" }, "Ce dossier contient des informations de santé : chaque consultation est "
      + "enregistrée au nom de l'agent."),
    el("p", {}, `Famille ${file.family_id}. ${certified}`,
      file.certification_due ? " La mairie attend que la famille le certifie." : ""),
    pending(file),
    fileNodes(file, null),
    el("h2", {}, "Documents envoyés"),
    papers(file),
    el("p", {}, el("a", { href: "#/a-traiter" }, "Retour à « À traiter »")));
}

export const routes = [
  { hash: "#/famille", title: TITLE, within: "#/a-traiter", access: "logged-in",
    render: (familyId) => familyScreen(familyId) },
];
