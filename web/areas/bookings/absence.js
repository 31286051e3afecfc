// Bookings, "Signaler une absence" under the calendar: a period (from 7 days ago, 62 days at most) and a
// reason, checked here before POST …/absences; the outcome shown above the calendar, which is then reloaded.
import { api } from "../../core/api.js";
import { dayFr, todayParis } from "../../core/format.js";
import { field, formValues } from "../../core/forms.js";
import { showProblem } from "../../core/problems.js";
import { FIELD_CODES, MAX_DAYS, addDays, byDate, cal, childPath, clearErrors, isIso, plural, problemOf, showOutcome,
  span, splitKey, what } from "./shared.js";

const ABSENCE_PAST_DAYS = 7; // an absence starts at most 7 days ago

export function absenceForm(today) {
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

// ``load`` reloads the calendar from the API (the absent days marked).
export function bindAbsence(load) {
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
