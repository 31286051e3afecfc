// "Prise de rendez-vous" (#/prise-de-rendez-vous): the town's agendas open to appointments (GET /agendas, by
// label), each a card with its label (a link to its week of free slots), its place and how long an
// appointment lasts; « Mes rendez-vous » a link away. Labels and places are the town's words: set as text.
import { el, showNodes } from "../../core/render.js";
import { MINE_HASH, MINE_TITLE, TITLE, agendaHash, call, factsList, plural } from "./shared.js";

const minutes = (n) => plural(n, "minute", "minutes");

function agendaItem(agenda) {
  return el("li", { class: "fiche agenda" },
    el("h2", {}, el("a", { href: agendaHash(agenda.agenda_id) }, agenda.label)),
    factsList([["Lieu", agenda.place], ["Durée d'un rendez-vous", minutes(agenda.slot_minutes)]]));
}

export async function agendasScreen() {
  const here = location.hash;
  const { status, data } = await call("GET", "/agendas");
  if (location.hash !== here) return; // the visitor went elsewhere meanwhile
  const mine = el("p", {}, el("a", { href: MINE_HASH, class: "bouton" }, MINE_TITLE));
  if (status !== 200) {
    showNodes(TITLE, el("p", { class: "error" }, "Impossible de charger les services qui prennent des "
      + "rendez-vous. Réessayez plus tard."), mine);
    return;
  }
  if (!data.items.length) {
    showNodes(TITLE, el("p", {}, "Votre mairie ne propose pas encore de rendez-vous en ligne."), mine);
    return;
  }
  showNodes(TITLE,
    el("p", {}, "Choisissez le service avec qui prendre rendez-vous, puis un créneau libre. Vous retrouvez vos "
      + "rendez-vous, et pouvez les annuler, dans ", el("a", { href: MINE_HASH }, MINE_TITLE), "."),
    el("ul", { class: "agendas" }, data.items.map(agendaItem)));
}
