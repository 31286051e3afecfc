// One request or one document, read from the town's feed of its kind (GET /admin/requests or /admin/documents
// ?since=…, a page of 500 at a time with next_cursor): the API has no route for one object of the town, so the
// console reads the feed from its beginning and stops at the object. The feed lists an object once its last
// change is 30 seconds old: one that just arrived, or was just decided, is not in it yet; its screen says so
// and looks again a few times.
import { el } from "../core/render.js";
import { ticket } from "./router.js";
import { call, screen, trouble } from "./session.js";

const SINCE = "2000-01-01T00:00:00Z"; // before any object: the whole feed
const RETRY_MS = 5000;
const RETRIES = 9; // 45 seconds: more than the 30 a change takes to be listed

const pause = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

// The object whose ``key`` is ``id`` in the feed ``feed`` ("requests", "documents"): { answer, found }, found
// null when it is not (yet) listed, or when the call failed (``answer`` says how).
async function findInFeed(feed, key, id, mine) {
  let cursor = null;
  for (;;) {
    const query = new URLSearchParams({ since: SINCE });
    if (cursor) query.set("cursor", cursor);
    const answer = await call("GET", `/admin/${feed}?${query}`);
    if (answer.status !== 200 || ticket() !== mine) return { answer, found: null };
    const found = answer.data.items.find((item) => item[key] === id);
    cursor = answer.data.next_cursor;
    if (found || !cursor) return { answer, found: found || null };
  }
}

// A screen of one object: drawn by ``draw`` once found; while it is not listed yet, « … n'apparaît pas encore »
// and another look every few seconds, then « introuvable » with « Réessayer ». ``words``: { title, loadFailed,
// waiting, missing } in French.
export async function showFromFeed(feed, key, id, words, draw) {
  const mine = ticket();
  for (let attempt = 0; ; attempt += 1) {
    const { answer, found } = await findInFeed(feed, key, id, mine);
    if (ticket() !== mine) return; // the agent went elsewhere meanwhile, or the session ended
    if (found) { draw(found); return; }
    if (answer.status !== 200) { screen(words.title, trouble(answer, words.loadFailed)); return; }
    if (attempt >= RETRIES) {
      const again = el("button", { type: "button", class: "secondary" }, "Réessayer");
      again.addEventListener("click", () => showFromFeed(feed, key, id, words, draw));
      screen(words.title, el("p", { class: "error" }, words.missing), again,
        el("p", {}, el("a", { href: "#/a-traiter" }, "Retour à « À traiter »")));
      return;
    }
    if (attempt === 0) {
      screen(words.title, el("p", { class: "info attente", role: "status" }, words.waiting),
        el("p", {}, el("a", { href: "#/a-traiter" }, "Retour à « À traiter »")));
    }
    await pause(RETRY_MS);
    if (ticket() !== mine) return;
  }
}
