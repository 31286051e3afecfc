// A conversation (#/messages/{thread_id}, where the mails of the town's answers lead): its service, family,
// state and start, then its messages in order, each with who wrote it, when, its text (line breaks kept) and
// the papers it carries by their names; reading it sets its unread count to 0 (GET /threads/{id}). Under
// them, "Répondre" (POST /threads/{id}/messages) with papers of the conversation's family; once the town
// closed the conversation, a sentence instead. Everything people typed is set as text, never as markup.
import { formValues } from "../../core/forms.js";
import { instantFr } from "../../core/format.js";
import { announce, el, showNodes } from "../../core/render.js";
import { labelled } from "../requests.js";
import { CLOSED, MAX_TEXT, STATUSES, TITLE, attachedNodes, attachmentsField, call, chosenPapers, familyLabel,
  papersOf, sentFlash, showRefusal, takeFlash, threadPath } from "./shared.js";

const back = () => el("p", {}, el("a", { href: "#/messages" }, `Retour à ${TITLE}`));

function messageItem(message, names) {
  const town = message.from === "town";
  return el("li", { class: town ? "message message-mairie" : "message message-famille" },
    el("h3", {}, town ? `${message.author}, pour la mairie` : "Vous"),
    el("p", { class: "envoye-le" }, "Envoyé le ",
      el("time", { datetime: message.sent_at }, instantFr(message.sent_at))),
    el("div", { class: "texte" }, message.text),
    attachedNodes(message.document_ids || [], names));
}

function closedNote() {
  return el("p", { class: "note conversation-close" }, CLOSED, " Pour une nouvelle question, ",
    el("a", { href: "#/messages/nouveau" }, "écrivez un nouveau message"), ".");
}

// "Répondre": the text and the papers; sent, the conversation is drawn again, saying so. A conversation the
// town closed meanwhile (409) keeps what was typed, read only, and says it is closed. ``view`` holds the
// conversation's state in its facts and what the page said last (gone once the parent writes again).
function replyForm(thread, papers, view) {
  const text = el("textarea", { name: "text", rows: "6", required: "", maxlength: String(MAX_TEXT) });
  const button = el("button", { type: "submit" }, "Envoyer");
  const form = el("form", { id: "reponse", novalidate: "" },
    labelled("reponse-texte", "Votre message *", text, `${MAX_TEXT.toLocaleString("fr-FR")} caractères au plus`),
    papers.groups.length ? attachmentsField("reponse", papers.groups) : null,
    el("p", { class: "error", "data-for": "form", tabindex: "-1" }),
    button);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { text: formValues(form).text };
    const chosen = chosenPapers(form);
    if (chosen.length) body.document_ids = chosen;
    button.disabled = true; // a double click writes once
    if (view.flash) view.flash.remove();
    const answer = await call("POST", `${threadPath(thread.thread_id)}/messages`, body);
    if (answer.status === 201) {
      sentFlash("Votre message est envoyé.");
      await threadScreen(thread.thread_id);
      return;
    }
    const closed = answer.status === 409 && answer.data && answer.data.code === "thread_closed";
    button.disabled = closed;
    if (closed) {
      text.readOnly = true;
      form.querySelectorAll("input[type=checkbox]").forEach((box) => { box.disabled = true; });
      view.state.className = "statut-closed";
      view.state.textContent = STATUSES.closed;
    }
    showRefusal(form, answer);
  });
  return form;
}

function factsNode(thread, services, families, state) {
  const facts = [
    ["Service", services.get(thread.service_id) || thread.service_id],
    thread.family_id ? ["Famille", familyLabel(families, thread.family_id)] : null,
    ["État", state],
    ["Commencée le", instantFr(thread.created_at)],
  ].filter(Boolean);
  return el("dl", { class: "faits" }, facts.map(([term, value]) => [el("dt", {}, term), el("dd", {}, value)]));
}

export async function threadScreen(threadId) {
  const here = location.hash;
  const [found, services, families] = await Promise.all([call("GET", threadPath(threadId)),
    call("GET", "/services"), call("GET", "/subscriptions")]);
  if (location.hash !== here) return; // the parent went elsewhere meanwhile
  if (found.status === 404) {
    showNodes("Conversation introuvable", el("p", { class: "error" }, "Cette conversation n'existe pas ou "
      + "n'appartient pas à votre compte."), back());
    return;
  }
  if (found.status !== 200) {
    showNodes(TITLE, el("p", { class: "error" }, "Impossible de charger cette conversation. Réessayez plus tard."),
      back());
    return;
  }
  const thread = found.data;
  const followed = families.status === 200 ? families.data.items : [];
  // The papers of the conversation's family, or of every family followed for a conversation about none.
  const papers = await papersOf(thread.family_id ? followed.filter((f) => f.family_id === thread.family_id)
    : followed);
  if (location.hash !== here) return;
  const labels = new Map(services.status === 200 ? services.data.items.map((s) => [s.service_id, s.label]) : []);
  const state = el("strong", { class: `statut-${thread.status}` }, STATUSES[thread.status] || thread.status);
  const said = takeFlash();
  const flash = said ? el("p", { class: "ok", tabindex: "-1" }, said) : null;
  const open = thread.status === "open";
  showNodes(thread.subject, flash, factsNode(thread, labels, followed, state),
    el("h2", {}, `Messages (${thread.messages.length})`),
    el("ol", { class: "messages" }, thread.messages.map((message) => messageItem(message, papers.names))),
    el("h2", {}, "Répondre"),
    open ? replyForm(thread, papers, { state, flash }) : closedNote(),
    back());
  if (flash) {
    flash.focus();
    announce(said);
  }
}
