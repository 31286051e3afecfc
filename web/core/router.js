// The router. Each area module exports its screens as one route table (app.js lists the areas); the menu,
// the login guard and the dispatch are all built here from those tables, so a screen is declared once:
//
//   { hash: "#/factures", title: "Espace facturation", menu: { label: "Espace facturation", order: 20 },
//     access: "logged-in", home: true, render: () => invoicesScreen() }
//
// - hash "#/name" (each segment after "#/name/" is handed to render as one argument, decoded:
//   "#/calendrier/E-001/CANT-JF" renders ("E-001", "CANT-JF")), or path "/name": a page that a
//   mailed link opens with ?token=…, handed to render after it has left the address bar and the history;
// - title: the screen's name, the tab's title while it loads;
// - menu (optional): its label and its place in the menu; the menu lists the screens the visitor may open;
// - access: "logged-in" (the guard shows the login screen instead), "guest" (a logged-in person gets the
//   home screen instead) or "anyone" (the default);
// - home (optional): the screen shown for no hash or an unknown one: one for guests, one when logged in.
import { logout, loggedIn, tenant, whenLoggedOut } from "./api.js";
import { esc } from "./render.js";

const ACCESS = ["logged-in", "guest", "anyone"];
let routes = [];

export function start(tables) {
  routes = tables.flat().map((route) => ({ access: "anyone", ...route }));
  check(routes);
  whenLoggedOut(() => go(home(false)));
  window.addEventListener("hashchange", dispatch);
  document.getElementById("tenant-name").textContent = `· ${tenant}`;
  dispatch();
}

// A table that contradicts itself fails at once, in the browser test, rather than in a parent's hands.
function check(all) {
  for (const route of all) {
    const where = route.hash || route.path;
    if (!where || typeof route.render !== "function" || !route.title) throw new Error(`Route incomplete: ${where}`);
    if (!ACCESS.includes(route.access)) throw new Error(`Route ${where}: unknown access ${route.access}`);
    if ((route.menu || route.home) && !route.hash) throw new Error(`Route ${where}: a menu entry needs a hash`);
    if (all.filter((other) => (other.hash || other.path) === where).length > 1) throw new Error(`Twice: ${where}`);
  }
  for (const side of [false, true]) {
    if (all.filter((route) => route.home && may(route, side)).length !== 1) throw new Error("One home screen each");
  }
}

const may = (route, isLoggedIn) => route.access === "anyone" || (route.access === "logged-in") === isLoggedIn;
const home = (isLoggedIn) => routes.find((route) => route.home && may(route, isLoggedIn));

// The menu: the screens the visitor may open, in their order, and "Se déconnecter" once logged in.
export function drawMenu() {
  const items = routes.filter((route) => route.menu && may(route, loggedIn()))
    .sort((a, b) => a.menu.order - b.menu.order)
    .map((route) => `<li><a href="${esc(route.hash)}">${esc(route.menu.label)}</a></li>`);
  const out = loggedIn() ? '<li><button type="button" id="deconnexion">Se déconnecter</button></li>' : "";
  document.getElementById("menu").innerHTML = items.join("") + out;
  const button = document.getElementById("deconnexion");
  if (button) button.addEventListener("click", () => logout(true));
}

function dispatch() {
  drawMenu();
  const page = routes.find((route) => route.path && route.path === location.pathname);
  if (page && new URLSearchParams(location.search).get("token")) return open(page, [takeToken()]);
  const [, name, arg, ...more] = location.hash.split("/");
  const route = name === undefined ? undefined : routes.find((r) => r.hash === `#/${name}`);
  return route ? open(route, [arg || "", ...more].map(decoded)) : open(home(loggedIn()));
}

// The login guard: a screen the visitor may not open gives way to the home screen of their side
// (the login screen for a guest), without changing the address: after logging in, it opens.
function open(route, args = []) {
  const shown = may(route, loggedIn()) ? route : home(loggedIn());
  document.title = `${shown.title} – Portail citoyen`;
  return shown === route ? route.render(...args) : shown.render();
}

// Once logged in: the screen that the guard held back (with its arguments: "#/calendrier/E-001/CANT-JF"),
// else the home screen.
export function enter() {
  const [, name] = location.hash.split("/");
  const held = routes.find((route) => route.hash === `#/${name}` && route.access === "logged-in");
  if (held) setTimeout(dispatch); else go(home(true));
}

// To a screen by its hash; the same hash again still redraws it, a task later, as a hashchange would
// (after the screen that was waiting for the API has drawn itself).
function go(route) {
  if (location.hash === route.hash) setTimeout(dispatch); else location.hash = route.hash;
}

function decoded(text) {
  try { return decodeURIComponent(text); } catch { return text; }
}

// Opened from a mailed link: the token leaves the address bar and the history at once.
function takeToken() {
  const linkToken = new URLSearchParams(location.search).get("token");
  history.replaceState(null, "", "/");
  return linkToken;
}
