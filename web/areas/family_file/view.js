// The family's file as a parent reads it: its guardians, and each child with their file (diet, allergies, PAI,
// doctor, authorisations, the people allowed to collect them), each value in French or « Non renseigné ».
// Each part a parent may change carries its "Modifier" (edit.js). Everything the API says is set as text
// (text nodes), never as markup: the file holds what the town and the parents typed.
import { dateFr, phoneFr } from "../../core/format.js";
import { el } from "../../core/render.js";
import { editable } from "./edit.js";
import { authorisationsPart, contactPart, healthPart, pickupsPart } from "./groups.js";
import { DIETS } from "./values.js";

const UNKNOWN = "Non renseigné";
const CIVILITIES = { M: "M.", MME: "Mme" };
const PICKUP_COLUMNS = ["Nom", "Lien avec l'enfant", "Téléphone"];

const yesNo = (flag) => (flag ? "Oui" : "Non");
const fullName = (person) => `${person.first_name} ${person.last_name}`;
const phoneOrNull = (phone) => (phone ? phoneFr(phone) : null);

// A value of the file: its text (lines: one a line), or « Non renseigné » when the file has none (null).
function valueNodes(shown) {
  if (shown === null || shown === undefined) return el("span", { class: "non-renseigne" }, UNKNOWN);
  if (!Array.isArray(shown)) return shown;
  return shown.flatMap((line, i) => (i ? [el("br"), line] : [line]));
}

// A part of the file: with its "Modifier" for a parent, as it is when read only (``ctx`` null: the agents'
// console reads a family's file without changing it).
const part = (ctx, name, shown, build) => (ctx ? editable(ctx, name, shown, build) : shown);

// Facts as a definition list: [term, value] pairs.
const facts = (pairs) => el("dl", { class: "faits" },
  pairs.map(([term, shown]) => [el("dt", {}, term), el("dd", {}, valueNodes(shown))]));

// ---- A guardian ----------------------------------------------------------------------------------------

function addressLines(address) {
  if (!address) return null;
  return [address.line1, address.line2, `${address.postcode} ${address.city}`].filter(Boolean);
}

function guardianCard(guardian, ctx) {
  const name = `${CIVILITIES[guardian.civility] || guardian.civility} ${fullName(guardian)}`;
  return el("section", { class: "fiche" },
    el("h3", {}, name, guardian.payer ? el("span", { class: "payeur" }, " (payeur)") : null),
    part(ctx, `les coordonnées de ${name}`, facts([
      ["Lien de parenté", guardian.relationship],
      ["Téléphone portable", phoneOrNull(guardian.mobile_phone)],
      ["Téléphone du domicile", phoneOrNull(guardian.home_phone)],
      ["Téléphone professionnel", phoneOrNull(guardian.work_phone)],
      ["Email", guardian.email],
      ["Adresse", addressLines(guardian.address)],
    ]), () => contactPart(guardian, name)));
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

function childCard(child, ctx) {
  const name = fullName(child);
  const authorisations = child.authorisations;
  return el("section", { class: "fiche" },
    el("h3", {}, name),
    facts([
      ["Date de naissance", dateFr(child.birth_date)],
      ["École", child.school],
      ["Classe", child.class],
    ]),
    el("h4", {}, "Santé"),
    part(ctx, `les informations de santé de ${name}`, facts([
      ["Régime alimentaire", child.diet ? DIETS[child.diet] || child.diet : null],
      ["Allergies", allergiesText(child.allergies)],
      ["PAI", typeof child.pai === "boolean" ? yesNo(child.pai) : null],
      ["Médecin", doctorLines(child.doctor)],
      ["Informations médicales", child.medical_notes],
    ]), () => healthPart(child, name)),
    el("h4", {}, "Autorisations"),
    part(ctx, `les autorisations de ${name}`, facts([
      ["Photos", authorisations ? yesNo(authorisations.photos) : null],
      ["Partir seul", authorisations ? yesNo(authorisations.leave_alone) : null],
    ]), () => authorisationsPart(child, name)),
    el("h4", {}, "Personnes autorisées à venir chercher l'enfant"),
    part(ctx, `les personnes autorisées à venir chercher ${name}`, pickupsTable(child),
      () => pickupsPart(child, name)));
}

// The guardians and the children of a file (``ctx``: the family's id, and what to do with a request made; null:
// read only).
export function fileNodes(file, ctx) {
  return [
    el("h2", {}, "Responsables légaux"),
    file.guardians.length ? file.guardians.map((guardian) => guardianCard(guardian, ctx))
      : el("p", {}, "Aucun responsable légal n'a encore été transmis par la mairie."),
    el("h2", {}, "Enfants"),
    file.children.length ? file.children.map((child) => childCard(child, ctx))
      : el("p", {}, "Aucun enfant n'est rattaché à cette famille."),
  ];
}
