// Bookings, the "semaine type" under the calendar: weekdays × units over a period, made into pending changes
// that the parent checks on the calendar, then saves with the others.
import { dayFr } from "../../core/format.js";
import { field, formValues } from "../../core/forms.js";
import { showProblem } from "../../core/problems.js";
import { announce, esc } from "../../core/render.js";
import { FIELD_CODES, cal, clearErrors, fetchDays, held, isIso, keyOf, learn, plural, problemOf, span, toggleable,
  weekday } from "./shared.js";

const WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];

export function typeWeekForm() {
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
export function fillTypeUnits() {
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

// ``drawGrid`` draws the calendar again, with the changes prepared marked.
export function bindTypeWeek(drawGrid) {
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
