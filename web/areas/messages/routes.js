// Messages ("Nous contacter", last in the menu as in the user guide): the account writes to the town's
// services and reads their answers. The modules:
// - list.js: the conversations (#/messages), latest activity first, with their unread counts;
// - compose.js: writing to a service (#/messages/nouveau), optionally about a family, with its papers;
// - thread.js: a conversation (#/messages/{thread_id}, the address the mails of the town's answers carry),
//   its messages in order and the reply, or a sentence once the town closed it;
// - shared.js: the contract's limits, the refusals in French, the papers of Mes documents to attach and name.
// Everything people typed (subjects, messages, file names) is set as text, never as markup.
import { NEW_TITLE, TITLE } from "./shared.js";
import { composeScreen } from "./compose.js";
import { listScreen } from "./list.js";
import { threadScreen } from "./thread.js";

export const routes = [
  { hash: "#/messages", title: TITLE, menu: { label: TITLE, order: 95 }, access: "logged-in",
    render: (threadId) => (threadId ? threadScreen(threadId) : listScreen()) },
  { hash: "#/messages/nouveau", title: NEW_TITLE, within: "#/messages", access: "logged-in",
    render: () => composeScreen() },
];
