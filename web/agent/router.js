// The console's router, on the portal's model (core/router.js) for a smaller site: each module of the console
// exports its screens as a route table (console.js lists them), and the menu, the login guard and the dispatch
// are built here from those tables:
//
//   { hash: "#/a-traiter", title: "À traiter", menu: { label: "À traiter", order: 10 }, access: "logged-in",
//     home: true, render: () => inboxScreen() }
//
// - hash "#/name": each segment after it is handed to render as one argument, decoded ("#/demande/R-1"
//   renders ("R-1")); a route with linkToken: true is opened from a mailed link "#/name?token=…": the token is
//   handed to render after it has left the address bar and the history;
// - access: "logged-in" (the guard shows the login screen instead, without changing the address: after
//   logging in, the screen opens), "guest" (a logged-in agent gets the home screen instead) or "anyone";
// - home: the screen shown for no hash or an unknown one, one for guests and one once logged in;
// - permission: the agent's permission a menu entry needs (GET /agent/me, read once a session): an agent
//   without it is not offered the screen (the API refuses it anyway, and the screen says so if opened).
// A session that ends by itself (a 401: the token expired, or the agent was removed) shows the login screen
// in place of the screen, which opens again once logged in.
import { tenant } from "../core/api.js";
import { el } from "../core/render.js";
import { agentMe, holds, loggedIn, logout, SITE, whenLoggedOut } from "./session.js";

const ACCESS = ["logged-in", "guest", "anyone"];
let routes = [];
let drawn = 0; // how many screens were opened: a screen waiting for the API draws only if it is still the last
let notice = null; // what the login screen says first, once: why the session ended
let agent; // the agent's GET /agent/me for the menu: undefined until read this session, null if unreadable
let sessions = 0; // how many sessions ended: a reading of GET /agent/me keeps to its own

// The screen being drawn: a screen compares it after each call, and draws nothing once the agent went elsewhere.
export const ticket = () => drawn;

// What the login screen says first (once), and sets it.
export function takeNotice() {
  const said = notice;
  notice = null;
  return said;
}

export function start(tables) {
  routes = tables.flat().map((route) => ({ access: "anyone", ...route }));
  check(routes);
  whenLoggedOut(() => {
    agent = undefined;
    sessions += 1;
    notice = notice || "Votre session a pris fin : reconnectez-vous pour continuer.";
    dispatch();
  });
  window.addEventListener("hashchange", dispatch);
  document.getElementById("tenant-name").textContent = `· ${tenant}`;
  dispatch();
}

// A table that contradicts itself fails at once, in the browser test.
function check(all) {
  for (const route of all) {
    if (!route.hash || typeof route.render !== "function" || !route.title) {
      throw new Error(`Route incomplete: ${route.hash}`);
    }
    if (!ACCESS.includes(route.access)) throw new Error(`Route ${route.hash}: unknown access ${route.access}`);
    if (all.filter((other) => other.hash === route.hash).length > 1) throw new Error(`Twice: ${route.hash}`);
  }
  for (const side of [false, true]) {
    if (all.filter((route) => route.home && may(route, side)).length !== 1) throw new Error("One home screen each");
  }
}

const may = (route, isLoggedIn) => route.access === "anyone" || (route.access === "logged-in") === isLoggedIn;
// A menu entry needing a permission waits for the agent's permissions; unreadable, it is offered.
const offered = (route) => !route.permission || (agent !== undefined && holds(agent, route.permission));
const home = (isLoggedIn) => routes.find((route) => route.home && may(route, isLoggedIn));

function decoded(text) {
  try { return decodeURIComponent(text); } catch { return text; }
}

// A hash's route, the segments after its name (decoded), and its query ("#/invitation?token=…").
function parse(hash) {
  const [path, query = ""] = hash.split("?");
  const [, name, ...rest] = path.split("/");
  const route = name === undefined ? undefined : routes.find((r) => r.hash === `#/${name}`);
  return { route, args: rest.map(decoded), params: new URLSearchParams(query) };
}

// The menu: the screens the agent may open, in their order, the one shown marked; « Se déconnecter » beside the
// console's name once logged in.
function drawMenu(current) {
  const entries = routes.filter((route) => route.menu && may(route, loggedIn()) && offered(route))
    .sort((a, b) => a.menu.order - b.menu.order);
  const here = current && (current.within || current.hash);
  document.getElementById("menu").replaceChildren(...entries.map((route) => el("li", {},
    el("a", route.hash === here ? { href: route.hash, "aria-current": "page" } : { href: route.hash },
      route.menu.label))));
  const button = loggedIn() ? el("button", { type: "button", id: "deconnexion" }, "Se déconnecter") : null;
  if (button) {
    button.addEventListener("click", async () => {
      button.disabled = true;
      notice = "Vous êtes déconnecté de l'espace agent.";
      await logout(true);
    });
  }
  document.getElementById("session").replaceChildren(...(button ? [button] : []));
}

function dispatch() {
  drawn += 1;
  const { route, args, params } = parse(location.hash);
  if (route && route.linkToken) {
    const linkToken = params.get("token");
    if (linkToken) history.replaceState(null, "", `${location.pathname}${location.search}${route.hash}`);
    return open(route, [linkToken]);
  }
  return open(route || home(loggedIn()), args);
}

// The login guard: a screen the agent may not open gives way to the home screen of their side (the login
// screen when logged out), without changing the address.
function open(route, args) {
  const shown = may(route, loggedIn()) ? route : home(loggedIn());
  drawMenu(shown);
  if (loggedIn() && !agent) { // the permissions read (once a session, session.js), then the menu drawn again
    const [mine, session] = [drawn, sessions];
    agentMe().then((answer) => {
      if (session !== sessions) return;
      agent = answer.status === 200 ? answer.data : null;
      if (drawn === mine) drawMenu(shown);
    });
  }
  document.title = `${shown.title} – ${SITE}`;
  return shown === route ? route.render(...args) : shown.render();
}

// Once logged in: the screen the guard held back (with its arguments), else the home screen.
export function enter() {
  const { route } = parse(location.hash);
  if (route && route.access === "logged-in") setTimeout(dispatch); else go(home(true).hash);
}

// To a screen by its hash; the same hash again still redraws it, a task later, as a hashchange would.
export function go(hash) {
  if (location.hash === hash) setTimeout(dispatch); else location.hash = hash;
}
