// The family's file ("Mon dossier", #/dossier): what the town holds on each family the account follows, read
// only (GET /families/{family_id}/file): its guardians, and each child with their file (diet, allergies, PAI,
// doctor, authorisations, the people allowed to collect them). One family followed: #/dossier shows its file;
// several: #/dossier lists them, and #/dossier/{family_id} shows one. Everything the API says is set as text
// (textContent, text nodes), never as markup: the file holds what the town and the parents typed.
import { api } from "../core/api.js";
import { dateFr, phoneFr } from "../core/format.js";
import { el, showNodes } from "../core/render.js";
import { GROUPS } from "../core/router.js";

const TITLE = "Mon dossier";
const UNKNOWN = "Non renseigné";
const SOON = "La modification du dossier arrive bientôt : en attendant, contactez la mairie.";
export const DIETS = { standard: "Standard", sans_porc: "Sans porc", sans_viande: "Sans viande",
  vegetarien: "Végétarien", pai: "PAI" };
const CIVILITIES = { M: "M.", MME: "Mme" };
const PICKUP_COLUMNS = ["Nom", "Lien avec l'enfant", "Téléphone"];

// ---- Values in French ----------------------------------------------------------------------------------

const yesNo = (flag) => (flag ? "Oui" : "Non");
const fullName = (person) => `${person.first_name} ${person.last_name}`;

// ---- The DOM, text only --------------------------------------------------------------------------------

// A value of the file: its text (lines: one a line), or « Non renseigné » when the file has none (null).
function valueNodes(shown) {
  if (shown === null || shown === undefined) return el("span", { class: "non-renseigne" }, UNKNOWN);
  if (!Array.isArray(shown)) return shown;
  return shown.flatMap((line, i) => (i ? [el("br"), line] : [line]));
}

// Facts as a definition list: [term, value] pairs.
const facts = (pairs) => el("dl", { class: "faits" },
  pairs.map(([term, shown]) => [el("dt", {}, term), el("dd", {}, valueNodes(shown))]));

// ---- A guardian ----------------------------------------------------------------------------------------

function addressLines(address) {
  if (!address) return null;
  return [address.line1, address.line2, `${address.postcode} ${address.city}`].filter(Boolean);
}

const phoneOrNull = (phone) => (phone ? phoneFr(phone) : null);

function guardianCard(guardian) {
  const name = `${CIVILITIES[guardian.civility] || guardian.civility} ${fullName(guardian)}`;
  return el("section", { class: "fiche" },
    el("h3", {}, name, guardian.payer ? el("span", { class: "payeur" }, " (payeur)") : null),
    facts([
      ["Lien de parenté", guardian.relationship],
      ["Téléphone portable", phoneOrNull(guardian.mobile_phone)],
      ["Téléphone du domicile", phoneOrNull(guardian.home_phone)],
      ["Téléphone professionnel", phoneOrNull(guardian.work_phone)],
      ["Email", guardian.email],
      ["Adresse", addressLines(guardian.address)],
    ]));
}

// ---- A child -------------------------------------------------------------------------------------------

function doctorLines(doctor) {
  if (!doctor) return null;
  return [doctor.name, doctor.phone ? phoneFr(doctor.phone) : null].filter(Boolean);
}

function allergiesText(allergies) {
  if (!allergies) return null;
  return allergies.length ? allergies.join(", ") : "Aucune";
}

// The people allowed to collect the child: a table whose rows become cards on a phone (style.css).
function pickupsTable(child) {
  if (!child.pickups) return el("p", {}, valueNodes(null));
  if (!child.pickups.length) return el("p", {}, "Aucune personne n'est indiquée.");
  const cells = (pickup) => [pickup.name, pickup.relationship, phoneFr(pickup.phone)];
  return el("table", { class: "cards" },
    el("caption", { class: "sr-only" }, `Personnes autorisées à venir chercher ${child.first_name}`),
    el("thead", {}, el("tr", {}, PICKUP_COLUMNS.map((label) => el("th", { scope: "col" }, label)))),
    el("tbody", {}, child.pickups.map((pickup) => el("tr", {},
      cells(pickup).map((text, i) => el("td", { "data-label": PICKUP_COLUMNS[i] }, text))))));
}

function childCard(child) {
  const authorisations = child.authorisations;
  return el("section", { class: "fiche" },
    el("h3", {}, fullName(child)),
    facts([
      ["Date de naissance", dateFr(child.birth_date)],
      ["École", child.school],
      ["Classe", child.class],
    ]),
    el("h4", {}, "Santé"),
    facts([
      ["Régime alimentaire", child.diet ? DIETS[child.diet] || child.diet : null],
      ["Allergies", allergiesText(child.allergies)],
      ["PAI", typeof child.pai === "boolean" ? yesNo(child.pai) : null],
      ["Médecin", doctorLines(child.doctor)],
      ["Informations médicales", child.medical_notes],
    ]),
    el("h4", {}, "Autorisations"),
    facts([
      ["Photos", authorisations ? yesNo(authorisations.photos) : null],
      ["Partir seul", authorisations ? yesNo(authorisations.leave_alone) : null],
    ]),
    el("h4", {}, "Personnes autorisées à venir chercher l'enfant"),
    pickupsTable(child));
}

// ---- The screens ---------------------------------------------------------------------------------------

function familyNodes(file, several) {
  const status = [];
  if (file.certified_at) status.push(`Dossier certifié à jour le ${dateFr(file.certified_at.slice(0, 10))}.`);
  if (file.certification_due) status.push("Votre collectivité vous demande de vérifier ce dossier.");
  if (file.pending_request_ids.length) {
    const count = file.pending_request_ids.length;
    status.push(`${count} demande${count > 1 ? "s" : ""} de modification en attente.`);
  }
  return [
    el("p", { class: "note" }, SOON),
    status.length ? el("p", {}, status.join(" ")) : null,
    el("h2", {}, "Responsables légaux"),
    file.guardians.length ? file.guardians.map(guardianCard)
      : el("p", {}, "Aucun responsable légal n'a encore été transmis par la mairie."),
    el("h2", {}, "Enfants"),
    file.children.length ? file.children.map(childCard) : el("p", {}, "Aucun enfant n'est rattaché à cette famille."),
    several ? el("p", {}, el("a", { href: "#/dossier" }, "Retour à mes familles")) : null,
  ].flat().filter(Boolean);
}

async function familyScreen(familyId, several, here) {
  const { status, data } = await api("GET", `/families/${encodeURIComponent(familyId)}/file`);
  if (location.hash !== here) return; // the parent went elsewhere meanwhile
  if (status === 404) {
    showNodes("Dossier introuvable",
      el("p", { class: "error" }, "Cette famille n'existe pas ou n'est pas suivie par votre compte."),
      el("p", {}, el("a", { href: "#/dossier" }, "Retour à mon dossier")));
    return;
  }
  if (status !== 200) {
    showNodes(TITLE, el("p", { class: "error" }, "Impossible de charger votre dossier. Réessayez plus tard."));
    return;
  }
  showNodes(`${TITLE} – ${data.label}`, ...familyNodes(data, several));
}

// #/dossier: the file of the one family followed, or the list of the families; #/dossier/{family_id}: one.
async function fileScreen(familyId) {
  const here = location.hash;
  const { status, data } = await api("GET", "/subscriptions");
  if (location.hash !== here) return;
  if (status !== 200) {
    showNodes(TITLE, el("p", { class: "error" }, "Impossible de charger votre dossier. Réessayez plus tard."));
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
  showNodes(TITLE, el("p", { class: "note" }, SOON),
    el("p", {}, "Votre compte suit plusieurs familles : choisissez le dossier à consulter."),
    el("ul", {}, families.map((family) => el("li", {},
      el("a", { href: `#/dossier/${encodeURIComponent(family.family_id)}` }, family.label)))));
}

export const routes = [
  { hash: "#/dossier", title: TITLE, menu: { label: TITLE, order: 16, group: GROUPS.family }, access: "logged-in",
    render: (familyId) => fileScreen(familyId) },
];
