// A day's attendance list of an activity (#/presences, then #/presences/{activity_id}/{date}): the form asks
// for the activity's code and the day (today in Paris by default); the list (GET /admin/activities/{id}/
// attendance?date=) shows, per unit, its places taken, waiting and absent, and a table of the children by
// last name with an empty column to tick, ready to print (« Imprimer »; console.css hides the menu, the form
// and the buttons on paper).
import { dayFr, todayParis } from "../core/format.js";
import { showProblem } from "../core/problems.js";
import { el } from "../core/render.js";
import { labelled } from "../areas/requests.js";
import { ticket } from "./router.js";
import { call, screen, trouble } from "./session.js";

const TITLE = "Liste de présence";
const STATUSES = { booked: "Réservé", waiting: "En liste d'attente", absent: "Absent" };
const COLUMNS = ["Nom", "Prénom", "Classe", "Statut", "Émargement"];
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MESSAGES = {
  activity_not_found: "Aucune activité ne porte ce code : vérifiez-le dans le logiciel de la mairie.",
  required: "Ce champ est obligatoire.",
};

const plural = (n, one, many) => `${n} ${n > 1 ? many : one}`;

function queryForm(activityId, date) {
  const form = el("form", { id: "presences", class: "filters no-print", novalidate: "" },
    el("div", {}, labelled("presences-activite", "Code de l'activité", el("input", { type: "text",
      name: "activity_id", required: "", value: activityId || "", autocomplete: "off", spellcheck: "false" }),
    "Par exemple CANT-JF")),
    el("div", {}, labelled("presences-date", "Jour", el("input", { type: "date", name: "date", required: "",
      value: date || todayParis() }))),
    el("button", { type: "submit" }, "Afficher la liste"),
    el("p", { class: "error", "data-for": "form" }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const activity = form.activity_id.value.trim();
    const day = form.date.value;
    const errors = [!activity ? { field: "activity_id", code: "required" } : null,
      !DAY.test(day) ? { field: "date", code: "required" } : null].filter(Boolean);
    if (errors.length) { showProblem(form, { errors }, MESSAGES); return; }
    location.hash = `#/presences/${encodeURIComponent(activity)}/${day}`;
  });
  return form;
}

function unitNodes(unit) {
  const taken = unit.capacity === null ? plural(unit.booked, "place prise", "places prises")
    : `${unit.booked} place${unit.booked > 1 ? "s" : ""} prise${unit.booked > 1 ? "s" : ""} sur ${unit.capacity}`;
  const counts = `${taken} (dont ${plural(unit.absent, "absent", "absents")}), ${unit.waiting} en liste d'attente.`;
  const rows = unit.children.map((child) => el("tr", { class: `presence-${child.status}` },
    [child.last_name, child.first_name, child.class || "—", STATUSES[child.status] || child.status, ""]
      .map((text, i) => el("td", i === 4 ? { class: "emargement" } : {}, text))));
  return el("section", { class: "unite-presence" },
    el("h3", {}, unit.label),
    el("p", { class: "comptes" }, counts),
    unit.children.length ? el("table", { class: "presences" },
      el("caption", { class: "sr-only" }, `${unit.label} : les enfants`),
      el("thead", {}, el("tr", {}, COLUMNS.map((label) => el("th", { scope: "col" }, label)))),
      el("tbody", {}, rows)) : el("p", {}, "Aucun enfant ce jour."));
}

async function attendanceScreen(activityId, date) {
  const form = queryForm(activityId, date);
  if (!activityId || !date || !DAY.test(date)) {
    screen(TITLE, el("p", { class: "no-print" }, "Choisissez l'activité et le jour : la liste des enfants "
      + "attendus, par unité, s'affiche prête à imprimer."), form);
    return;
  }
  const mine = ticket();
  const path = `/admin/activities/${encodeURIComponent(activityId)}/attendance?${new URLSearchParams({ date })}`;
  const answer = await call("GET", path);
  if (ticket() !== mine) return;
  if (answer.status === 404 || answer.status === 422) { // an unknown activity is said beside its code
    screen(TITLE, form);
    const unknown = answer.status === 404 ? { errors: [{ field: "activity_id", code: "activity_not_found" }] } : null;
    showProblem(form, unknown || answer.data, MESSAGES);
    (form.querySelector("[aria-invalid=true]") || form.activity_id).focus();
    return;
  }
  if (answer.status !== 200) {
    screen(TITLE, form, trouble(answer, "La liste n'a pas pu être chargée."));
    return;
  }
  const list = answer.data;
  const print = el("button", { type: "button", class: "no-print", id: "imprimer" }, "Imprimer");
  print.addEventListener("click", () => window.print());
  screen(TITLE, form,
    el("div", { class: "liste-presence" },
      el("div", { class: "entete-liste" }, el("h2", {}, `${list.activity_id} – ${dayFr(list.date, true)}`), print),
      list.units.length ? list.units.map(unitNodes) : el("p", {}, "Cette activité n'a aucune unité.")));
}

export const routes = [
  { hash: "#/presences", title: TITLE, menu: { label: TITLE, order: 20 }, permission: "attendance",
    access: "logged-in", render: (activityId, date) => attendanceScreen(activityId, date) },
];
