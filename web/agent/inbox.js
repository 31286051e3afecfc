// « À traiter » (#/a-traiter), the console's home: what awaits the agent in its permissions (GET /agent/inbox):
// the counts, then the items oldest first, each request and document a link to its screen. Summaries are the
// families' words: set as text.
import { el } from "../core/render.js";
import { ticket } from "./router.js";
import { call, screen, table, trouble, when } from "./session.js";

export const TITLE = "À traiter";
const KINDS = { request: "Demande", document: "Document", thread: "Message", appointment: "Rendez-vous" };
const SCREENS = { request: "#/demande", document: "#/document" };
const COUNTS = [["requests", "demande en attente", "demandes en attente"],
  ["documents", "document à vérifier", "documents à vérifier"],
  ["threads", "message sans réponse", "messages sans réponse"],
  ["appointments_today", "rendez-vous aujourd'hui", "rendez-vous aujourd'hui"]];

// An item's subject: a link to its screen (requests and documents), else its text.
function subject(item) {
  const base = SCREENS[item.kind];
  return base ? el("a", { href: `${base}/${encodeURIComponent(item.id)}` }, item.summary) : item.summary;
}

async function inboxScreen() {
  const mine = ticket();
  const answer = await call("GET", "/agent/inbox");
  if (ticket() !== mine) return; // the agent went elsewhere meanwhile, or the session ended
  const refresh = el("button", { type: "button", class: "secondary", id: "actualiser" }, "Actualiser");
  refresh.addEventListener("click", () => inboxScreen());
  if (answer.status !== 200) {
    screen(TITLE, trouble(answer, "La liste de ce qui vous attend n'a pas pu être chargée."), refresh);
    return;
  }
  const inbox = answer.data;
  const counts = el("ul", { class: "compteurs", "aria-label": "En attente" }, COUNTS.map(([key, one, many]) =>
    el("li", { "data-compte": key }, el("span", { class: "nombre" }, String(inbox[key])), " ",
      inbox[key] > 1 ? many : one)));
  const shown = inbox.items.length;
  const total = inbox.requests + inbox.documents;
  const list = shown
    ? table("À traiter, le plus ancien en premier", ["Depuis le", "Type", "Objet"],
      inbox.items.map((item) => [when(item.since), KINDS[item.kind] || item.kind, subject(item)]),
      { class: "a-traiter" })
    : el("p", { class: "rien" }, "Rien à traiter pour le moment.");
  screen(TITLE, counts, list,
    total > shown ? el("p", {}, `Les ${shown} plus anciens sont affichés : traitez-les pour voir les suivants.`)
      : null,
    el("div", { class: "actions" }, refresh));
}

export const routes = [
  { hash: "#/a-traiter", title: TITLE, menu: { label: TITLE, order: 10 }, access: "logged-in", home: true,
    render: () => inboxScreen() },
];
