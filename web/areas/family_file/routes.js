// The family's file ("Mon dossier", #/dossier): what the town holds on each family the account follows
// (GET /families/{family_id}/file), and changing it. One family followed: #/dossier shows its file; several:
// #/dossier lists them, and #/dossier/{family_id} shows one. The modules:
// - view.js: the guardians and the children, read, each part a parent may change with its "Modifier";
// - groups.js: the fields of each part (contact details, health, authorisations, pickups), and what changed;
// - edit.js: a part's form, sending only what changed (POST …/file/changes), the API's errors beside fields;
// - values.js: the diets in French, the contract's limits, the comparisons (phones as +33…);
// - this one: the screens, what became of a change (applied, or sent to the town), the changes waiting for
//   the town, and certifying the file when the town asks for it (POST …/file/certification).
import { instantDayFr } from "../../core/format.js";
import { el, showNodes } from "../../core/render.js";
import { GROUPS } from "../../core/router.js";
import { call, retryText } from "./edit.js";
import { fileNodes } from "./view.js";

const TITLE = "Mon dossier";
const LOAD_FAILED = "Impossible de charger votre dossier. Réessayez plus tard.";
const APPLIED = "Modification enregistrée.";
const SENT = "Demande envoyée à la mairie : elle apparaîtra dans votre dossier une fois acceptée.";

let flash = null; // what the file says first, once, when it reloads: the outcome of a change or a certification
const filePath = (familyId) => `/families/${encodeURIComponent(familyId)}/file`;
const demandes = (label) => el("a", { href: "#/demandes" }, label);

// ---- What the file says first --------------------------------------------------------------------------

// The outcome of the change or certification just made: focused once the file is redrawn.
function flashNode() {
  const said = flash;
  flash = null;
  if (!said) return null;
  return el("p", { class: "ok resultat-dossier", tabindex: "-1" }, said);
}

// A request made (POST …/file/changes, 201): applied at once, or sent to the town.
function outcome(request) {
  if (request.status === "applied") return [APPLIED];
  return [SENT, " ", demandes("Suivre mes demandes")];
}

function pendingNote(file) {
  const count = file.pending_request_ids.length;
  if (!count) return null;
  const [what, them] = count > 1 ? ["demandes de modification attendent", "les"]
    : ["demande de modification attend", "la"];
  return el("p", { class: "note en-attente" }, `${count} ${what} la réponse de la mairie : votre dossier `
    + `changera quand elle ${them === "la" ? "l'" : "les "}aura accepté${count > 1 ? "es" : "e"}. Suivez-${them} `
    + "dans ", demandes("Mes demandes"), ".");
}

// Certifying the file, when the town asks for it (certification_due), and when it last was.
function certification(file, reload) {
  const last = file.certified_at ? el("p", { class: "certifie" },
    `Dossier certifié le ${instantDayFr(file.certified_at)}.`) : null;
  if (!file.certification_due) return last;
  const said = el("p", { class: "error", tabindex: "-1" });
  const button = el("button", { type: "button" }, "Je certifie que mon dossier est à jour");
  button.addEventListener("click", async () => {
    button.disabled = true;
    const { status, headers } = await call("POST", `${filePath(file.family_id)}/certification`);
    button.disabled = false;
    if (status === 200) {
      flash = ["Merci : votre dossier est certifié à jour."];
      await reload();
      return;
    }
    if (status === 404) said.textContent = "Cette famille n'est pas suivie par votre compte.";
    else if (status === 429 || status === 503 || status === 0) said.textContent = retryText(headers);
    else said.textContent = "Le dossier n'a pas pu être certifié. Réessayez plus tard.";
    said.focus();
  });
  return el("div", { class: "note certification" }, last,
    el("p", {}, "Votre mairie vous demande de vérifier votre dossier. Corrigez ce qui n'est plus exact avec "
      + "« Modifier », puis certifiez qu'il est à jour."), button, said);
}

// ---- The screens ---------------------------------------------------------------------------------------

async function familyScreen(familyId, several, here) {
  const { status, data } = await call("GET", filePath(familyId));
  if (location.hash !== here) return; // the parent went elsewhere meanwhile
  if (status === 404) {
    showNodes("Dossier introuvable",
      el("p", { class: "error" }, "Cette famille n'existe pas ou n'est pas suivie par votre compte."),
      el("p", {}, el("a", { href: "#/dossier" }, "Retour à mon dossier")));
    return;
  }
  if (status !== 200) {
    showNodes(TITLE, el("p", { class: "error" }, LOAD_FAILED));
    return;
  }
  const reload = () => familyScreen(familyId, several, here);
  const ctx = {
    familyId,
    done: async (request) => { // a change made: the file again, saying what became of it
      flash = outcome(request);
      await reload();
    },
  };
  const said = flashNode();
  showNodes(`${TITLE} – ${data.label}`, said, certification(data, reload), pendingNote(data),
    el("p", {}, "Pour corriger une information, choisissez « Modifier » sous la partie concernée. Selon votre "
      + "mairie, la modification est enregistrée aussitôt ou lui est envoyée pour accord."),
    fileNodes(data, ctx),
    several ? el("p", {}, el("a", { href: "#/dossier" }, "Retour à mes familles")) : null);
  if (said) said.focus();
}

// #/dossier: the file of the one family followed, or the list of the families; #/dossier/{family_id}: one.
async function fileScreen(familyId) {
  const here = location.hash;
  const { status, data } = await call("GET", "/subscriptions");
  if (location.hash !== here) return;
  if (status !== 200) {
    showNodes(TITLE, el("p", { class: "error" }, LOAD_FAILED));
    return;
  }
  const families = data.items;
  if (familyId || families.length === 1) {
    await familyScreen(familyId || families[0].family_id, families.length > 1, here);
    return;
  }
  if (!families.length) {
    showNodes(TITLE, el("p", {}, "Aucun dossier à afficher : abonnez-vous d'abord à votre famille dans ",
      el("a", { href: "#/abonnements" }, "Mes abonnements"), "."));
    return;
  }
  showNodes(TITLE, el("p", {}, "Votre compte suit plusieurs familles : choisissez le dossier à consulter."),
    el("ul", {}, families.map((family) => el("li", {},
      el("a", { href: `#/dossier/${encodeURIComponent(family.family_id)}` }, family.label)))));
}

export const routes = [
  { hash: "#/dossier", title: TITLE, menu: { label: TITLE, order: 16, group: GROUPS.family }, access: "logged-in",
    render: (familyId) => fileScreen(familyId) },
];
