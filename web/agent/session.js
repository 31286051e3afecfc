// What every screen of the agents' console shares: the agent's API client (core/api.js's, its token under its
// own key, so that a parent's session in another screen of the site never mixes with it), a call that never
// throws, who the agent is (its name and permissions, read once a session), a screen drawn as text nodes, the
// answers every screen says the same way (no access, try again), and the API's values in French.
import { sessionClient } from "../core/api.js";
import { instantFr } from "../core/format.js";
import { el, showNodes } from "../core/render.js";

const client = sessionClient("agent_access_token", "/agent/sessions/current");
export const { loggedIn, logout } = client;
let me = null; // the agent's own GET /agent/me, once read (a promise of its answer); forgotten with the session

export const SITE = "Espace agent";

// A call that fails to reach the API answers as a 503 without Retry-After would.
export async function call(method, path, body) {
  try { return await client.api(method, path, body); } catch { return { status: 0, data: null, headers: null }; }
}

// The token of a new session: who the agent is is read again.
export function keepToken(accessToken) {
  me = null;
  client.keepToken(accessToken);
}

// What happens once logged out (the router's login screen): who the agent was is forgotten first.
export function whenLoggedOut(callback) {
  client.whenLoggedOut(() => {
    me = null;
    callback();
  });
}

// The agent calling (GET /agent/me: its names, permissions and services), read once a session: the answer
// { status, data, headers }; a failed read is tried again at the next call.
export function agentMe() {
  if (!me) {
    me = call("GET", "/agent/me").then((answer) => {
      if (answer.status !== 200) me = null;
      return answer;
    });
  }
  return me;
}

// Whether the agent (GET /agent/me's data) holds a permission; unknown (null): assumed, the API refuses anyway.
export const holds = (agent, permission) => !agent || agent.permissions.includes(permission);

// The agent's name as the API signs its messages: « Camille Agent ».
export const agentName = (agent) => `${agent.first_name} ${agent.last_name}`;

// A screen: its heading (and the tab's title), then its nodes, every text of the API a text node.
export function screen(title, ...nodes) {
  showNodes(title, ...nodes);
  document.title = `${title} – ${SITE}`;
}

// How long to wait, from Retry-After (seconds), in French: « 40 secondes », « 15 minutes »; null without it.
export function waitFor(headers) {
  const seconds = Number(headers && headers.get("Retry-After"));
  if (!seconds) return null;
  return seconds < 90 ? `${seconds} seconde${seconds > 1 ? "s" : ""}` : `${Math.ceil(seconds / 60)} minutes`;
}

export function retryText(headers) {
  const wait = waitFor(headers);
  return wait ? `Le service est momentanément indisponible : réessayez dans ${wait}.`
    : "Le service est momentanément indisponible : réessayez dans quelques instants.";
}

export const NO_ACCESS = "Vous n'avez pas accès à cette partie.";

// What a screen says for an answer it cannot draw: 403 (the agent lacks this route's permission), the API
// out of reach or throttled, or another failure (``what``: « La demande n'a pas pu être chargée. »). A 401 is
// never said: the session ends, and the router shows the login screen instead.
export function trouble(answer, what) {
  if (answer.status === 403) {
    return [el("p", { class: "error acces-refuse" }, NO_ACCESS),
      el("p", {}, "Si votre travail le demande, votre mairie peut ajouter cette permission à votre accès."),
      el("p", {}, el("a", { href: "#/a-traiter" }, "Retour à « À traiter »"))];
  }
  if ([0, 429, 503].includes(answer.status)) return [el("p", { class: "error" }, retryText(answer.headers))];
  return [el("p", { class: "error" }, `${what} Réessayez plus tard.`)];
}

// ---- Values in French ----------------------------------------------------------------------------------

const CIVILITIES = { M: "M.", MME: "Mme" };

// A person as the API names them: « Mme Léa MARTIN ».
export const personName = (person) => [CIVILITIES[person.civility] || person.civility, person.first_name,
  person.last_name].filter(Boolean).join(" ");

// An instant, or « — » for none.
export const when = (stamp) => (stamp ? instantFr(stamp) : "—");

// Facts as a definition list: [term, value] pairs (a value: text, a node or a list of them); null pairs left out.
export const facts = (pairs) => el("dl", { class: "faits" },
  pairs.filter(Boolean).map(([term, value]) => [el("dt", {}, term), el("dd", {}, value)]));

// A table drawn from text: its caption, its column names, and a row of cells (text or nodes) per line.
export function table(caption, columns, rows, attributes = {}) {
  return el("table", attributes,
    el("caption", {}, caption),
    el("thead", {}, el("tr", {}, columns.map((label) => el("th", { scope: "col" }, label)))),
    el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((cell) => el("td", {}, cell))))));
}
