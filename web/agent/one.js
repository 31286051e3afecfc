// One request or one document of the town (GET /admin/requests/{id}, /admin/documents/{id}): drawn by ``draw``
// once read; unknown, « introuvable » with a way back to the inbox; any other trouble, said in French.
import { el } from "../core/render.js";
import { ticket } from "./router.js";
import { call, screen, trouble } from "./session.js";

// ``kind``: "requests" or "documents"; ``words``: { title, loadFailed, missing } in French.
export async function showOne(kind, id, words, draw) {
  const mine = ticket();
  const answer = await call("GET", `/admin/${kind}/${encodeURIComponent(id)}`);
  if (ticket() !== mine) return; // the agent went elsewhere meanwhile, or the session ended
  if (answer.status === 200) { draw(answer.data); return; }
  if (answer.status === 404) {
    screen(words.title, el("p", { class: "error" }, words.missing),
      el("p", {}, el("a", { href: "#/a-traiter" }, "Retour à « À traiter »")));
    return;
  }
  screen(words.title, trouble(answer, words.loadFailed));
}
