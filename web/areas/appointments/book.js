// The confirmation step of a slot chosen in the week (week.js): what is about to be booked (service, place,
// Paris day and hours), an optional note for the town (plain text, 500 characters), « Confirmer le
// rendez-vous » (POST /appointments) or « Choisir un autre créneau ». Booked: the answer, with the note as
// typed and until when it can be cancelled online. Refused: the limit of appointments, a note the API refuses
// (beside it) or an unreachable API are said in the step; a slot gone meanwhile (full, no longer a slot or
// no longer bookable) sends the visitor back to the week, read again, saying why. The note is what the
// visitor typed: it reaches the page as text, never as markup.
import { formValues } from "../../core/forms.js";
import { announce, el } from "../../core/render.js";
import { labelled } from "../requests.js";
import { BACK_TO_WEEK, FAILED, MAX_NOTE, MESSAGES, MINE_HASH, call, codeOf, factsList, fieldOf, hoursText,
  whenDay, whenText } from "./shared.js";

const recap = (agenda, slot) => [["Service", agenda.label], ["Lieu", agenda.place], ["Date", whenDay(slot.start)],
  ["Heure", hoursText(slot.start, slot.end)]];

// The refusal said in the step: beside the note when it names it, else under the buttons (the limit with a
// link to « Mes rendez-vous »); announced, and the focus to the note or to the message.
function showRefusal(form, answer) {
  const code = codeOf(answer.data);
  const text = MESSAGES[code] || FAILED;
  const note = form.querySelector("[name=note]");
  const noteSlot = form.querySelector(".error[data-for=note]");
  const general = form.querySelector(".error[data-for=form]");
  const aboutNote = answer.status === 422 && fieldOf(answer.data) === "note";
  noteSlot.textContent = aboutNote ? text : "";
  if (aboutNote) note.setAttribute("aria-invalid", "true"); else note.removeAttribute("aria-invalid");
  general.replaceChildren(...(aboutNote ? [] : [text]),
    ...(code === "appointment_limit" ? [" ", el("a", { href: MINE_HASH }, "Voir mes rendez-vous")] : []));
  announce(text);
  (aboutNote ? note : general).focus();
}

function answerNodes(section, booked, steps) {
  const again = el("button", { type: "button", class: "secondary" }, "Prendre un autre rendez-vous");
  again.addEventListener("click", () => steps.reload(null));
  const said = "Votre rendez-vous est confirmé. Un email vous le confirme, avec un fichier pour l'ajouter à votre "
    + "agenda.";
  section.replaceChildren(
    el("h2", { id: "etape-titre", tabindex: "-1" }, "Rendez-vous confirmé"),
    el("p", { class: "ok" }, said),
    factsList([...recap(booked, booked),
      booked.note ? ["Votre note", el("span", { class: "texte" }, booked.note)] : null,
      ["Annulable en ligne jusqu'au", whenText(booked.cancellable_until)]]),
    el("p", { class: "actions suite" }, el("a", { href: MINE_HASH, class: "bouton" }, "Voir mes rendez-vous"),
      again));
  section.querySelector("h2").focus();
  announce(`Rendez-vous confirmé le ${whenText(booked.start)}.`);
}

export function confirmStep(section, agenda, slot, steps) {
  const note = el("textarea", { name: "note", rows: "4", maxlength: String(MAX_NOTE) });
  const submit = el("button", { type: "submit" }, "Confirmer le rendez-vous");
  const other = el("button", { type: "button", class: "secondary" }, "Choisir un autre créneau");
  const form = el("form", { id: "confirmation", novalidate: "" },
    labelled("rdv-note", "Note pour la mairie", note,
      `Facultatif, ${MAX_NOTE} caractères au plus : ce qui l'aidera à préparer votre rendez-vous`),
    el("p", { class: "error", "data-for": "form", tabindex: "-1" }),
    el("div", { class: "actions" }, submit, other));
  section.replaceChildren(
    el("h2", { id: "etape-titre", tabindex: "-1" }, "Confirmer votre rendez-vous"),
    factsList(recap(agenda, slot)),
    form);
  section.hidden = false;
  section.querySelector("h2").focus();
  other.addEventListener("click", () => steps.back(slot.start));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { agenda_id: agenda.agenda_id, start: slot.start };
    const typed = formValues(form).note;
    if (typed.trim()) body.note = typed;
    submit.disabled = true; // a double click books once
    const answer = await call("POST", "/appointments", body);
    submit.disabled = false;
    if (!section.isConnected) return; // the visitor went elsewhere meanwhile
    if (answer.status === 201) answerNodes(section, answer.data, steps);
    else if (BACK_TO_WEEK.has(codeOf(answer.data))) steps.reload(MESSAGES[codeOf(answer.data)]);
    else showRefusal(form, answer);
  });
}
