// A conversation a parent opened with one of the agent's services (#/threads/{thread_id}: the address the
// service's mails link to; GET /admin/threads/{id}, the agent's services' only): its subject, service, state,
// who wrote and for which family, its messages in order (each with the papers attached, a link to their screen
// when the agent may open them); while it is open, a reply signed with the agent's own name (GET /agent/me;
// POST /admin/threads/{id}/messages) and « Clore la conversation », confirmed first (POST …/closure). A closed
// conversation says so, without a reply box. Everything a parent typed (the subject, the messages, the names)
// is set as text, its line breaks kept (console.css).
import { showProblem } from "../core/problems.js";
import { announce, el } from "../core/render.js";
import { labelled } from "../areas/requests.js";
import { TITLE as INBOX } from "./inbox.js";
import { ticket } from "./router.js";
import { agentMe, agentName, call, facts, holds, NO_ACCESS, personName, retryText, screen, trouble, when }
  from "./session.js";

const TITLE = "Conversation";
export const TEXT_MAX = 5000;
const TOO_LONG = `Ce texte est trop long (${TEXT_MAX.toLocaleString("fr-FR")} caractères au plus).`;
const EMPTY = "Écrivez votre réponse avant de l'envoyer.";
// The problems of this screen in French, by the API's codes.
const MESSAGES = {
  required: EMPTY,
  too_short: EMPTY,
  too_long: TOO_LONG,
  string_too_long: TOO_LONG,
  invalid_text: "Ce texte contient des caractères non autorisés (des caractères de contrôle) : retirez-les.",
  thread_closed: "Cette conversation a été close entre-temps : votre réponse n'a pas été envoyée. Rechargez la "
    + "page pour la voir à jour.",
  thread_not_found: "Cette conversation n'existe plus : le compte de la famille a peut-être été supprimé.",
  permission_denied: NO_ACCESS,
};
const MISSING = "Cette conversation est introuvable : vérifiez le lien. Seules les conversations de vos services "
  + "s'affichent ici.";
const SIDES = { citizen: "Famille", town: "Mairie" };

const path = (thread) => `/admin/threads/${encodeURIComponent(thread.thread_id)}`;
const back = () => el("p", {}, el("a", { href: "#/a-traiter" }, `Retour à « ${INBOX} »`));
const plural = (n, word) => `${n} ${word}${n > 1 ? "s" : ""}`;

// What the API refused, said in the form (``general`` its summary) and announced, the first field focused.
function refused(form, general, answer, fallback) {
  if ([0, 429, 503].includes(answer.status)) {
    showProblem(form, { code: "unavailable" }, { unavailable: retryText(answer.headers) });
  } else showProblem(form, answer.data || { detail: fallback }, MESSAGES);
  const first = form.querySelector("[aria-invalid=true]");
  (first || general).focus();
  announce(general.textContent);
}

// ---- The conversation -----------------------------------------------------------------------------------

function state(thread) {
  if (thread.status === "closed") return el("strong", { class: "statut-close" }, "Close");
  return el("strong", { class: "statut-ouverte" }, thread.awaiting_answer ? "Ouverte, en attente de votre réponse"
    : "Ouverte, répondue");
}

// Whether the family read the town's messages: its unread count, once the town wrote.
function readByFamily(thread) {
  if (!thread.messages.some((message) => message.from === "town")) return null;
  if (!thread.unread) return ["Lue par la famille", "Oui, tous les messages de la mairie"];
  return ["Lue par la famille", `Non : ${plural(thread.unread, "message")} de la mairie non lu${
    thread.unread > 1 ? "s" : ""}`];
}

function threadFacts(thread, agent) {
  const account = thread.account;
  const family = thread.family_id && (holds(agent, "requests") || holds(agent, "documents"))
    ? [thread.family_id, " · ", el("a", { href: `#/famille/${encodeURIComponent(thread.family_id)}`,
      class: "dossier" }, "Dossier de la famille")]
    : thread.family_id;
  return facts([
    ["Service", thread.service_id],
    ["État", state(thread)],
    ["Écrite par", account ? `${personName(account)} (${account.email})` : "Compte supprimé depuis"],
    ["Famille", family || "Aucune famille indiquée"],
    ["Ouverte le", when(thread.created_at)],
    ["Dernier message", when(thread.last_message_at)],
    readByFamily(thread),
  ]);
}

// The papers attached to a message: a link to the document's screen when the agent may open it.
function papers(message, agent) {
  if (!message.document_ids.length) return null;
  const linked = holds(agent, "documents");
  return el("div", { class: "pieces" }, el("p", {}, "Pièces jointes :"),
    el("ul", {}, message.document_ids.map((id, i) => el("li", {},
      linked ? el("a", { href: `#/document/${encodeURIComponent(id)}` }, `Pièce jointe ${i + 1}`)
        : `Pièce jointe ${i + 1}`, ` (${id})`))));
}

function messageList(thread, agent) {
  return el("ol", { class: "fil", "aria-label": "Messages, du plus ancien au plus récent" },
    thread.messages.map((message) => el("li", { class: `message message-${message.from}` },
      el("h3", {}, message.author, el("span", { class: "cote" }, ` · ${SIDES[message.from] || message.from}`)),
      el("p", { class: "date-message" }, `Le ${when(message.sent_at)}`),
      el("p", { class: "texte-message" }, message.text),
      papers(message, agent))));
}

// ---- Reply and close ------------------------------------------------------------------------------------

// The reply, signed with the agent's name (the API signs an agent's message with its own name whatever is
// sent); once sent, the conversation read again, else drawn with the message added.
function replyForm(thread, agent) {
  const name = agentName(agent);
  const text = el("textarea", { name: "text", rows: "6", maxlength: String(TEXT_MAX) });
  const send = el("button", { type: "submit", id: "envoyer" }, "Envoyer la réponse");
  const general = el("p", { class: "error", "data-for": "form", tabindex: "-1" });
  const form = el("form", { class: "reponse", id: "reponse", novalidate: "" },
    el("h2", {}, "Répondre"),
    labelled("reponse-texte", "Votre réponse", text, "5 000 caractères au plus : la famille la lit dans le portail, "
      + "et en est prévenue par email (sans le texte)"),
    el("p", { class: "signature", id: "signature" }, `Signé : ${name}`),
    general,
    el("div", { class: "actions" }, send));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const typed = text.value.trim();
    if (!typed) {
      showProblem(form, { errors: [{ field: "text", code: "required" }] }, MESSAGES);
      text.focus();
      return;
    }
    const mine = ticket();
    send.disabled = true; // a double click sends once
    const answer = await call("POST", `${path(thread)}/messages`, { text: typed, author: name });
    send.disabled = false;
    if (ticket() !== mine) return;
    if (answer.status === 201) {
      const again = await call("GET", path(thread));
      if (ticket() !== mine) return;
      const written = answer.data;
      drawThread(again.status === 200 ? again.data : { ...thread, messages: [...thread.messages, written],
        last_message_at: written.sent_at, awaiting_answer: false, unread: thread.unread + 1 }, agent,
      el("p", { class: "ok resultat-decision", tabindex: "-1" }, `Réponse envoyée, signée ${written.author} : `
        + "la famille en est prévenue par email."));
      return;
    }
    if (answer.status === 409 || answer.status === 404) { // nothing can be sent here any more
      send.hidden = true;
      document.querySelectorAll(".cloture").forEach((box) => { box.hidden = true; });
    }
    refused(form, general, answer, "La réponse n'a pas pu être envoyée.");
  });
  return form;
}

// « Clore la conversation », then its confirmation in the page: « Oui, clore » or « Annuler ».
function closeBox(thread, agent) {
  const ask = el("button", { type: "button", class: "secondary clore", id: "clore", "aria-expanded": "false",
    "aria-controls": "confirmer-cloture" }, "Clore la conversation");
  const yes = el("button", { type: "button", class: "clore-oui", id: "clore-oui" }, "Oui, clore la conversation");
  const no = el("button", { type: "button", class: "secondary", id: "clore-non" }, "Annuler");
  const question = el("p", { id: "question-cloture", tabindex: "-1" }, "Clore cette conversation ? La famille ne "
    + "pourra plus y écrire, et la mairie ne pourra plus y répondre. Elle reste lisible des deux côtés.");
  const general = el("p", { class: "error", "data-for": "form", tabindex: "-1" });
  const confirm = el("div", { class: "confirmation", id: "confirmer-cloture", role: "group",
    "aria-labelledby": "question-cloture", hidden: "" }, question, general, el("div", { class: "actions" }, yes, no));
  const toggle = (shown) => {
    confirm.hidden = !shown;
    ask.setAttribute("aria-expanded", String(shown));
    (shown ? question : ask).focus();
  };
  ask.addEventListener("click", () => toggle(confirm.hidden));
  no.addEventListener("click", () => toggle(false));
  yes.addEventListener("click", async () => {
    const mine = ticket();
    [yes.disabled, no.disabled] = [true, true];
    const answer = await call("POST", `${path(thread)}/closure`);
    [yes.disabled, no.disabled] = [false, false];
    if (ticket() !== mine) return;
    if (answer.status === 200) {
      drawThread(answer.data, agent, el("p", { class: "ok resultat-decision", tabindex: "-1" },
        "Conversation close : la famille ne peut plus y écrire."));
      return;
    }
    if (answer.status === 404) yes.hidden = true;
    refused(confirm, general, answer, "La conversation n'a pas pu être close.");
  });
  return el("div", { class: "cloture" }, ask, confirm);
}

// ---- The screen -----------------------------------------------------------------------------------------

function drawThread(thread, agent, said = null) {
  const open = thread.status === "open";
  screen(TITLE, said,
    el("h2", { class: "resume sujet" }, thread.subject),
    threadFacts(thread, agent),
    el("h2", {}, "Messages"),
    messageList(thread, agent),
    open ? [replyForm(thread, agent), closeBox(thread, agent)]
      : el("p", { class: "info conversation-close", id: "conversation-close" }, "Cette conversation est close : "
        + "la famille ne peut plus y écrire, et on ne peut plus y répondre."),
    back());
  if (said) said.focus();
}

async function threadScreen(threadId) {
  if (!threadId) {
    screen(TITLE, el("p", { class: "error" }, MISSING), back());
    return;
  }
  const mine = ticket();
  const [answer, me] = await Promise.all([call("GET", `/admin/threads/${encodeURIComponent(threadId)}`),
    agentMe()]);
  if (ticket() !== mine) return; // the agent went elsewhere meanwhile, or the session ended
  if (answer.status === 404) {
    screen(TITLE, el("p", { class: "error" }, MISSING), back());
    return;
  }
  if (answer.status !== 200) {
    screen(TITLE, trouble(answer, "La conversation n'a pas pu être chargée."));
    return;
  }
  if (me.status !== 200) { // the name a reply is signed with is unknown
    screen(TITLE, trouble(me, "Votre accès n'a pas pu être lu."));
    return;
  }
  drawThread(answer.data, me.data);
}

export const routes = [
  { hash: "#/threads", title: TITLE, within: "#/a-traiter", access: "logged-in",
    render: (threadId) => threadScreen(threadId) },
];
