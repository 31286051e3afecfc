// Family space ("Espace famille"): the children of the families the account follows with their activities,
// and per child and activity a booking calendar: days and units as toggles, the changes saved at once
// (POST …/bookings) with the outcome of each, a "semaine type" that prepares changes over a period, and
// declaring an absence (POST …/absences). Every rule (deadlines, places, waiting list) is the server's: the
// calendar only shows what GET …/calendar says and sends what the parent changed.
import { api } from "../core/api.js";
import { dateFr, dayFr, euros, instantFr, todayParis } from "../core/format.js";
import { field, formValues } from "../core/forms.js";
import { problemText, showProblem } from "../core/problems.js";
import { announce, esc, show } from "../core/render.js";
import { row, table } from "../core/tables.js";

const MAX_DAYS = 62; // a calendar or an absence: at most 62 days, counting both ends
const MAX_CHANGES = 400; // a booking request: at most 400 changes
const ABSENCE_PAST_DAYS = 7; // an absence starts at most 7 days ago
const WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
const PHONE = window.matchMedia("(max-width: 40rem)");

const NOT_FOUND = {
  child_not_found: "Cet enfant n'existe pas ou n'est pas suivi par votre compte.",
  activity_not_found: "Cet enfant n'est pas inscrit à cette activité.",
};
const REFUSALS = {
  not_open: "ce jour n'est pas ouvert",
  deadline_passed: "la date limite est passée",
  booking_not_open: "les réservations ne sont pas encore ouvertes",
  full: "complet",
};
// The API's generic field codes, in French (the rules particular to a field are checked here first).
const FIELD_CODES = {
  ...NOT_FOUND,
  too_long: "Ce texte est trop long (500 caractères au plus).",
  invalid_choice: "Choisissez une des valeurs proposées.",
};

// Calendar days as YYYY-MM-DD, counted in UTC days (no daylight-saving surprise).
const DAY_MS = 86400000;
const toDate = (iso) => {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
};
const isoOf = (date) => date.toISOString().slice(0, 10);
const addDays = (iso, n) => isoOf(new Date(toDate(iso).getTime() + n * DAY_MS));
const weekday = (iso) => (toDate(iso).getUTCDay() + 6) % 7; // 0 = lundi
const mondayOf = (iso) => addDays(iso, -weekday(iso));
const span = (from, to) => Math.round((toDate(to) - toDate(from)) / DAY_MS) + 1; // days, both ends counted
const isIso = (text) => /^\d{4}-\d{2}-\d{2}$/.test(text || "") && isoOf(toDate(text)) === text;
const plural = (n, one, many) => `${n} ${n > 1 ? many : one}`;
const byDate = (a, b) => (a.date === b.date ? 0 : (a.date < b.date ? -1 : 1));

const childPath = (childId) => `/children/${encodeURIComponent(childId)}`;
const calendarHash = (childId, activityId, start) => `#/calendrier/${encodeURIComponent(childId)}/`
  + `${encodeURIComponent(activityId)}${start ? `/${start}` : ""}`;

// ---- The children and their activities --------------------------------------------------------------

const ACTIVITY_COLUMNS = [["Activité"], ["Nature"], ["Du"], ["Au"], ["Calendrier", "action"]];

function childSection(child, index) {
  const name = `${child.first_name} ${child.last_name}`;
  const about = [child.birth_date ? `né(e) le ${dateFr(child.birth_date)}` : "", child.school,
    child.class ? `classe : ${child.class}` : ""].filter(Boolean).map(esc).join(" · ");
  const rows = child.activities.map((a) => row(ACTIVITY_COLUMNS, [esc(a.label), esc(a.nature), dateFr(a.from),
    dateFr(a.to), `<a href="${calendarHash(child.child_id, a.activity_id)}">Calendrier<span class="sr-only"> de `
      + `${esc(child.first_name)} pour ${esc(a.label)}</span></a>`])).join("");
  return `<section class="enfant" aria-labelledby="enfant-${index}">
    <h2 id="enfant-${index}">${esc(name)}</h2>${about ? `<p>${about}</p>` : ""}
    ${rows ? table(`Activités de ${esc(child.first_name)}`, ACTIVITY_COLUMNS, rows)
    : "<p>Aucune inscription en cours.</p>"}</section>`;
}

async function childrenScreen() {
  const { status, data } = await api("GET", "/children");
  if (status !== 200) return show("Espace famille", '<p class="error">Impossible de charger vos enfants.</p>');
  if (!data.items.length) {
    return show("Espace famille", "<p>Aucun enfant à afficher : abonnez-vous d'abord à votre famille dans "
      + '<a href="#/abonnements">Mes abonnements</a>.</p>');
  }
  show("Espace famille", `<p>Choisissez le calendrier d'un enfant pour réserver, annuler ou signaler une absence.</p>
    ${data.items.map(childSection).join("")}`);
}

// ---- The calendar ---------------------------------------------------------------------------------------

// One calendar screen at a time: what it shows, and the changes the parent made and has not saved yet
// (pending: "date|unit_id" → booked wanted), which survive moving from week to week.
let cal = null;

const keyOf = (date, unitId) => `${date}|${unitId}`;
const splitKey = (key) => [key.slice(0, 10), key.slice(11)];
const held = (unit) => unit.status === "booked" || unit.status === "waiting";
const toggleable = (unit) => (held(unit) ? unit.cancellable : unit.bookable);
const unitName = (unitId) => (cal && cal.units.get(unitId)) || unitId;
const what = (date, unitId) => `${unitName(unitId)}, ${dayFr(date)}`;

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

function unitDetails(unit, key) {
  const change = cal.pending.has(key)
    ? `<strong class="a-faire">${cal.pending.get(key) ? "à réserver" : "à annuler"} (non enregistré)</strong> · `
    : "";
  return change + [`<strong class="statut">${statusText(unit)}</strong>`, euros(unit.price_cents), placesText(unit),
    deadlineText(unit)].filter(Boolean).join(" · ");
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

// Remember what a calendar answer says: the units' names, and which pending changes are still changes.
function learn(days) {
  for (const day of days) {
    for (const unit of day.units) {
      cal.units.set(unit.unit_id, unit.label);
      const key = keyOf(day.date, unit.unit_id);
      if (cal.pending.has(key) && (cal.pending.get(key) === held(unit) || !toggleable(unit))) {
        cal.pending.delete(key);
      }
    }
  }
}

// GET the calendar of [from, to], 62 days a call: {days} or {problem}.
async function fetchDays(from, to) {
  const days = [];
  for (let start = from; start <= to; start = addDays(start, MAX_DAYS)) {
    const end = [addDays(start, MAX_DAYS - 1), to].sort()[0];
    const query = new URLSearchParams({ activity_id: cal.activityId, from: start, to: end });
    const { status, data } = await api("GET", `${childPath(cal.childId)}/calendar?${query}`);
    if (status !== 200) return { problem: data || {} };
    days.push(...data.days);
  }
  return { days };
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

async function calendarScreen(childId, activityId, start) {
  cal = null;
  const { status, data } = await api("GET", "/children");
  if (status !== 200) return show("Calendrier", '<p class="error">Impossible de charger vos enfants.</p>');
  const child = data.items.find((c) => c.child_id === childId);
  if (!child) return show("Calendrier", `<p class="error">${NOT_FOUND.child_not_found}</p>${BACK}`);
  const activity = child.activities.find((a) => a.activity_id === activityId)
    || { activity_id: activityId, label: activityId, nature: "", from: "", to: "" };
  const today = todayParis();
  const weeks = PHONE.matches ? 1 : 4; // a week on a phone, four on a desktop
  const first = isIso(start) ? start : [today, activity.from].sort().reverse()[0];
  cal = { childId, activityId, child, activity, weeks, start: mondayOf(first), days: [], ids: 0,
    loads: 0, pending: new Map(), units: new Map() };
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
  bindTypeWeek();
  bindAbsence();
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

const SUMMARY = [["booked", "réservé", "réservés"], ["waiting", "en liste d'attente", "en liste d'attente"],
  ["cancelled", "annulé", "annulés"], ["unchanged", "inchangé", "inchangés"], ["refused", "refusé", "refusés"]];
const summaryText = (summary) => SUMMARY.filter(([k]) => summary[k]).map(([k, one, many]) => plural(summary[k],
  one, many)).join(", ");

function showOutcome(title, summary, lines, kind = "") {
  const panel = document.getElementById("resultat");
  panel.innerHTML = `<h2>${esc(title)}</h2><p class="${kind}">${esc(summary)}</p>`
    + (lines.length ? `<ul>${lines.map((line) => `<li>${esc(line)}</li>`).join("")}</ul>` : "");
  panel.hidden = false;
  panel.focus();
  announce(summary);
}

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
  await load();
  return undefined;
}

// ---- Semaine type: weekdays × units over a period, made into pending changes -------------------------

function typeWeekForm() {
  return `<details class="bloc" id="bloc-semaine-type"><summary>Appliquer une semaine type</summary>
    <form id="semaine-type" novalidate>
      <p>Cochez les jours et les prestations de votre semaine habituelle : pour chaque jour ouvert de la période,
        les réservations cochées sont préparées et celles décochées sont annulées. Vérifiez le calendrier, puis
        enregistrez.</p>
      <div id="semaine-type-unites"></div>
      <div class="filters">
        <div>${field("from", "Du *", "date", "", `required value="${cal.from}"`, "type-du")}</div>
        <div>${field("to", "Au *", "date", "", `required value="${cal.to}"`, "type-au")}</div>
      </div>
      <p class="error" data-for="form"></p>
      <p class="ok" id="semaine-type-fait"></p>
      <button type="submit">Préparer ces changements</button>
    </form></details>`;
}

// The weekdays × units grid, once the units are known (from the first calendar answer).
function fillTypeUnits() {
  const slot = document.getElementById("semaine-type-unites");
  if (!slot || (slot.dataset.filled && Number(slot.dataset.filled) === cal.units.size)) return;
  const units = [...cal.units];
  if (!units.length) {
    slot.innerHTML = "<p>Aucun jour ouvert n'est encore connu pour cette activité.</p>";
    return;
  }
  const kept = new Set([...slot.querySelectorAll("input:checked")].map((box) => box.value));
  const heads = units.map(([, label]) => `<th scope="col">${esc(label)}</th>`).join("");
  const rows = WEEKDAYS.map((day, d) => `<tr><th scope="row">${day}</th>${units.map(([unitId, label], u) => {
    const value = esc(`${d}|${unitId}`);
    return `<td><input type="checkbox" id="st-${d}-${u}" name="st" value="${value}"${
      kept.has(`${d}|${unitId}`) ? " checked" : ""}><label for="st-${d}-${u}" class="sr-only">${esc(label)} le ${
      day}</label></td>`;
  }).join("")}</tr>`).join("");
  slot.innerHTML = `<table class="semaine"><caption>Ma semaine type</caption>
    <thead><tr><th scope="col">Jour</th>${heads}</tr></thead><tbody>${rows}</tbody></table>`;
  slot.dataset.filled = String(units.length);
}

function bindTypeWeek() {
  const form = document.getElementById("semaine-type");
  form.addEventListener("input", (event) => { if (event.target.type === "date") form.dataset.touched = "1"; });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { from, to } = formValues(form);
    document.getElementById("semaine-type-fait").textContent = "";
    const errors = [];
    if (!isIso(from)) errors.push(["from", "required", "Indiquez le premier jour de la période."]);
    if (!isIso(to)) errors.push(["to", "required", "Indiquez le dernier jour de la période."]);
    else if (isIso(from) && to < from) errors.push(["to", "before_from", "Le dernier jour suit le premier."]);
    else if (isIso(from) && span(from, to) > 366) errors.push(["to", "too_long", "Une période d'un an au plus."]);
    if (errors.length) return showProblem(form, problemOf(errors));
    const wanted = new Set([...form.querySelectorAll("input[name=st]:checked")].map((box) => box.value));
    const mine = cal;
    const { days, problem } = await fetchDays(from, to);
    if (cal !== mine) return undefined;
    if (problem) return showProblem(form, problem, FIELD_CODES);
    learn(days);
    let prepared = 0;
    for (const day of days) {
      for (const unit of day.units) {
        const key = keyOf(day.date, unit.unit_id);
        const booked = wanted.has(`${weekday(day.date)}|${unit.unit_id}`);
        cal.pending.delete(key);
        if (booked !== held(unit) && toggleable(unit)) { cal.pending.set(key, booked); prepared += 1; }
      }
    }
    clearErrors(form);
    drawGrid();
    const said = prepared ? `Semaine type appliquée du ${dayFr(from, true)} au ${dayFr(to, true)} : `
      + `${plural(prepared, "changement préparé", "changements préparés")}. Vérifiez-les, puis enregistrez.`
      : "Semaine type appliquée : aucun changement, le calendrier y correspond déjà.";
    document.getElementById("semaine-type-fait").textContent = said;
    announce(said);
    return undefined;
  });
}

function clearErrors(form) {
  form.querySelectorAll(".error[data-for]").forEach((slot) => { slot.textContent = ""; });
  form.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
}

const problemOf = (errors) => ({ errors: errors.map(([name, code, message]) => ({ field: name, code, message })) });

// ---- Signaler une absence ----------------------------------------------------------------------------

function absenceForm(today) {
  const earliest = addDays(today, -ABSENCE_PAST_DAYS);
  const dates = `required min="${earliest}" value="${today}"`;
  return `<details class="bloc" id="bloc-absence"><summary>Signaler une absence</summary>
    <form id="absence" novalidate>
      <p>Les réservations encore annulables de la période sont annulées ; celles dont la date limite est passée sont
        marquées absentes, avec le motif, et votre mairie décide de leur facturation.</p>
      <div class="filters">
        <div>${field("from", "Du *", "date", `Au plus tôt le ${dayFr(earliest)}`, dates, "absence-du")}</div>
        <div>${field("to", "Au *", "date", `${MAX_DAYS} jours au plus`, dates, "absence-au")}</div>
      </div>
      <fieldset><legend>Motif *</legend>
        <input type="radio" id="motif-maladie" name="reason" value="illness" checked>
        <label for="motif-maladie" class="inline">Maladie</label>
        <input type="radio" id="motif-autre" name="reason" value="other">
        <label for="motif-autre" class="inline">Autre</label>
        <span class="error" data-for="reason"></span>
      </fieldset>
      <label for="absence-commentaire">Commentaire<span class="hint" id="absence-commentaire-aide">Facultatif,
        500 caractères au plus</span></label>
      <textarea id="absence-commentaire" name="comment" rows="3" maxlength="500"
        aria-describedby="absence-commentaire-aide absence-commentaire-erreur"></textarea>
      <span class="error" id="absence-commentaire-erreur" data-for="comment"></span>
      <p class="error" data-for="form"></p>
      <button type="submit">Signaler l'absence</button>
    </form></details>`;
}

function absenceErrors({ from, to, comment }) {
  const errors = [];
  const earliest = addDays(todayParis(), -ABSENCE_PAST_DAYS);
  if (!isIso(from)) errors.push(["from", "required", "Indiquez le premier jour d'absence."]);
  else if (from < earliest) {
    errors.push(["from", "from_too_early", `Une absence se signale au plus tôt pour le ${dayFr(earliest, true)}.`]);
  }
  if (!isIso(to)) errors.push(["to", "required", "Indiquez le dernier jour d'absence."]);
  else if (isIso(from) && to < from) errors.push(["to", "before_from", "Le dernier jour suit le premier."]);
  else if (isIso(from) && span(from, to) > MAX_DAYS) {
    errors.push(["to", "range_too_long", `${MAX_DAYS} jours au plus, le premier et le dernier compris.`]);
  }
  if ((comment || "").length > 500) errors.push(["comment", "too_long", FIELD_CODES.too_long]);
  return errors;
}

function absenceSummary(answer) {
  if (!answer.absent.length && !answer.cancelled.length) {
    return "Aucune réservation sur cette période : rien n'a changé.";
  }
  const days = new Set(answer.absent.map((a) => a.date)).size;
  const absent = days ? plural(days, "jour marqué absent", "jours marqués absents") : "aucun jour marqué absent";
  const cancelled = answer.cancelled.length
    ? plural(answer.cancelled.length, "réservation annulée", "réservations annulées") : "aucune réservation annulée";
  return `${absent}, ${cancelled}`.replace(/^./, (c) => c.toUpperCase());
}

function bindAbsence() {
  const form = document.getElementById("absence");
  form.from.addEventListener("change", () => { if (form.to.value < form.from.value) form.to.value = form.from.value; });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = formValues(form);
    const errors = absenceErrors(values);
    if (errors.length) return showProblem(form, problemOf(errors));
    const body = { activity_id: cal.activityId, from: values.from, to: values.to, reason: values.reason };
    if (values.comment.trim()) body.comment = values.comment.trim();
    const mine = cal;
    const { status, data } = await api("POST", `${childPath(cal.childId)}/absences`, body);
    if (cal !== mine) return undefined;
    if (status !== 200) return showProblem(form, data, FIELD_CODES);
    clearErrors(form);
    for (const key of [...cal.pending.keys()]) { // what the absence decided replaces what was pending there
      const [date] = splitKey(key);
      if (date >= values.from && date <= values.to) cal.pending.delete(key);
    }
    const lines = [...data.absent.map((a) => ({ ...a, text: "absent" })),
      ...data.cancelled.map((c) => ({ ...c, text: "réservation annulée" }))]
      .sort(byDate)
      .map((a) => `${what(a.date, a.unit_id)} : ${a.text}`);
    form.comment.value = "";
    document.getElementById("bloc-absence").open = false;
    showOutcome("Absence signalée", absenceSummary(data), lines, "ok");
    await load();
    return undefined;
  });
}

export const routes = [
  { hash: "#/famille", title: "Espace famille", menu: { label: "Espace famille", order: 15 },
    access: "logged-in", render: () => childrenScreen() },
  { hash: "#/calendrier", title: "Calendrier", access: "logged-in",
    render: (childId, activityId, start) => calendarScreen(childId, activityId, start) },
];
