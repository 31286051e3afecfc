// The home ("Accueil", #/accueil), where a parent lands once logged in: at a glance, each block headed by a
// link to its screen,
// - the invoices to pay and their balance: one page of the "to_pay" invoices (GET /invoices, whose `to_pay`
//   counts all of them), never a call per invoice;
// - the next bookings, today and the 13 days after it: GET /children, then one calendar per child and
//   activity (at most MAX_CALENDARS of them, in parallel);
// - the requests the town answered since the previous visit: one page of GET /requests, kept to those decided
//   after it (the first visit: the last 30 days).
// The blocks load in parallel; one that fails says so in its place, without the others waiting for it.
import { api, tenant } from "../core/api.js";
import { dateFr, dayFr, euros, instantFr, todayParis } from "../core/format.js";
import { el, showNodes } from "../core/render.js";
import { addDays, calendarHash, childPath, plural } from "./bookings/shared.js";
import { STATUSES } from "./requests.js";

const TITLE = "Accueil";
const INVOICES_SHOWN = 3;
const DAYS_AHEAD = 14;
const MAX_CALENDARS = 8;
const BOOKINGS_SHOWN = 6;
const ANSWERS_SHOWN = 5;
const FIRST_VISIT_DAYS = 30;
const DAY_MS = 86400000;

// A block: its heading, a link to its screen, and its content, "Chargement…" until ``fill`` replaces it.
function block(id, label, hash) {
  const body = el("div", { class: "bloc-contenu" }, el("p", {}, "Chargement…"));
  const section = el("section", { class: "bloc-accueil", "aria-labelledby": id },
    el("h2", { id }, el("a", { href: hash }, label)), body);
  return { section, fill: (...nodes) => body.replaceChildren(...nodes.flat(Infinity).filter(Boolean)) };
}

const failed = (what) => el("p", { class: "error" }, `${what} n'ont pas pu être chargées. Réessayez plus tard.`);
const list = (items, shown, line) => el("ul", {}, items.slice(0, shown).map((item) => el("li", {}, line(item))));
const others = (total, shown, one, many) => (total > shown
  ? el("p", {}, `Et ${plural(total - shown, one, many)}.`) : null);

// ---- Invoices ------------------------------------------------------------------------------------------

async function invoices(fill) {
  const query = new URLSearchParams({ status: "to_pay", limit: String(INVOICES_SHOWN) });
  const { status, data } = await api("GET", `/invoices?${query}`);
  if (status !== 200) return fill(failed("Vos factures"));
  const { count, balance_cents: balance } = data.to_pay;
  if (!count) return fill(el("p", {}, "Aucune facture à payer."));
  return fill(el("p", { class: "solde" }, `${plural(count, "facture", "factures")} à payer, solde : ${euros(balance)}`),
    list(data.items, INVOICES_SHOWN, (inv) => [
      el("a", { href: `#/facture/${encodeURIComponent(inv.invoice_id)}` }, `Facture n° ${inv.number}`),
      ` : ${euros(inv.balance_cents)} à payer, échéance le ${dateFr(inv.due_date)}`]),
    others(count, INVOICES_SHOWN, "autre facture à payer", "autres factures à payer"));
}

// ---- The next bookings ---------------------------------------------------------------------------------

async function bookings(fill) {
  const { status, data } = await api("GET", "/children");
  if (status !== 200) return fill(failed("Vos réservations"));
  if (!data.items.length) {
    return fill(el("p", {}, "Aucun enfant à afficher : abonnez-vous d'abord à votre famille dans ",
      el("a", { href: "#/abonnements" }, "Mes abonnements"), "."));
  }
  const from = todayParis();
  const to = addDays(from, DAYS_AHEAD - 1);
  const pairs = data.items.flatMap((child) => child.activities.map((activity) => ({ child, activity })));
  const asked = pairs.slice(0, MAX_CALENDARS);
  const answers = await Promise.all(asked.map(({ child, activity }) => api("GET",
    `${childPath(child.child_id)}/calendar?${new URLSearchParams({ activity_id: activity.activity_id, from, to })}`)));
  const found = answers.flatMap((answer, i) => (answer.status !== 200 ? [] : answer.data.days.flatMap((day) => day
    .units.filter((unit) => unit.status === "booked" || unit.status === "waiting")
    .map((unit) => ({ ...asked[i], date: day.date, unit })))));
  found.sort((a, b) => (a.date === b.date ? 0 : (a.date < b.date ? -1 : 1)));
  const missing = answers.some((answer) => answer.status !== 200);
  return fill(found.length ? list(found, BOOKINGS_SHOWN, ({ child, activity, date, unit }) => [
    el("a", { href: calendarHash(child.child_id, activity.activity_id, date) }, `${dayFr(date)} : ${child.first_name}`),
    `, ${unit.label} (${activity.label})${unit.status === "waiting" ? ", en liste d'attente" : ""}`])
    : el("p", {}, "Aucune réservation dans les deux prochaines semaines."),
  others(found.length, BOOKINGS_SHOWN, "autre réservation", "autres réservations"),
  missing ? failed("Certaines réservations") : null,
  pairs.length > asked.length ? el("p", {}, "Les réservations des autres activités sont dans Réservations.") : null);
}

// ---- The answers to requests ---------------------------------------------------------------------------

// The previous visit of this account to this municipality's portal, kept in localStorage under a digest of
// its email (no address is left in the browser). A visit lasts as long as the tab's session: the home shows
// the same answers however often it is opened in it, and the next visit counts from the last time it was.
async function previousVisit(me) {
  const now = new Date().toISOString();
  if (me.status !== 200) return new Date(Date.now() - FIRST_VISIT_DAYS * DAY_MS).toISOString();
  const key = `accueil:${tenant}:${await digest(me.data.email.trim().toLowerCase())}`;
  let since = sessionStorage.getItem(key);
  if (!since) {
    since = localStorage.getItem(key) || new Date(Date.now() - FIRST_VISIT_DAYS * DAY_MS).toISOString();
    sessionStorage.setItem(key, since);
  }
  localStorage.setItem(key, now);
  return since;
}

async function digest(text) {
  if (!crypto.subtle) return text; // only a page served over plain HTTP from another host lacks it
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

async function answeredRequests(fill, me) {
  const [{ status, data }, since] = await Promise.all([api("GET", "/requests?limit=100"), me.then(previousVisit)]);
  if (status !== 200) return fill(failed("Les réponses à vos demandes"));
  const after = Date.parse(since);
  const answered = data.items.filter((r) => r.decided_at && Date.parse(r.decided_at) > after)
    .sort((a, b) => Date.parse(b.decided_at) - Date.parse(a.decided_at));
  if (!answered.length) return fill(el("p", {}, "Aucune nouvelle réponse depuis votre dernière visite."));
  return fill(list(answered, ANSWERS_SHOWN, (request) => [
    el("a", { href: "#/demandes" }, request.summary),
    ` : ${(STATUSES[request.status] || request.status).toLowerCase()} le ${instantFr(request.decided_at)}`]),
  others(answered.length, ANSWERS_SHOWN, "autre réponse", "autres réponses"));
}

// ---- The screen ----------------------------------------------------------------------------------------

function homeScreen() {
  const blocks = [block("accueil-factures", "Mes factures à payer", "#/factures"),
    block("accueil-reservations", "Mes prochaines réservations", "#/famille"),
    block("accueil-demandes", "Réponses à mes demandes", "#/demandes")];
  const hello = el("p", { class: "bonjour" });
  showNodes(TITLE, hello, blocks.map((b) => b.section));
  const me = api("GET", "/me");
  me.then(({ status, data }) => {
    if (status === 200) hello.textContent = `Bonjour ${data.first_name} ${data.last_name}.`;
  }, () => {}); // the answers' block says when the API cannot be reached
  const [bills, booked, answered] = blocks;
  // Each block on its own: an exception in one (a network failure) is said there and stops nothing else.
  const guard = (run, { fill }, what) => run(fill).catch(() => fill(failed(what)));
  guard(invoices, bills, "Vos factures");
  guard(bookings, booked, "Vos réservations");
  guard((fill) => answeredRequests(fill, me), answered, "Les réponses à vos demandes");
}

export const routes = [
  { hash: "#/accueil", title: TITLE, menu: { label: TITLE, order: 1 }, access: "logged-in", home: true,
    render: () => homeScreen() },
];
