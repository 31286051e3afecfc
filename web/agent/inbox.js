// « À traiter » (#/a-traiter), the console's home: what awaits the agent in its permissions (GET /agent/inbox):
// the counts of the kinds its permissions hold (GET /agent/me), then the items oldest first, each request,
// document and thread a link to its screen, and each of today's appointments a link to the day's appointments
// (their agenda not given: appointments.js opens the one used last in the tab, else the first). Summaries may hold
// what families typed (a parent's name): set as text.
import { el } from "../core/render.js";
import { ticket } from "./router.js";
import { agentMe, call, holds, screen, table, trouble, when } from "./session.js";

export const TITLE = "À traiter";
const KINDS = { request: "Demande", document: "Document", thread: "Message", appointment: "Rendez-vous" };
const SCREENS = { request: "#/demande", document: "#/document", thread: "#/threads" };
const APPOINTMENTS = "#/appointments"; // today's, the item's agenda not given
// Each count: the inbox's key, the permission it needs, and its words for one and many.
const COUNTS = [["requests", "requests", "demande en attente", "demandes en attente"],
  ["documents", "documents", "document à vérifier", "documents à vérifier"],
  ["threads", "messages", "message sans réponse", "messages sans réponse"],
  ["appointments_today", "appointments", "rendez-vous aujourd'hui", "rendez-vous aujourd'hui"]];

// An item's subject: a link to its screen (requests, documents and threads; today's appointments), else its text.
function subject(item) {
  if (item.kind === "appointment") return el("a", { href: APPOINTMENTS }, item.summary);
  const base = SCREENS[item.kind];
  return base ? el("a", { href: `${base}/${encodeURIComponent(item.id)}` }, item.summary) : item.summary;
}

async function inboxScreen() {
  const mine = ticket();
  const [answer, me] = await Promise.all([call("GET", "/agent/inbox"), agentMe()]);
  if (ticket() !== mine) return; // the agent went elsewhere meanwhile, or the session ended
  const refresh = el("button", { type: "button", class: "secondary", id: "actualiser" }, "Actualiser");
  refresh.addEventListener("click", () => inboxScreen());
  if (answer.status !== 200) {
    screen(TITLE, trouble(answer, "La liste de ce qui vous attend n'a pas pu être chargée."), refresh);
    return;
  }
  const inbox = answer.data;
  const agent = me.status === 200 ? me.data : null; // unknown: every count, as the API gives them
  const held = COUNTS.filter(([, permission]) => holds(agent, permission));
  const counts = held.length ? el("ul", { class: "compteurs", "aria-label": "En attente" },
    held.map(([key, , one, many]) => el("li", { "data-compte": key },
      el("span", { class: "nombre" }, String(inbox[key])), " ", inbox[key] > 1 ? many : one))) : null;
  const shown = inbox.items.length;
  const total = inbox.requests + inbox.documents + inbox.threads + inbox.appointments_today; // what items list
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
