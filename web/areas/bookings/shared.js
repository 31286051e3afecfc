// Bookings ("Espace famille"), what its screens share: the contract's limits and French codes, calendar days
// as YYYY-MM-DD, the API's paths, and the state of the calendar screen, which the semaine type (week.js) and
// the absence (absence.js) forms under it read and change.
import { api } from "../../core/api.js";
import { dayFr } from "../../core/format.js";
import { announce, esc } from "../../core/render.js";

export const MAX_DAYS = 62; // a calendar or an absence: at most 62 days, counting both ends

export const NOT_FOUND = {
  child_not_found: "Cet enfant n'existe pas ou n'est pas suivi par votre compte.",
  activity_not_found: "Cet enfant n'est pas inscrit à cette activité.",
};
// The API's generic field codes, in French (the rules particular to a field are checked here first).
export const FIELD_CODES = {
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
export const addDays = (iso, n) => isoOf(new Date(toDate(iso).getTime() + n * DAY_MS));
export const weekday = (iso) => (toDate(iso).getUTCDay() + 6) % 7; // 0 = lundi
export const mondayOf = (iso) => addDays(iso, -weekday(iso));
export const span = (from, to) => Math.round((toDate(to) - toDate(from)) / DAY_MS) + 1; // days, both ends counted
export const isIso = (text) => /^\d{4}-\d{2}-\d{2}$/.test(text || "") && isoOf(toDate(text)) === text;
export const plural = (n, one, many) => `${n} ${n > 1 ? many : one}`;
export const byDate = (a, b) => (a.date === b.date ? 0 : (a.date < b.date ? -1 : 1));

export const childPath = (childId) => `/children/${encodeURIComponent(childId)}`;
export const calendarHash = (childId, activityId, start) => `#/calendrier/${encodeURIComponent(childId)}/`
  + `${encodeURIComponent(activityId)}${start ? `/${start}` : ""}`;

// ---- The calendar's state ------------------------------------------------------------------------------

// One calendar screen at a time: what it shows, and the changes the parent made and has not saved yet
// (pending: "date|unit_id" → booked wanted), which survive moving from week to week. The calendar screen
// opens it (openCalendar); the modules that import ``cal`` see the one open now.
export let cal = null;
export const openCalendar = (state) => { cal = state; };

export const keyOf = (date, unitId) => `${date}|${unitId}`;
export const splitKey = (key) => [key.slice(0, 10), key.slice(11)];
export const held = (unit) => unit.status === "booked" || unit.status === "waiting";
export const toggleable = (unit) => (held(unit) ? unit.cancellable : unit.bookable);
const unitName = (unitId) => (cal && cal.units.get(unitId)) || unitId;
export const what = (date, unitId) => `${unitName(unitId)}, ${dayFr(date)}`;

// Remember what a calendar answer says: the units' names, and which pending changes are still changes.
export function learn(days) {
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
export async function fetchDays(from, to) {
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

// The outcome of a request (saved changes, an absence) above the calendar, focused and announced.
export function showOutcome(title, summary, lines, kind = "") {
  const panel = document.getElementById("resultat");
  panel.innerHTML = `<h2>${esc(title)}</h2><p class="${kind}">${esc(summary)}</p>`
    + (lines.length ? `<ul>${lines.map((line) => `<li>${esc(line)}</li>`).join("")}</ul>` : "");
  panel.hidden = false;
  panel.focus();
  announce(summary);
}

// ---- The forms under the calendar: errors checked here before sending -----------------------------------

export function clearErrors(form) {
  form.querySelectorAll(".error[data-for]").forEach((slot) => { slot.textContent = ""; });
  form.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
}

export const problemOf = (errors) => ({ errors: errors.map(([name, code, message]) => ({ field: name, code,
  message })) });
