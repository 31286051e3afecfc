// Bookings ("Réservations", in the Espace famille, #/famille): the children of the families the account
// follows, each with its activities and, per activity, a link to its booking calendar (calendar.js).
import { api } from "../../core/api.js";
import { dateFr } from "../../core/format.js";
import { esc, show } from "../../core/render.js";
import { row, table } from "../../core/tables.js";
import { calendarHash } from "./shared.js";

const ACTIVITY_COLUMNS = [["Activité"], ["Nature"], ["Du"], ["Au"], ["Calendrier", "action"]];

function childSection(child, index) {
  const name = `${child.first_name} ${child.last_name}`;
  const about = [child.birth_date ? `né(e) le ${dateFr(child.birth_date)}` : "", child.school,
    child.class ? `classe : ${child.class}` : ""].filter(Boolean).map(esc).join(" · ");
  const rows = child.activities.map((a) => row(ACTIVITY_COLUMNS, [esc(a.label), esc(a.nature), dateFr(a.from),
    dateFr(a.to), `<a href="${calendarHash(child.child_id, a.activity_id)}">Calendrier<span class="sr-only"> de `
      + `${esc(child.first_name)} pour ${esc(a.label)}</span></a>`])).join("");
  return `<section class="enfant" aria-labelledby="enfant-${index}">
    <h2 id="enfant-${index}">${esc(name)}</h2>${about ? `<p>${about}</p>` : ""}
    ${rows ? table(`Activités de ${esc(child.first_name)}`, ACTIVITY_COLUMNS, rows)
    : "<p>Aucune inscription en cours.</p>"}</section>`;
}

export async function childrenScreen() {
  const { status, data } = await api("GET", "/children");
  if (status !== 200) return show("Réservations", '<p class="error">Impossible de charger vos enfants.</p>');
  if (!data.items.length) {
    return show("Réservations", "<p>Aucun enfant à afficher : abonnez-vous d'abord à votre famille dans "
      + '<a href="#/abonnements">Mes abonnements</a>.</p>');
  }
  show("Réservations", `<p>Choisissez le calendrier d'un enfant pour réserver, annuler ou signaler une absence.
    Pour inscrire un enfant à une autre activité, demandez-le dans <a href="#/inscriptions">Inscriptions</a>.</p>
    ${data.items.map(childSection).join("")}`);
}
