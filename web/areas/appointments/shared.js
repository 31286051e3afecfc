// Appointments ("Prise de rendez-vous"), what its screens share: the titles and addresses, the contract's
// limits, the API's calls, Paris days and times of the API's instants (RFC 3339 UTC, said in Europe/Paris
// whatever the browser's zone), and the refusals in French by their code.
import { api } from "../../core/api.js";
import { dayFr } from "../../core/format.js";
import { el } from "../../core/render.js";

export const TITLE = "Prise de rendez-vous";
export const MINE_TITLE = "Mes rendez-vous";
export const HASH = "#/prise-de-rendez-vous";
export const MINE_HASH = "#/rendez-vous"; // the address the appointments' mails carry
export const MAX_NOTE = 500;
export const MAX_DAYS = 31; // a slots read: 31 days at most, both ends counted

export const agendaHash = (agendaId, monday) => `${HASH}/${encodeURIComponent(agendaId)}${monday ? `/${monday}` : ""}`;
export const agendaPath = (agendaId) => `/agendas/${encodeURIComponent(agendaId)}`;
export const appointmentPath = (appointmentId) => `/appointments/${encodeURIComponent(appointmentId)}`;
export const plural = (n, one, many) => `${n} ${n > 1 ? many : one}`;

// A call that cannot reach the API answers status 0.
export async function call(method, path, body) {
  try { return await api(method, path, body); } catch { return { status: 0, data: null, headers: null }; }
}

// ---- Paris days and times ------------------------------------------------------------------------------

const PARIS = "Europe/Paris";
const ISO_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: PARIS, year: "numeric", month: "2-digit",
  day: "2-digit" });
const CLOCK = new Intl.DateTimeFormat("fr-FR", { timeZone: PARIS, hour: "2-digit", minute: "2-digit",
  hourCycle: "h23" });

// The Paris day of an instant (YYYY-MM-DD) and its Paris time (« 09:20 »).
export const parisDay = (stamp) => ISO_DAY.format(new Date(stamp));
export const parisTime = (stamp) => CLOCK.format(new Date(stamp));
// « lundi 7 décembre 2026 », « de 09:20 à 09:40 », « lundi 7 décembre 2026 à 09:20 ».
export const whenDay = (stamp) => dayFr(parisDay(stamp), true);
export const hoursText = (start, end) => `de ${parisTime(start)} à ${parisTime(end)}`;
export const whenText = (stamp) => `${whenDay(stamp)} à ${parisTime(stamp)}`;

// Facts as a description list (a card's, the booking's recap).
export const factsList = (facts) => el("dl", { class: "faits" },
  facts.filter(Boolean).map(([term, value]) => [el("dt", {}, term), el("dd", {}, value)]));

// ---- Refusals ------------------------------------------------------------------------------------------

// The problem's code: a field's (422: errors[0].code) or the problem's own.
export function codeOf(data) {
  const first = data && Array.isArray(data.errors) && data.errors[0];
  return (first && first.code) || (data && data.code) || "";
}

// The field a 422 names ("note", "body.note" → "note").
export function fieldOf(data) {
  const first = data && Array.isArray(data.errors) && data.errors[0];
  return first && first.field ? String(first.field).split(".").pop() : "";
}

export const CANCEL_CLOSED = "Il est trop tard pour annuler ce rendez-vous en ligne : pour l'annuler, appelez "
  + "la mairie.";

// The refusals of POST /appointments, DELETE /appointments/{id} and the slots' read, in French by code.
export const MESSAGES = {
  not_a_slot: "Ce créneau n'existe plus : la mairie a modifié cet agenda. Choisissez-en un autre parmi les "
    + "créneaux ci-dessous, à jour.",
  outside_booking_window: "Ce créneau ne peut plus être réservé (il est trop proche, ou trop lointain). "
    + "Choisissez-en un autre parmi les créneaux ci-dessous, à jour.",
  slot_full: "Quelqu'un vient de réserver ce créneau : il n'y a plus de place. Choisissez-en un autre parmi les "
    + "créneaux ci-dessous, à jour.",
  appointment_limit: "Vous avez déjà le nombre maximal de rendez-vous à venir pour ce service. Pour en prendre "
    + "un autre, annulez d'abord l'un d'eux dans Mes rendez-vous.",
  invalid_text: "Cette note contient des caractères non autorisés (caractères de contrôle ou invisibles) : "
    + "retirez-les, puis réessayez.",
  too_long: `Cette note est trop longue (${MAX_NOTE} caractères au plus).`,
  string_too_long: `Cette note est trop longue (${MAX_NOTE} caractères au plus).`,
  agenda_not_found: "Ce service ne prend plus de rendez-vous en ligne.",
  appointment_not_found: "Ce rendez-vous n'existe plus.",
  cancellation_closed: CANCEL_CLOSED,
  invalid_range: "Ces dates ne peuvent pas être affichées.",
  too_many_requests: "Trop de demandes à la fois : réessayez dans un instant.",
};
export const FAILED = "Le rendez-vous n'a pas pu être pris. Réessayez plus tard.";

// What to do after a refusal of a booking: choose another slot in the week, read again (the slot is gone,
// full or no longer bookable), or stay in the form.
export const BACK_TO_WEEK = new Set(["not_a_slot", "outside_booking_window", "slot_full"]);
