// The day's appointments of an agenda (#/appointments, then #/appointments/{agenda_id}/{date}), for agents with
// the `appointments` permission (GET /agent/me; the others are told they have no access). The API gives the
// console no list of agendas (GET /agendas is the citizens'), so the form asks for the agenda's code and the day
// (today in Paris by default), as the attendance list asks for an activity's: the codes whose list opened are
// kept for the tab's session (sessionStorage), each a link to its day, the last one filled in, and
// #/appointments alone (the inbox's appointments link there, their agenda unknown) opens the last one's today.
// The list (GET /admin/agendas/{id}/appointments?date=) shows each appointment by its Paris time, who booked
// (name and email), the note they typed (set as text, its line breaks kept), its state (a cancelled one struck,
// with its reason), and « Annuler ce rendez-vous »: the reason asked (required, 500 characters; the citizen
// reads it in the portal, never in the mail), confirmed in the page (POST /admin/appointments/{id}/cancellation).
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
const KEPT = "agent_agendas"; // sessionStorage: the codes of the agendas whose list opened, the last first
const KEEP = 8;
const COLUMNS = ["Heure", "Nom", "Email", "Note de l'usager", "État"];
const TOO_LONG = `Ce motif est trop long (${REASON_MAX} caractères au plus).`;
const REASON_REQUIRED = "Indiquez le motif de l'annulation : l'usager le lira dans son espace.";
// The problems of this screen in French, by the API's codes.
const MESSAGES = {
  agenda_not_found: "Aucun agenda ne porte ce code : vérifiez-le dans le logiciel de la mairie.",
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

// ---- The agendas consulted in this tab -------------------------------------------------------------------

function kept() {
  try {
    const codes = JSON.parse(sessionStorage.getItem(KEPT) || "[]");
    return Array.isArray(codes) ? codes.filter((code) => typeof code === "string" && code) : [];
  } catch {
    return [];
  }
}

// The code first (its list opened), or dropped (no agenda has it).
function keep(agendaId, known = true) {
  const others = kept().filter((code) => code !== agendaId);
  try {
    sessionStorage.setItem(KEPT, JSON.stringify(known ? [agendaId, ...others].slice(0, KEEP) : others));
  } catch { /* storage refused: the field stays empty next time */ }
}

// ---- The form ------------------------------------------------------------------------------------------

function queryForm(agendaId, date) {
  const form = el("form", { id: "rendez-vous", class: "filters no-print", novalidate: "" },
    el("div", {}, labelled("rdv-agenda", "Code de l'agenda", el("input", { type: "text", name: "agenda_id",
      required: "", value: agendaId || kept()[0] || "", autocomplete: "off", spellcheck: "false" }),
    "Par exemple CNI")),
    el("div", {}, labelled("rdv-date", "Jour", el("input", { type: "date", name: "date", required: "",
      value: date || todayParis() }))),
    el("button", { type: "submit" }, "Afficher les rendez-vous"),
    el("p", { class: "error", "data-for": "form" }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const agenda = form.agenda_id.value.trim();
    const day = form.date.value;
    const errors = [!agenda ? { field: "agenda_id", code: "required" } : null,
      !DAY.test(day) ? { field: "date", code: "required" } : null].filter(Boolean);
    if (errors.length) { showProblem(form, { errors }, MESSAGES); return; }
    go(dayHash(agenda, day));
  });
  return form;
}

// The agendas consulted in this tab, each a link to its list of the day shown (today by default).
function keptLinks(date) {
  const codes = kept();
  if (!codes.length) return null;
  return el("div", { class: "agendas-connus no-print" },
    el("p", { id: "agendas-connus" }, "Agendas déjà consultés :"),
    el("ul", { "aria-labelledby": "agendas-connus" }, codes.map((code) => el("li", {},
      el("a", { href: dayHash(code, date || todayParis()) }, code)))));
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

function listNodes(list, opened) {
  const booked = list.items.filter((item) => item.status !== "cancelled").length;
  const cancelled = list.items.length - booked;
  const print = el("button", { type: "button", class: "no-print", id: "imprimer" }, "Imprimer");
  print.addEventListener("click", () => window.print());
  return el("div", { class: "liste-rdv" },
    el("div", { class: "entete-liste" }, el("h2", {}, `${list.agenda_id} – ${dayFr(list.date, true)}`), print),
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

function drawList(list, said = null) {
  const zone = el("div", { id: "zone-annulation" });
  // « Annuler ce rendez-vous » of a row: its box under the list, the only one open.
  const opened = (item) => {
    const ask = el("button", { type: "button", class: "secondary petit annuler", "aria-expanded": "false",
      "aria-controls": "annulation" }, "Annuler ce rendez-vous",
    el("span", { class: "sr-only" }, ` de ${clock(item.start)} (${personName(item)})`));
    ask.addEventListener("click", () => {
      document.querySelectorAll("button.annuler").forEach((other) => other.setAttribute("aria-expanded", "false"));
      ask.setAttribute("aria-expanded", "true");
      zone.replaceChildren(cancelBox(item, ask, (cancelled, typed) => reloaded(list, cancelled, typed)));
      zone.querySelector("#question-annulation").focus();
    });
    return ask;
  };
  screen(TITLE, said, queryForm(list.agenda_id, list.date), keptLinks(list.date), listNodes(list, opened), zone);
  if (said) {
    said.focus();
    announce(said.textContent);
  }
}

// Once cancelled: the day's list read again (else drawn with the appointment as the API answered it), said.
async function reloaded(list, cancelled, typed) {
  const mine = ticket();
  const again = await call("GET", `/admin/agendas/${encodeURIComponent(list.agenda_id)}/appointments?${
    new URLSearchParams({ date: list.date })}`);
  if (ticket() !== mine) return;
  const fresh = again.status === 200 ? again.data : { ...list, items: list.items.map((item) =>
    (item.appointment_id === cancelled.appointment_id ? cancelled : item)) };
  const mineToo = cancelled.reason === typed; // else it was cancelled meanwhile, by the citizen or another agent
  drawList(fresh, el("p", { class: "ok resultat-decision no-print", tabindex: "-1" }, mineToo
    ? `Rendez-vous de ${clock(cancelled.start)} annulé : l'usager en est prévenu par email et lit le motif dans `
      + "son espace."
    : `Le rendez-vous de ${clock(cancelled.start)} était déjà annulé : la liste est à jour.`));
}

async function appointmentsScreen(agendaId, date) {
  const mine = ticket();
  const picked = Boolean(agendaId && date && DAY.test(date));
  const path = picked ? `/admin/agendas/${encodeURIComponent(agendaId)}/appointments?${new URLSearchParams({ date })}`
    : null;
  const [me, answer] = await Promise.all([agentMe(), picked ? call("GET", path) : null]);
  if (ticket() !== mine) return; // the agent went elsewhere meanwhile, or the session ended
  if (me.status === 200 && !holds(me.data, "appointments")) {
    screen(TITLE, trouble({ status: 403 }, ""));
    return;
  }
  if (!picked) {
    const last = !agendaId && kept()[0];
    if (last) { // the inbox's link, or the menu: the agenda consulted last, on the day asked or today
      location.replace(dayHash(last, date && DAY.test(date) ? date : todayParis()));
      return;
    }
    screen(TITLE, el("p", { class: "no-print" }, "Choisissez l'agenda et le jour : ses rendez-vous s'affichent "
      + "par heure, prêts à imprimer."), queryForm(agendaId, date), keptLinks(date));
    return;
  }
  if (answer.status === 404 || answer.status === 422) { // an unknown agenda is said beside its code
    if (answer.status === 404) keep(agendaId, false);
    const form = queryForm(agendaId, date);
    screen(TITLE, form, keptLinks(date));
    const unknown = answer.status === 404 ? { errors: [{ field: "agenda_id", code: "agenda_not_found" }] } : null;
    showProblem(form, unknown || answer.data, MESSAGES);
    (form.querySelector("[aria-invalid=true]") || form.agenda_id).focus();
    return;
  }
  if (answer.status !== 200) {
    screen(TITLE, queryForm(agendaId, date), trouble(answer, "La liste des rendez-vous n'a pas pu être chargée."));
    return;
  }
  keep(answer.data.agenda_id);
  drawList(answer.data);
}

export const routes = [
  { hash: HASH, title: TITLE, menu: { label: TITLE, order: 15 }, permission: "appointments", access: "logged-in",
    render: (agendaId, date) => appointmentsScreen(agendaId, date) },
];
