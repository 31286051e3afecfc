// "Nous contacter" (#/messages): the account's conversations with the town's services (GET /threads, latest
// activity first, a page at a time with "Voir plus"), each a card with its subject (a link to it), its service,
// its family, its state, its last activity and how many of the town's messages are still unread; a link to
// write a new message. Subjects are what the parent typed: set as text, never as markup.
import { instantFr } from "../../core/format.js";
import { announce, el, showNodes } from "../../core/render.js";
import { NEW_TITLE, STATUSES, TITLE, call, familyLabel, plural, threadHash, unreadText } from "./shared.js";

const count = (n) => `${plural(n, "conversation affichée", "conversations affichées")}.`;

function threadItem(thread, services, families) {
  const facts = [
    ["Service", services.get(thread.service_id) || thread.service_id],
    thread.family_id ? ["Famille", familyLabel(families, thread.family_id)] : null,
    ["État", el("strong", { class: `statut-${thread.status}` }, STATUSES[thread.status] || thread.status)],
    ["Dernière activité", instantFr(thread.last_message_at)],
  ].filter(Boolean);
  const unread = thread.unread > 0;
  return el("li", { class: unread ? "fiche conversation non-lue" : "fiche conversation" },
    el("h2", { tabindex: "-1" }, el("a", { href: threadHash(thread.thread_id) }, thread.subject),
      unread ? [" ", el("span", { class: "non-lus" }, unreadText(thread.unread))] : null),
    el("dl", { class: "faits" }, facts.map(([term, value]) => [el("dt", {}, term), el("dd", {}, value)])));
}

// "Voir plus": the next page under the conversations shown, and the focus to the first of it.
function morePages(first, context, list, shown, more) {
  let [cursor, counted] = [first.next_cursor, first.items.length];
  more.hidden = !cursor;
  more.addEventListener("click", async () => {
    more.disabled = true;
    const { status, data } = await call("GET", `/threads?${new URLSearchParams({ cursor })}`);
    more.disabled = false;
    if (status !== 200) { announce("Les conversations suivantes n'ont pas pu être chargées."); return; }
    const added = data.items.map((thread) => threadItem(thread, context.services, context.families));
    list.append(...added);
    [cursor, counted] = [data.next_cursor, counted + data.items.length];
    shown.textContent = count(counted);
    more.hidden = !cursor;
    if (added.length) added[0].querySelector("h2").focus();
  });
}

export async function listScreen() {
  const here = location.hash;
  const [threads, services, families] = await Promise.all([call("GET", "/threads"), call("GET", "/services"),
    call("GET", "/subscriptions")]);
  if (location.hash !== here) return; // the parent went elsewhere meanwhile
  const intro = el("p", {}, "Écrivez aux services de la mairie : leurs réponses arrivent ici, et un email vous "
    + "prévient de chacune.");
  const write = el("p", {}, el("a", { href: "#/messages/nouveau", class: "bouton" }, NEW_TITLE));
  if (threads.status !== 200) {
    showNodes(TITLE, el("p", { class: "error" }, "Impossible de charger vos messages. Réessayez plus tard."));
    return;
  }
  const data = threads.data;
  if (!data.items.length) {
    showNodes(TITLE, intro, el("p", {}, "Vous n'avez encore écrit à aucun service."), write);
    return;
  }
  const context = {
    services: new Map(services.status === 200 ? services.data.items.map((s) => [s.service_id, s.label]) : []),
    families: families.status === 200 ? families.data.items : [],
  };
  const unread = data.items.reduce((sum, thread) => sum + thread.unread, 0);
  const list = el("ul", { class: "conversations" },
    data.items.map((thread) => threadItem(thread, context.services, context.families)));
  const shown = el("p", { id: "conversations-affichees", "aria-live": "polite" }, count(data.items.length));
  const more = el("button", { type: "button", class: "secondary", id: "voir-plus" }, "Voir plus");
  showNodes(TITLE, intro, write,
    unread ? el("p", { class: "resume-non-lus" }, `Vous avez ${unreadText(unread)} de la mairie.`) : null,
    list, shown, more);
  morePages(data, context, list, shown, more);
}
