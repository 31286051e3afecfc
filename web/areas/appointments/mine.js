// « Mes rendez-vous » (#/rendez-vous, within Prise de rendez-vous; the appointments' mails link here): the
// account's appointments (GET /appointments), those to come first (soonest first), then the past ones, each a
// card with its service, place, Paris day and hours, status, the note the visitor left, the town's reason for a
// cancellation; « Annuler » (after a confirmation, DELETE /appointments/{id}) until `cancellable_until`, and
// after it a sentence saying to call the town. The note and the reason are typed by people: set as text.
import { announce, el, showNodes } from "../../core/render.js";
import { CANCEL_CLOSED, HASH, MESSAGES, MINE_TITLE, appointmentPath, call, codeOf, factsList, hoursText,
  whenDay, whenText } from "./shared.js";

const STATUSES = { booked: "Confirmé", cancelled: "Annulé" };

// What the list says first, once, when it is drawn next: what became of a cancellation.
let flash = null;

const toCome = (appointment) => Date.parse(appointment.end) > Date.now();
const named = (appointment) => `« ${appointment.label} » du ${whenText(appointment.start)}`;

function cancelControl(appointment) {
  if (appointment.status !== "booked" || !toCome(appointment)) return null;
  if (Date.parse(appointment.cancellable_until) < Date.now()) {
    return el("p", { class: "note trop-tard" }, CANCEL_CLOSED);
  }
  const button = el("button", { type: "button", class: "secondary" }, "Annuler",
    el("span", { class: "sr-only" }, ` le rendez-vous ${named(appointment)}`));
  button.addEventListener("click", () => cancel(appointment, button));
  return [el("p", { class: "hint" }, `Annulable en ligne jusqu'au ${whenText(appointment.cancellable_until)}.`),
    button];
}

function appointmentItem(appointment) {
  const cancelled = appointment.status === "cancelled";
  return el("li", { class: `fiche rendez-vous statut-rdv-${appointment.status}` },
    el("h3", {}, appointment.label),
    factsList([
      ["Lieu", appointment.place],
      ["Date", whenDay(appointment.start)],
      ["Heure", hoursText(appointment.start, appointment.end)],
      ["État", el("strong", { class: `statut-${appointment.status}` },
        STATUSES[appointment.status] || appointment.status)],
      cancelled && appointment.reason ? ["Motif de l'annulation", el("span", { class: "motif" },
        appointment.reason)] : null,
      appointment.note ? ["Votre note", el("span", { class: "texte" }, appointment.note)] : null,
    ]),
    cancelControl(appointment));
}

async function cancel(appointment, button) {
  if (!window.confirm(`Annuler le rendez-vous ${named(appointment)} ?`)) return;
  button.disabled = true; // a double click cancels once
  const answer = await call("DELETE", appointmentPath(appointment.appointment_id));
  if (answer.status === 204) {
    flash = ["ok", `Votre rendez-vous ${named(appointment)} est annulé. Un email vous le confirme.`];
  } else if (answer.status === 404 || answer.status === 409) {
    flash = ["error", MESSAGES[codeOf(answer.data)] || "Ce rendez-vous n'a pas pu être annulé."];
  } else {
    button.disabled = false;
    announce("Le rendez-vous n'a pas pu être annulé. Réessayez plus tard.");
    return;
  }
  await mineScreen();
}

function section(id, heading, items) {
  return el("section", { "aria-labelledby": id },
    el("h2", { id }, `${heading} (${items.length})`),
    items.length ? el("ul", { class: "rendez-vous-liste" }, items.map(appointmentItem))
      : el("p", {}, heading === "À venir" ? "Aucun rendez-vous à venir." : "Aucun rendez-vous passé."));
}

export async function mineScreen() {
  const here = location.hash;
  const { status, data } = await call("GET", "/appointments");
  if (location.hash !== here) return; // the visitor went elsewhere meanwhile
  const said = flash;
  flash = null;
  const message = said ? el("p", { class: said[0], tabindex: "-1" }, said[1]) : null;
  const book = el("p", {}, el("a", { href: HASH, class: "bouton" }, "Prendre un rendez-vous"));
  if (status !== 200) {
    showNodes(MINE_TITLE, message, el("p", { class: "error" }, "Impossible de charger vos rendez-vous. "
      + "Réessayez plus tard."), book);
  } else if (!data.items.length) {
    showNodes(MINE_TITLE, message, el("p", {}, "Vous n'avez pris aucun rendez-vous."), book);
  } else {
    showNodes(MINE_TITLE, message, book,
      section("rdv-a-venir", "À venir", data.items.filter(toCome)),
      section("rdv-passes", "Passés", data.items.filter((appointment) => !toCome(appointment))));
  }
  if (message) {
    message.focus();
    announce(said[1]);
  }
}
