// The router. Each area module exports its screens as one route table (app.js lists the areas); the menu,
// the login guard and the dispatch are all built here from those tables, so a screen is declared once:
//
//   { hash: "#/factures", title: "Espace facturation", menu: { label: "Espace facturation", order: 20 },
//     access: "logged-in", render: () => invoicesScreen() }
//
// - hash "#/name" (each segment after "#/name/" is handed to render as one argument, decoded:
//   "#/calendrier/E-001/CANT-JF" renders ("E-001", "CANT-JF")), or "#/name/part" (a screen of its own, which
//   wins over "#/name" with the argument "part"), or path "/name": a page that a mailed link opens with
//   ?token=…, handed to render after it has left the address bar and the history;
// - title: the screen's name, the tab's title while it loads;
// - menu (optional): its label and its place in the menu; the menu lists the screens the visitor may open.
//   With a group ({ label, order, group: GROUPS.family }) the entry goes in that group's list, under its
//   name; the groups and the entries outside any take their places by their smallest order;
// - within (optional): the hash of the menu entry a screen without one of its own belongs to ("#/demandes"
//   for "#/demandes/attestation"): the plan du site lists it under that entry, and the menu marks that entry
//   as the current page while it is shown;
// - access: "logged-in" (the guard shows the login screen instead), "guest" (a logged-in person gets the
//   home screen instead) or "anyone" (the default);
// - home (optional): the screen shown for no hash or an unknown one: one for guests, one when logged in.
import { logout, loggedIn, tenant, whenLoggedOut } from "./api.js";
import { el } from "./render.js";

const ACCESS = ["logged-in", "guest", "anyone"];

// The menu's groups, named as in the user guide.
export const GROUPS = { citizen: "Mon espace citoyen", family: "Espace famille" };

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
    if ((route.menu || route.home || route.within) && !route.hash) throw new Error(`Route ${where}: needs a hash`);
    if (route.within && !all.some((other) => other.menu && other.hash === route.within)) {
      throw new Error(`Route ${where}: within ${route.within}, which is no menu entry`);
    }
    if (all.filter((other) => (other.hash || other.path) === where).length > 1) throw new Error(`Twice: ${where}`);
  }
  for (const side of [false, true]) {
    if (all.filter((route) => route.home && may(route, side)).length !== 1) throw new Error("One home screen each");
  }
}

const may = (route, isLoggedIn) => route.access === "anyone" || (route.access === "logged-in") === isLoggedIn;
const home = (isLoggedIn) => routes.find((route) => route.home && may(route, isLoggedIn));

// The menu as a tree: the entries the visitor may open, in their order, each group ({group, entries}) at the
// place of its first entry. The plan du site (areas/sitemap.js) draws the same tree.
export function menuTree() {
  const entries = routes.filter((route) => route.menu && may(route, loggedIn()))
    .sort((a, b) => a.menu.order - b.menu.order);
  const tree = [];
  for (const route of entries) {
    const name = route.menu.group;
    const group = name && tree.find((node) => node.group === name);
    if (group) group.entries.push(route);
    else tree.push(name ? { group: name, entries: [route] } : route);
  }
  return tree;
}

// The screens without a menu entry that belong to ``route`` (its "within"), for the plan du site.
export const screensWithin = (route) => routes.filter((other) => other.within === route.hash
  && may(other, loggedIn()));

// The menu: a list of links, a group a list of its own under its name; "Se déconnecter" once logged in, beside
// the portal's name (the menu's line keeps its room for the screens). The entry of the screen shown (or the one
// it is "within") carries aria-current="page".
export function drawMenu() {
  const [current] = match(location.hash);
  const here = current && (current.within || current.hash);
  const link = (route) => el("li", {}, el("a", route.hash === here ? { href: route.hash, "aria-current": "page" }
    : { href: route.hash }, route.menu.label));
  const items = menuTree().map((node, i) => (node.group
    ? el("li", { class: "groupe" }, el("span", { class: "groupe-nom", id: `menu-groupe-${i}` }, node.group),
      el("ul", { "aria-labelledby": `menu-groupe-${i}` }, node.entries.map(link)))
    : link(node)));
  const button = loggedIn() ? el("button", { type: "button", id: "deconnexion" }, "Se déconnecter") : null;
  if (button) button.addEventListener("click", () => logout(true));
  document.getElementById("menu").replaceChildren(...items);
  document.getElementById("session").replaceChildren(...(button ? [button] : []));
}

// The route of a hash and the arguments handed to it: "#/name/part" when it is a screen of its own, else
// "#/name" with the segments after it, decoded.
function match(hash) {
  const [, name, arg, ...more] = hash.split("/");
  if (name === undefined) return [undefined, []];
  const own = arg !== undefined && routes.find((route) => route.hash === `#/${name}/${arg}`);
  if (own) return [own, more.map(decoded)];
  return [routes.find((route) => route.hash === `#/${name}`), [arg || "", ...more].map(decoded)];
}

function dispatch() {
  drawMenu();
  const page = routes.find((route) => route.path && route.path === location.pathname);
  if (page && new URLSearchParams(location.search).get("token")) return open(page, [takeToken()]);
  const [route, args] = match(location.hash);
  return route ? open(route, args) : open(home(loggedIn()));
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
  const [held] = match(location.hash);
  if (held && held.access === "logged-in") setTimeout(dispatch); else go(home(true));
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
