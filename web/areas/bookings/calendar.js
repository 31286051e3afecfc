// Bookings, a child's calendar for one activity (#/calendrier/{child}/{activity}[/{monday}]): the open days,
// a week on a phone and four on a desktop, each unit a toggle with its status, price, places and deadline;
// the changes kept until "Enregistrer" sends them (POST …/bookings, 400 a request) and shows the outcome of
// each. The semaine type (week.js) and the absence (absence.js) forms sit under it.
import { api } from "../../core/api.js";
import { dayFr, euros, instantFr, todayParis } from "../../core/format.js";
import { problemText } from "../../core/problems.js";
import { announce, esc, show } from "../../core/render.js";
import { absenceForm, bindAbsence } from "./absence.js";
import { NOT_FOUND, addDays, byDate, cal, calendarHash, childPath, fetchDays, held, isIso, keyOf, learn, mondayOf,
  openCalendar, plural, showOutcome, splitKey, toggleable, what } from "./shared.js";
import { bindTypeWeek, fillTypeUnits, typeWeekForm } from "./week.js";

const MAX_CHANGES = 400; // a booking request: at most 400 changes
const PHONE = window.matchMedia("(max-width: 40rem)");

// A booking's refusal (POST …/bookings, results[].code), in French.
const REFUSALS = {
  not_open: "ce jour n'est pas ouvert",
  file_not_certified: "dossier à certifier",
  documents_missing: "pièces manquantes",
  deadline_passed: "la date limite est passée",
  booking_not_open: "les réservations ne sont pas encore ouvertes",
  full: "complet",
};

// Why a unit cannot be booked now (GET …/calendar, units[].refusal), and where the parent puts it right.
const REASONS = {
  file_not_certified: "Dossier à certifier",
  documents_missing: "Pièces manquantes",
  deadline_passed: "Date limite dépassée",
  booking_not_open: "Réservations pas encore ouvertes",
  full: "Complet",
};
const familyHash = (screen) => `#/${screen}/${encodeURIComponent(cal.child.family_id)}`;
const REMEDIES = {
  file_not_certified: [" dans ", "dossier", "Mon dossier"],
  documents_missing: [", à envoyer dans ", "documents", "Mes documents"],
};
function remedy(code) {
  const [words, screen, label] = REMEDIES[code];
  return `${words}<a href="${familyHash(screen)}">${label}</a>`;
}

function statusText(unit) {
  if (unit.status === "booked") return "réservé";
  if (unit.status === "waiting") {
    const n = unit.waiting_position;
    return n ? `en liste d'attente (${n === 1 ? "1re" : `${n}e`})` : "en liste d'attente";
  }
  if (unit.status === "absent") return "absent";
  if (unit.places_left === 0) return unit.bookable ? "complet : liste d'attente possible" : "complet";
  return unit.bookable ? "non réservé" : "non réservable";
}

function placesText(unit) {
  const left = unit.places_left;
  if (left === null || left === undefined) return "";
  if (left > 0) return plural(left, "place restante", "places restantes");
  return unit.status ? "aucune place restante" : ""; // otherwise "complet" says it
}

// The deadline that matters now: cancelling what is booked or waiting, else booking; in Paris time.
function deadlineText(unit) {
  const stamp = held(unit) ? unit.cancellation_deadline : unit.booking_deadline;
  if (!stamp) return "";
  if (toggleable(unit)) return `modifiable jusqu'au ${instantFr(stamp)}`;
  return Date.parse(stamp) <= Date.now() ? `plus modifiable depuis le ${instantFr(stamp)}` : "";
}

// The unit's refusal, on a line of its own, when the status does not say it already (« complet »).
function reasonText(unit) {
  const reason = !unit.status && !unit.bookable && REASONS[unit.refusal];
  if (!reason || (unit.refusal === "full" && unit.places_left === 0)) return "";
  return `<span class="raison">${reason}${REMEDIES[unit.refusal] ? remedy(unit.refusal) : ""}</span>`;
}

function unitDetails(unit, key) {
  const change = cal.pending.has(key)
    ? `<strong class="a-faire">${cal.pending.get(key) ? "à réserver" : "à annuler"} (non enregistré)</strong> · `
    : "";
  return change + [`<strong class="statut">${statusText(unit)}</strong>`, euros(unit.price_cents), placesText(unit),
    deadlineText(unit)].filter(Boolean).join(" · ") + reasonText(unit);
}

function unitItem(day, unit) {
  const key = keyOf(day.date, unit.unit_id);
  const id = `u${cal.ids++}`;
  const wanted = cal.pending.has(key) ? cal.pending.get(key) : held(unit);
  const classes = ["unite", unit.status || "libre", cal.pending.has(key) ? "modifie" : ""].join(" ").trim();
  return `<li class="${classes}">
    <input type="checkbox" id="${id}" data-key="${esc(key)}" data-date="${esc(day.date)}"
      data-unit="${esc(unit.unit_id)}" aria-label="${esc(`${unit.label}, ${dayFr(day.date)}`)}"
      aria-describedby="${id}-etat"${wanted ? " checked" : ""}${toggleable(unit) ? "" : " disabled"}>
    <label for="${id}">${esc(unit.label)}</label>
    <span class="etat" id="${id}-etat">${unitDetails(unit, key)}</span></li>`;
}

function dayCard(day) {
  return `<li class="jour"><h3>${dayFr(day.date)}</h3>
    <ul class="unites">${day.units.map((unit) => unitItem(day, unit)).join("")}</ul></li>`;
}

// The days shown, a week under each heading (open days only: the API lists no other).
function drawGrid() {
  const grid = document.getElementById("grille");
  cal.ids = 0;
  const weeks = new Map();
  for (const day of cal.days) {
    const monday = mondayOf(day.date);
    weeks.set(monday, [...(weeks.get(monday) || []), day]);
  }
  grid.innerHTML = weeks.size ? [...weeks].map(([monday, days]) => `<h2>Semaine du ${dayFr(monday)}</h2>
    <ul class="jours">${days.map(dayCard).join("")}</ul>`).join("")
    : "<p>Aucun jour ouvert pour cette activité sur cette période.</p>";
  drawPending();
}

function drawPending() {
  const n = cal.pending.size;
  const outside = [...cal.pending.keys()].filter((key) => {
    const [date] = splitKey(key);
    return date < cal.from || date > cal.to;
  }).length;
  document.getElementById("en-attente").textContent = n
    ? `${plural(n, "changement", "changements")} à enregistrer`
      + `${outside ? ` (dont ${outside} hors de la période affichée)` : ""}.`
    : "Aucun changement à enregistrer.";
}

function rangeText() {
  return `Du ${dayFr(cal.from, true)} au ${dayFr(cal.to, true)}`;
}

// (Re)load the range shown from the API and draw it; false when the API said no.
async function load() {
  const [mine, asked] = [cal, ++cal.loads];
  const { days, problem } = await fetchDays(cal.from, cal.to);
  if (cal !== mine || asked !== cal.loads) return false; // the parent left, or moved on, meanwhile
  if (problem) {
    document.getElementById("grille").innerHTML = `<p class="error">${esc(problemText(problem,
      "Le calendrier n'a pas pu être chargé.", NOT_FOUND))}</p>`;
    return false;
  }
  learn(days);
  cal.days = days;
  document.getElementById("periode").textContent = rangeText();
  drawGrid();
  fillTypeUnits();
  return true;
}

async function move(weeks) {
  cal.start = addDays(cal.start, 7 * weeks);
  cal.from = cal.start;
  cal.to = addDays(cal.start, 7 * cal.weeks - 1);
  history.replaceState(null, "", calendarHash(cal.childId, cal.activityId, cal.start));
  const form = document.getElementById("semaine-type");
  if (!form.dataset.touched) [form.from.value, form.to.value] = [cal.from, cal.to];
  if (await load()) announce(rangeText());
}

export async function calendarScreen(childId, activityId, start) {
  openCalendar(null);
  const { status, data } = await api("GET", "/children");
  if (status !== 200) return show("Calendrier", '<p class="error">Impossible de charger vos enfants.</p>');
  const child = data.items.find((c) => c.child_id === childId);
  if (!child) return show("Calendrier", `<p class="error">${NOT_FOUND.child_not_found}</p>${BACK}`);
  const activity = child.activities.find((a) => a.activity_id === activityId)
    || { activity_id: activityId, label: activityId, nature: "", from: "", to: "" };
  const today = todayParis();
  const weeks = PHONE.matches ? 1 : 4; // a week on a phone, four on a desktop
  const first = isIso(start) ? start : [today, activity.from].sort().reverse()[0];
  openCalendar({ childId, activityId, child, activity, weeks, start: mondayOf(first), days: [], ids: 0,
    loads: 0, pending: new Map(), units: new Map() });
  cal.from = cal.start;
  cal.to = addDays(cal.start, 7 * weeks - 1);
  const step = weeks === 1 ? "la semaine" : `les ${weeks} semaines`;
  show(`Calendrier de ${child.first_name}`, `<p class="activite">${esc(activity.label)}${activity.nature
    ? ` · ${esc(activity.nature)}` : ""}</p>
    ${BACK}
    <p>Cochez les jours à réserver, décochez ceux à annuler, puis enregistrez.</p>
    <div class="periode">
      <p id="periode">${rangeText()}</p>
      <button type="button" id="precedent" class="secondary">← Précédent<span class="sr-only"> : ${step}
        d'avant</span></button>
      <button type="button" id="suivant" class="secondary">Suivant<span class="sr-only"> : ${step}
        d'après</span> →</button>
    </div>
    <div id="resultat" class="resultat" tabindex="-1" hidden></div>
    <div id="grille"><p>Chargement du calendrier…</p></div>
    <div class="enregistrer">
      <p id="en-attente">Aucun changement à enregistrer.</p>
      <button type="button" id="enregistrer">Enregistrer</button>
      <button type="button" id="oublier" class="secondary">Annuler mes changements</button>
    </div>
    ${typeWeekForm()}
    ${absenceForm(today)}`);
  document.getElementById("grille").addEventListener("change", toggled);
  document.getElementById("precedent").addEventListener("click", () => move(-weeks));
  document.getElementById("suivant").addEventListener("click", () => move(weeks));
  document.getElementById("enregistrer").addEventListener("click", save);
  document.getElementById("oublier").addEventListener("click", () => {
    cal.pending.clear();
    drawGrid();
    announce("Vos changements non enregistrés sont annulés.");
  });
  bindTypeWeek(drawGrid);
  bindAbsence(load);
  await load();
}

const BACK = '<p><a href="#/famille">← Retour à l\'espace famille</a></p>';

// A toggle: a pending change when it differs from what the API said, none when it is back to it.
function toggled(event) {
  const box = event.target;
  if (!box.dataset || !box.dataset.key) return;
  const day = cal.days.find((d) => d.date === box.dataset.date);
  const unit = day && day.units.find((u) => u.unit_id === box.dataset.unit);
  if (!unit) return;
  if (box.checked === held(unit)) cal.pending.delete(box.dataset.key);
  else cal.pending.set(box.dataset.key, box.checked);
  const item = box.closest("li");
  item.classList.toggle("modifie", cal.pending.has(box.dataset.key));
  document.getElementById(`${box.id}-etat`).innerHTML = unitDetails(unit, box.dataset.key);
  drawPending();
}

// ---- Saving: only what changed, 400 changes a request, then the outcome of each ------------------------

function outcomeText(result) {
  switch (result.outcome) {
  case "booked": return "réservé";
  case "waiting": return `placé en liste d'attente${result.waiting_position
    ? ` (position ${result.waiting_position})` : ""}`;
  case "cancelled": return "annulé";
  case "unchanged": return "inchangé";
  default: return `refusé : ${REFUSALS[result.code] || "demande refusée"}`;
  }
}

// Under the outcome, for the refusals the family can put right: where (the file to certify, the papers).
function remediesAfter(results) {
  const codes = new Set(results.filter((r) => r.outcome === "refused").map((r) => r.code));
  const said = Object.keys(REMEDIES).filter((code) => codes.has(code))
    .map((code) => `<p class="raison">${REASONS[code]}${remedy(code)}.</p>`).join("");
  if (said) document.getElementById("resultat").insertAdjacentHTML("beforeend", said);
}

const SUMMARY = [["booked", "réservé", "réservés"], ["waiting", "en liste d'attente", "en liste d'attente"],
  ["cancelled", "annulé", "annulés"], ["unchanged", "inchangé", "inchangés"], ["refused", "refusé", "refusés"]];
const summaryText = (summary) => SUMMARY.filter(([k]) => summary[k]).map(([k, one, many]) => plural(summary[k],
  one, many)).join(", ");

async function save() {
  const button = document.getElementById("enregistrer");
  const units = [...cal.units.keys()];
  const changes = [...cal.pending].map(([key, booked]) => {
    const [date, unitId] = splitKey(key);
    return { date, unit_id: unitId, booked };
  }).sort((a, b) => byDate(a, b) || units.indexOf(a.unit_id) - units.indexOf(b.unit_id));
  if (!changes.length) return announce("Aucun changement à enregistrer.");
  button.disabled = true; // a double click sends the changes once
  const mine = cal;
  const results = [];
  const summary = { booked: 0, waiting: 0, cancelled: 0, unchanged: 0, refused: 0 };
  let problem = null;
  for (let i = 0; i < changes.length && !problem; i += MAX_CHANGES) {
    const body = { activity_id: cal.activityId, changes: changes.slice(i, i + MAX_CHANGES) };
    const { status, data } = await api("POST", `${childPath(cal.childId)}/bookings`, body)
      .catch(() => ({ status: 0, data: null })); // offline: said below, the changes kept
    if (status !== 200) { problem = data || {}; break; }
    results.push(...data.results);
    for (const k of Object.keys(summary)) summary[k] += data.summary[k] || 0;
    for (const change of body.changes) mine.pending.delete(keyOf(change.date, change.unit_id));
  }
  if (cal !== mine) return undefined;
  button.disabled = false;
  const failed = problem ? problemText(problem, "Vos changements n'ont pas pu être enregistrés.", NOT_FOUND) : "";
  const said = [summaryText(summary), failed].filter(Boolean).join(". ");
  const lines = results.map((r) => `${what(r.date, r.unit_id)} : ${outcomeText(r)}`);
  showOutcome("Résultat de votre demande", said, lines, problem || summary.refused ? "error" : "ok");
  remediesAfter(results);
  await load();
  return undefined;
}
