// An agenda's week of free slots (#/prise-de-rendez-vous/{agenda_id}[/{monday}]): Monday to Sunday in Paris,
// each day with its free slots as buttons (« 09:20 », named « lundi 7 décembre à 09:20 »), whatever the
// browser's zone. Opened without a week, it shows the first week holding a free slot (four windows of 31 days
// ahead at most); « Semaine précédente » stops at this week, « Semaine suivante » while the API lists a free
// slot after the week shown (each read asks the week's Monday and the 30 days after it). The address follows
// the week shown, so a reload or a bookmark opens it again. Choosing a slot opens the confirmation step
// (book.js); a booking refused because the slot is gone reads the week again and says why above it.
import { dayFr, todayParis } from "../../core/format.js";
import { announce, el, showNodes } from "../../core/render.js";
import { addDays, isIso, mondayOf } from "../bookings/shared.js";
import { confirmStep } from "./book.js";
import { HASH, MAX_DAYS, MESSAGES, MINE_HASH, MINE_TITLE, TITLE, agendaHash, agendaPath, call, codeOf, factsList,
  parisDay, parisTime, plural } from "./shared.js";

const SEEK_WINDOWS = 4; // looking for the first week with a free slot: about four months ahead
const minutes = (n) => plural(n, "minute", "minutes");
const weekText = (monday) => `Semaine du ${dayFr(monday)} au ${dayFr(addDays(monday, 6), true)}`;
const links = () => el("p", { class: "liens" }, el("a", { href: HASH }, `Retour à ${TITLE}`), " · ",
  el("a", { href: MINE_HASH }, MINE_TITLE));

// The week shown: its agenda, its Monday, the free slots read from that Monday (31 days), which read is the
// last asked for; one at a time (a screen drawn later replaces it, and what an earlier one awaited is dropped).
let view = null;

const byId = (id) => document.getElementById(id);

function fetchWindow(agendaId, monday) {
  const query = new URLSearchParams({ from: monday, to: addDays(monday, MAX_DAYS - 1) });
  return call("GET", `${agendaPath(agendaId)}/slots?${query}`);
}

// The first week holding a free slot, from this week on: its Monday and its read, or this week's when none.
async function seek(mine) {
  let [monday, answer] = [mine.monday, await fetchWindow(mine.agenda.agenda_id, mine.monday)];
  for (let tries = 1; answer.status === 200 && !answer.data.slots.length && tries < SEEK_WINDOWS; tries += 1) {
    monday = addDays(monday, 28);
    answer = await fetchWindow(mine.agenda.agenda_id, monday);
  }
  if (answer.status !== 200 || !answer.data.slots.length) {
    mine.none = answer.status === 200;
    return [mine.monday, answer];
  }
  const first = mondayOf(parisDay(answer.data.slots[0].start));
  return first === monday ? [monday, answer] : [first, await fetchWindow(mine.agenda.agenda_id, first)];
}

// (Re)read the week shown and draw it: false when the API said no, or the visitor moved on meanwhile.
async function load() {
  const mine = view;
  const asked = ++mine.loads;
  byId("creneaux").setAttribute("aria-busy", "true");
  let answer;
  if (mine.seeking) {
    mine.seeking = false;
    const [monday, read] = await seek(mine);
    if (asked === mine.loads) [mine.monday, answer] = [monday, read];
  } else answer = await fetchWindow(mine.agenda.agenda_id, mine.monday);
  if (view !== mine || asked !== mine.loads) return false;
  byId("creneaux").removeAttribute("aria-busy");
  if (answer.status !== 200) {
    byId("creneaux").replaceChildren(el("p", { class: "error" }, MESSAGES[codeOf(answer.data)]
      || "Les créneaux n'ont pas pu être chargés. Réessayez plus tard."));
    return false;
  }
  mine.slots = answer.data.slots;
  drawWeek();
  return true;
}

function slotButton(slot, day) {
  return el("li", {}, el("button", { type: "button", class: "creneau", "data-start": slot.start },
    el("span", { class: "sr-only" }, `${dayFr(day)} à `), el("span", { class: "heure" }, parisTime(slot.start))));
}

function drawWeek() {
  const { monday, slots } = view;
  const sunday = addDays(monday, 6);
  const days = [0, 1, 2, 3, 4, 5, 6].map((n) => addDays(monday, n));
  const byDay = new Map(days.map((day) => [day, []]));
  for (const slot of slots) {
    const day = parisDay(slot.start);
    if (byDay.has(day)) byDay.get(day).push(slot);
  }
  const shown = [...byDay.values()].reduce((sum, list) => sum + list.length, 0);
  byId("semaine").textContent = weekText(monday);
  byId("precedent").disabled = monday <= view.thisMonday;
  byId("suivant").disabled = !slots.some((slot) => parisDay(slot.start) > sunday);
  const empty = view.none ? "Aucun créneau n'est libre pour le moment : revenez plus tard, ou appelez la mairie."
    : "Aucun créneau libre cette semaine.";
  byId("creneaux").replaceChildren(
    el("p", { id: "creneaux-compte" }, shown ? `${plural(shown, "créneau libre", "créneaux libres")} cette semaine.`
      : empty),
    el("ul", { class: "jours-rdv" }, days.map((day) => el("li", { class: "jour" },
      el("h3", {}, dayFr(day)),
      byDay.get(day).length ? el("ul", { class: "creneaux" }, byDay.get(day).map((slot) => slotButton(slot, day)))
        : el("p", { class: "aucun" }, "Aucun créneau libre")))));
}

// « Semaine précédente / suivante »: the address follows; the focus stays on the button, or goes to the
// week's heading once the button can go no further.
async function move(weeks, button) {
  view.monday = addDays(view.monday, 7 * weeks);
  view.none = false;
  history.replaceState(null, "", agendaHash(view.agenda.agenda_id, view.monday));
  say(null);
  if (!(await load())) return;
  if (button.disabled) byId("semaine").focus();
  announce(`${weekText(view.monday)} : ${byId("creneaux-compte").textContent}`);
}

// What the page says above the week (a refusal that sent the visitor back to it), focused and announced.
function say(text, kind = "error") {
  const box = byId("rdv-message");
  box.hidden = !text;
  box.className = kind;
  box.textContent = text || "";
  if (text) {
    box.focus();
    announce(text);
  }
}

// Back from the confirmation step: the week as it was (``start``: the slot to focus again), or read again
// with what to say (a refusal) or nothing (another appointment after one booked).
const steps = {
  back(start) {
    byId("etape").hidden = true;
    byId("choix").hidden = false;
    const again = start && byId("creneaux").querySelector(`button[data-start="${CSS.escape(start)}"]`);
    (again || byId("semaine")).focus();
  },
  async reload(text) {
    const mine = view;
    byId("etape").hidden = true;
    byId("choix").hidden = false;
    say(null);
    await load();
    if (view !== mine) return;
    if (text) say(text);
    else {
      byId("semaine").focus();
      announce(`${weekText(view.monday)} : ${byId("creneaux-compte").textContent}`);
    }
  },
};

function chosen(event) {
  const button = event.target.closest("button.creneau");
  const slot = button && view.slots.find((s) => s.start === button.dataset.start);
  if (!slot) return;
  say(null);
  byId("choix").hidden = true;
  confirmStep(byId("etape"), view.agenda, slot, steps);
}

export async function weekScreen(agendaId, asked) {
  view = null;
  const here = location.hash;
  const agendas = await call("GET", "/agendas");
  if (location.hash !== here) return; // the visitor went elsewhere meanwhile
  const agenda = agendas.status === 200 && agendas.data.items.find((a) => a.agenda_id === agendaId);
  if (!agenda) {
    showNodes(agendas.status === 200 ? "Service introuvable" : TITLE, el("p", { class: "error" },
      agendas.status === 200 ? MESSAGES.agenda_not_found
        : "Impossible de charger ce service. Réessayez plus tard."), links());
    return;
  }
  const thisMonday = mondayOf(todayParis());
  const monday = isIso(asked) ? [mondayOf(asked), thisMonday].sort().reverse()[0] : thisMonday;
  view = { agenda, monday, thisMonday, slots: [], loads: 0, seeking: !isIso(asked), none: false };
  const previous = el("button", { type: "button", id: "precedent", class: "secondary" }, "← Semaine précédente");
  const next = el("button", { type: "button", id: "suivant", class: "secondary" }, "Semaine suivante →");
  const grid = el("div", { id: "creneaux" }, el("p", {}, "Chargement des créneaux…"));
  showNodes(agenda.label,
    factsList([["Lieu", agenda.place], ["Durée d'un rendez-vous", minutes(agenda.slot_minutes)]]),
    el("p", { id: "rdv-message", tabindex: "-1", hidden: "" }),
    el("section", { id: "choix", "aria-labelledby": "semaine" },
      el("p", {}, "Choisissez un créneau libre (heures de Paris) : vous pourrez ajouter une note, puis confirmer."),
      el("h2", { id: "semaine", tabindex: "-1" }, weekText(monday)),
      el("div", { class: "periode" }, previous, next),
      grid),
    el("section", { id: "etape", "aria-labelledby": "etape-titre", hidden: "" }),
    links());
  document.title = `${agenda.label} – ${TITLE} – Portail citoyen`;
  previous.addEventListener("click", () => move(-1, previous));
  next.addEventListener("click", () => move(1, next));
  grid.addEventListener("click", chosen);
  await load();
}
