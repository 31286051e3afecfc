// Appointments ("Prise de rendez-vous", after Espace facturation in the menu as in the user guide): any
// account, with a family or not, books a slot of the town's agendas and follows its appointments. The modules:
// - agendas.js: the agendas (#/prise-de-rendez-vous), each a link to its week;
// - week.js: an agenda's week of free slots (#/prise-de-rendez-vous/{agenda_id}[/{monday}]) in Paris time;
// - book.js: the confirmation step of a slot chosen, with an optional note, and the booked answer;
// - mine.js: « Mes rendez-vous » (#/rendez-vous, the address the appointments' mails carry), cancelling;
// - shared.js: titles and addresses, Paris days and times, the refusals in French.
// Everything people typed (the note, the town's reason) is set as text, never as markup.
import { agendasScreen } from "./agendas.js";
import { mineScreen } from "./mine.js";
import { HASH, MINE_HASH, MINE_TITLE, TITLE } from "./shared.js";
import { weekScreen } from "./week.js";

export const routes = [
  { hash: HASH, title: TITLE, menu: { label: TITLE, order: 30 }, access: "logged-in",
    render: (agendaId, monday) => (agendaId ? weekScreen(agendaId, monday) : agendasScreen()) },
  { hash: MINE_HASH, title: MINE_TITLE, within: HASH, access: "logged-in", render: () => mineScreen() },
];
