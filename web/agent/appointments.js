// The day's appointments of an agenda (#/appointments, then #/appointments/{agenda_id}/{date}), for agents with
// the `appointments` permission (GET /agent/me; the others are told they have no access). The form offers the
// town's agendas in a list (GET /admin/agendas: the label, then the code) and the day (today in Paris by
// default), read with the rest of the screen; the agenda whose list opened is kept for the tab's session
// (sessionStorage), and #/appointments alone (the menu, and the inbox's appointments, their agenda not given)
// opens today's list of that agenda, else of the first one; a town without agendas is told it has none yet. An
// unknown agenda in the address is said above the form. Should the agendas not be read, that is said, and a
// list whose address is known still opens (the form then offers its agenda alone, by its code).
// The list (GET /admin/agendas/{id}/appointments?date=), headed by the agenda's label, code and place, shows
// each appointment by its Paris time, who booked (name and email), the note they typed (set as text, its line
// breaks kept), its state (a cancelled one struck, with its reason), and « Annuler ce rendez-vous »: the reason
// asked (required, 500 characters; the citizen reads it in the portal, never in the mail), confirmed in the page
// (POST /admin/appointments/{id}/cancellation).
// Ready to print (« Imprimer »; console.css hides the menu, the forms and the buttons on paper).
import { dayFr, todayParis } from "../core/format.js";
import { showProblem } from "../core/problems.js";
import { announce, el } from "../core/render.js";
import { labelled } from "../areas/requests.js";
import { go, ticket } from "./router.js";
import { agentMe, call, holds, NO_ACCESS, personName, retryText, screen, trouble } from "./session.js";

const TITLE = "Rendez-vous";
const HASH = "#/appointments";
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const REASON_MAX = 500;
const LAST = "agent_agenda"; // sessionStorage: the code of the agenda whose list opened last in this tab
const COLUMNS = ["Heure", "Nom", "Email", "Note de l'usager", "État"];
const TOO_LONG = `Ce motif est trop long (${REASON_MAX} caractères au plus).`;
const REASON_REQUIRED = "Indiquez le motif de l'annulation : l'usager le lira dans son espace.";
// The problems of this screen in French, by the API's codes.
const MESSAGES = {
  required: "Ce champ est obligatoire.",
  reason_required: REASON_REQUIRED,
  too_short: REASON_REQUIRED,
  too_long: TOO_LONG,
  string_too_long: TOO_LONG,
  invalid_text: "Ce texte contient des caractères non autorisés (des caractères de contrôle) : retirez-les.",
  appointment_not_found: "Ce rendez-vous n'existe plus : rechargez la liste.",
  permission_denied: NO_ACCESS,
};

// A time of the day in Paris, « 09:20 », whatever the browser's zone.
const CLOCK = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit",
  hourCycle: "h23" });
const clock = (stamp) => CLOCK.format(new Date(stamp));
const plural = (n, one, many) => `${n} ${n > 1 ? many : one}`;
const dayHash = (agendaId, date) => `${HASH}/${encodeURIComponent(agendaId)}/${date}`;
// An agenda as offered and headed: « Cartes d'identité et passeports (CNI) », its code alone when unread.
const named = (agenda) => (agenda.label ? `${agenda.label} (${agenda.agenda_id})` : agenda.agenda_id);
const NO_AGENDA = "La mairie n'a pas encore d'agenda de rendez-vous : ils sont publiés depuis son logiciel.";

// ---- The town's agendas, and the one used last in this tab ----------------------------------------------

function lastUsed() {
  try { return sessionStorage.getItem(LAST) || null; } catch { return null; }
}

// The agenda whose list opened (kept), or none (the one kept is unknown).
function remember(agendaId) {
  try {
    if (agendaId) sessionStorage.setItem(LAST, agendaId); else sessionStorage.removeItem(LAST);
  } catch { /* storage refused: the first agenda opens next time */ }
}

// GET /admin/agendas's answer: the town's agendas (null when unread), and what the screen says if unread.
function townAgendas(answer) {
  if (answer.status === 200) return { agendas: answer.data.items, note: null };
  const retry = [0, 429, 503].includes(answer.status) ? retryText(answer.headers) : "Réessayez plus tard.";
  return { agendas: null, note: el("p", { class: "error no-print", id: "agendas-illisibles" },
    `La liste des agendas n'a pas pu être chargée. ${retry}`) };
}

// The agenda of a list: the town's, else its code alone (the agendas unread, or published since).
const agendaOf = (town, agendaId) => (town.agendas || []).find((agenda) => agenda.agenda_id === agendaId)
  || { agenda_id: agendaId };

// The agendas the form offers: the town's, and the list's own if they miss it.
function offered(town, agendaId) {
  const all = town.agendas || [];
  return agendaId && !all.some((agenda) => agenda.agenda_id === agendaId) ? [...all, { agenda_id: agendaId }] : all;
}

// ---- The form ------------------------------------------------------------------------------------------

function queryForm(agendas, agendaId, date) {
  const choice = el("select", { name: "agenda_id" }, agendas.map((agenda) => el("option",
    agenda.agenda_id === agendaId ? { value: agenda.agenda_id, selected: "" } : { value: agenda.agenda_id },
    named(agenda))));
  const form = el("form", { id: "rendez-vous", class: "filters no-print", novalidate: "" },
    el("div", {}, labelled("rdv-agenda", "Agenda", choice)),
    el("div", {}, labelled("rdv-date", "Jour", el("input", { type: "date", name: "date", required: "",
      value: date || todayParis() }))),
    el("button", { type: "submit" }, "Afficher les rendez-vous"),
    el("p", { class: "error", "data-for": "form" }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const day = form.date.value;
    if (!DAY.test(day)) {
      showProblem(form, { errors: [{ field: "date", code: "required" }] }, MESSAGES);
      form.date.focus();
      return;
    }
    go(dayHash(choice.value, day));
  });
  return form;
}

// ---- The day's list ------------------------------------------------------------------------------------

function state(item) {
  if (item.status !== "cancelled") return el("span", { class: "statut-confirme" }, "Confirmé");
  return [el("strong", { class: "statut-annule" }, "Annulé"), el("br"),
    el("span", { class: "motif" }, item.reason ? `Motif : ${item.reason}` : "Par l'usager")];
}

function rows(list, opened) {
  return list.items.map((item) => {
    const cancelled = item.status === "cancelled";
    const cells = [
      el("td", { class: "heure" }, `${clock(item.start)} – ${clock(item.end)}`),
      el("td", { class: "nom" }, personName(item)),
      el("td", { class: "email" }, item.email),
      el("td", { class: "note-usager" }, item.note || "—"),
      el("td", { class: "etat" }, state(item)),
      el("td", { class: "no-print" }, cancelled ? null : opened(item)),
    ];
    return el("tr", { class: `rdv rdv-${item.status}`, "data-rendez-vous": item.appointment_id }, cells);
  });
}

function listNodes(list, agenda, opened) {
  const booked = list.items.filter((item) => item.status !== "cancelled").length;
  const cancelled = list.items.length - booked;
  const print = el("button", { type: "button", class: "no-print", id: "imprimer" }, "Imprimer");
  print.addEventListener("click", () => window.print());
  return el("div", { class: "liste-rdv" },
    el("div", { class: "entete-liste" }, el("h2", {}, `${named(agenda)} – ${dayFr(list.date, true)}`), print),
    agenda.place ? el("p", { class: "lieu" }, agenda.place) : null,
    el("p", { class: "comptes" }, `${plural(booked, "rendez-vous confirmé", "rendez-vous confirmés")}, ${
      plural(cancelled, "annulé", "annulés")}.`),
    list.items.length ? el("table", { class: "rendez-vous" },
      el("caption", { class: "sr-only" }, `Rendez-vous du ${dayFr(list.date, true)}, par heure`),
      el("thead", {}, el("tr", {}, COLUMNS.map((label) => el("th", { scope: "col" }, label)),
        el("th", { scope: "col", class: "no-print" }, "Action"))),
      el("tbody", {}, rows(list, opened))) : el("p", { class: "rien" }, "Aucun rendez-vous ce jour."));
}

// ---- Cancelling ----------------------------------------------------------------------------------------

// The reason and the confirmation, in the page under the list: « Oui, annuler le rendez-vous » or « Non, le
// garder »; ``done(appointment)`` draws the list once cancelled.
function cancelBox(item, ask, done) {
  const who = `${clock(item.start)} – ${personName(item)}`;
  const reason = el("textarea", { name: "reason", rows: "3", maxlength: String(REASON_MAX) });
  const yes = el("button", { type: "submit", class: "annuler-oui", id: "annuler-oui" }, "Oui, annuler le rendez-vous");
  const no = el("button", { type: "button", class: "secondary", id: "annuler-non" }, "Non, le garder");
  const question = el("h2", { id: "question-annulation", tabindex: "-1" }, `Annuler le rendez-vous de ${who} ?`);
  const general = el("p", { class: "error", "data-for": "form", tabindex: "-1" });
  const box = el("form", { class: "confirmation annulation no-print", id: "annulation", novalidate: "",
    "aria-labelledby": "question-annulation" },
  question,
  el("p", {}, "L'usager en est prévenu par email ; il lit le motif dans son espace (l'email ne le contient pas). "
    + "La place se libère aussitôt."),
  labelled("annulation-motif", "Motif de l'annulation", reason, `Obligatoire, ${REASON_MAX} caractères au plus`),
  general,
  el("div", { class: "actions" }, yes, no));
  const closeBox = () => {
    box.remove();
    ask.setAttribute("aria-expanded", "false");
    ask.focus();
  };
  no.addEventListener("click", closeBox);
  box.addEventListener("submit", async (event) => {
    event.preventDefault();
    const typed = reason.value.trim();
    if (!typed) {
      showProblem(box, { errors: [{ field: "reason", code: "reason_required" }] }, MESSAGES);
      reason.focus();
      return;
    }
    const mine = ticket();
    [yes.disabled, no.disabled] = [true, true]; // a double click cancels once
    const answer = await call("POST", `/admin/appointments/${encodeURIComponent(item.appointment_id)}/cancellation`,
      { reason: typed });
    [yes.disabled, no.disabled] = [false, false];
    if (ticket() !== mine) return;
    if (answer.status === 200) { done(answer.data, typed); return; }
    if (answer.status === 404) yes.hidden = true;
    if ([0, 429, 503].includes(answer.status)) {
      showProblem(box, { code: "unavailable" }, { unavailable: retryText(answer.headers) });
    } else showProblem(box, answer.data || { detail: "Le rendez-vous n'a pas pu être annulé." }, MESSAGES);
    (box.querySelector("[aria-invalid=true]") || general).focus();
  });
  return box;
}

// ---- The screen ----------------------------------------------------------------------------------------

// The list, under the form (and what the screen says of the agendas unread); ``said``, the outcome of a
// cancellation, first.
function drawList(list, town, said = null) {
  const zone = el("div", { id: "zone-annulation" });
  // « Annuler ce rendez-vous » of a row: its box under the list, the only one open.
  const opened = (item) => {
    const ask = el("button", { type: "button", class: "secondary petit annuler", "aria-expanded": "false",
      "aria-controls": "annulation" }, "Annuler ce rendez-vous",
    el("span", { class: "sr-only" }, ` de ${clock(item.start)} (${personName(item)})`));
    ask.addEventListener("click", () => {
      document.querySelectorAll("button.annuler").forEach((other) => other.setAttribute("aria-expanded", "false"));
      ask.setAttribute("aria-expanded", "true");
      zone.replaceChildren(cancelBox(item, ask, (cancelled, typed) => reloaded(list, town, cancelled, typed)));
      zone.querySelector("#question-annulation").focus();
    });
    return ask;
  };
  screen(TITLE, said, town.note, queryForm(offered(town, list.agenda_id), list.agenda_id, list.date),
    listNodes(list, agendaOf(town, list.agenda_id), opened), zone);
  if (said) {
    said.focus();
    announce(said.textContent);
  }
}

// Once cancelled: the day's list read again (else drawn with the appointment as the API answered it), said.
async function reloaded(list, town, cancelled, typed) {
  const mine = ticket();
  const again = await call("GET", `/admin/agendas/${encodeURIComponent(list.agenda_id)}/appointments?${
    new URLSearchParams({ date: list.date })}`);
  if (ticket() !== mine) return;
  const fresh = again.status === 200 ? again.data : { ...list, items: list.items.map((item) =>
    (item.appointment_id === cancelled.appointment_id ? cancelled : item)) };
  const mineToo = cancelled.reason === typed; // else it was cancelled meanwhile, by the citizen or another agent
  drawList(fresh, town, el("p", { class: "ok resultat-decision no-print", tabindex: "-1" }, mineToo
    ? `Rendez-vous de ${clock(cancelled.start)} annulé : l'usager en est prévenu par email et lit le motif dans `
      + "son espace."
    : `Le rendez-vous de ${clock(cancelled.start)} était déjà annulé : la liste est à jour.`));
}

// No list asked (the menu, the inbox's link), or no valid day: the agenda used last in this tab if the town
// still has it, else its first; on the day asked, else today.
function openDefault(town, agendaId, date) {
  const last = lastUsed();
  const known = town.agendas && (town.agendas.find((agenda) => agenda.agenda_id === last) || town.agendas[0]);
  const chosen = agendaId || (town.agendas ? known && known.agenda_id : last);
  if (!chosen) {
    screen(TITLE, town.note || el("p", { class: "rien" }, NO_AGENDA));
    return;
  }
  location.replace(dayHash(chosen, date && DAY.test(date) ? date : todayParis()));
}

// An agenda of the address the API does not know (404 agenda_not_found): said first, then the form.
function unknownAgenda(town, agendaId, date) {
  if (lastUsed() === agendaId) remember(null);
  const choices = town.agendas && town.agendas.length;
  const said = el("p", { class: "error", id: "agenda-inconnu", tabindex: "-1" },
    `Aucun agenda ne porte le code « ${agendaId} »${choices ? " : choisissez-en un dans la liste." : "."}`);
  screen(TITLE, said, choices ? queryForm(town.agendas, lastUsed(), date)
    : town.note || el("p", { class: "rien" }, NO_AGENDA));
  said.focus();
  announce(said.textContent);
}

async function appointmentsScreen(agendaId, date) {
  const mine = ticket();
  const picked = Boolean(agendaId && date && DAY.test(date));
  const path = picked ? `/admin/agendas/${encodeURIComponent(agendaId)}/appointments?${new URLSearchParams({ date })}`
    : null;
  const [me, agendas, answer] = await Promise.all([agentMe(), call("GET", "/admin/agendas"),
    picked ? call("GET", path) : null]);
  if (ticket() !== mine) return; // the agent went elsewhere meanwhile, or the session ended
  if ((me.status === 200 && !holds(me.data, "appointments")) || agendas.status === 403) {
    screen(TITLE, trouble({ status: 403 }, ""));
    return;
  }
  const town = townAgendas(agendas);
  if (!picked) {
    openDefault(town, agendaId, date);
    return;
  }
  if (answer.status === 404) {
    unknownAgenda(town, agendaId, date);
    return;
  }
  if (answer.status === 422) { // a day the API refuses, said beside its field
    const form = queryForm(offered(town, agendaId), agendaId, date);
    screen(TITLE, town.note, form);
    showProblem(form, answer.data, MESSAGES);
    (form.querySelector("[aria-invalid=true]") || form.date).focus();
    return;
  }
  if (answer.status !== 200) {
    screen(TITLE, town.note, queryForm(offered(town, agendaId), agendaId, date),
      trouble(answer, "La liste des rendez-vous n'a pas pu être chargée."));
    return;
  }
  remember(answer.data.agenda_id);
  drawList(answer.data, town);
}

export const routes = [
  { hash: HASH, title: TITLE, menu: { label: TITLE, order: 15 }, permission: "appointments", access: "logged-in",
    render: (agendaId, date) => appointmentsScreen(agendaId, date) },
];
