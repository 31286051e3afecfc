// The family's file, the fields of each part a parent may change, one field group of the contract each (the
// town decides per group whether a change applies at once): a guardian's contact details; a child's health,
// authorisations, and the people allowed to collect them. Each part is { legend, fields, changes() }:
// changes() compares what is typed with the file (values.js) and lists only what differs, each change with
// the controls where the API's errors about it go (edit.js), by the path after its field ("value",
// "value.postcode", "value.2.phone").
import { phoneFr } from "../../core/format.js";
import { announce, el } from "../../core/render.js";
import { labelled, mark, tooLong, uid } from "./edit.js";
import { changed, DIETS, LIMITS, textOrNull } from "./values.js";

const PHONE_HINT = "Par exemple : 06 12 34 56 78";
const long = (max) => ({ too_long: tooLong(max) });

const input = (type, value, attrs = {}) => el("input", { type, value: value === null || value === undefined ? ""
  : value, ...attrs });
const phoneInput = (phone) => input("tel", phone ? phoneFr(phone) : "", { inputmode: "tel" });
const typed = (control) => textOrNull(control.input.value);

// ---- A guardian's contact details (group "contact") ----------------------------------------------------

export function contactPart(guardian, name) {
  const target = { target: "guardian", id: guardian.guardian_id };
  const relationship = labelled("Lien avec l'enfant *", input("text", guardian.relationship,
    { maxlength: String(LIMITS.relationship), required: "" }), { hint: "Par exemple : mère, père, tuteur",
    messages: long(LIMITS.relationship) });
  const email = labelled("Email", input("email", guardian.email, { maxlength: "254" }));
  const phones = [["mobile_phone", "Téléphone portable"], ["home_phone", "Téléphone du domicile"],
    ["work_phone", "Téléphone professionnel"]].map(([field, label]) => [field,
    labelled(label, phoneInput(guardian[field]), { hint: PHONE_HINT })]);
  const address = guardian.address || {};
  const line = (label, value, hint = "") => labelled(label, input("text", value,
    { maxlength: String(LIMITS.label) }), { hint, messages: long(LIMITS.label) });
  const lines = {
    line1: line("Adresse", address.line1, "Numéro et voie"),
    line2: line("Complément d'adresse", address.line2, "Facultatif : bâtiment, appartement, lieu-dit"),
    postcode: labelled("Code postal", input("text", address.postcode, { inputmode: "numeric", maxlength: "5" })),
    city: line("Commune", address.city),
  };
  const fields = [relationship.nodes, email.nodes, phones.map(([, phone]) => phone.nodes),
    el("fieldset", {}, el("legend", {}, "Adresse"),
      el("p", { class: "hint" }, "Adresse, code postal et commune sont obligatoires dès qu'une adresse est "
        + "indiquée ; laissez les quatre champs vides pour n'en indiquer aucune."),
      Object.values(lines).map((l) => l.nodes))];

  const changes = () => {
    const found = [];
    const add = (field, value, ctls) => found.push({ ...target, field, value, ctls });
    if (changed(typed(relationship), guardian.relationship)) {
      add("relationship", typed(relationship) || "", { value: relationship.ctl });
    }
    if (changed(typed(email), guardian.email, "email")) add("email", typed(email), { value: email.ctl });
    for (const [field, phone] of phones) {
      if (changed(typed(phone), guardian[field], "phone")) add(field, typed(phone), { value: phone.ctl });
    }
    const given = Object.fromEntries(Object.entries(lines).map(([part, l]) => [part, typed(l)]));
    const value = Object.values(given).some(Boolean) ? { line1: given.line1 || "", line2: given.line2,
      postcode: given.postcode || "", city: given.city || "" } : null;
    if (changed(value, guardian.address, "address")) {
      add("address", value, { value: lines.line1.ctl, ...Object.fromEntries(Object.entries(lines)
        .map(([part, l]) => [`value.${part}`, l.ctl])) });
    }
    return found;
  };
  return { legend: `Coordonnées de ${name}`, fields, changes };
}

// ---- A child's health (group "health") -----------------------------------------------------------------

// The allergies: a list the parent adds to ("Ajouter", or Enter in its field) and removes from ("Retirer"),
// 20 at most, each once (as the API counts them: whatever the case).
function allergiesList(initial) {
  const items = [...(initial || [])];
  const list = el("ul", { class: "liste-modifiable" });
  const field = labelled("Allergie à ajouter", input("text", "", { maxlength: String(LIMITS.allergy) }),
    { hint: `${LIMITS.allergy} caractères au plus ; ${LIMITS.allergies} allergies au plus`,
      messages: { too_long: `${LIMITS.allergies} allergies au plus.`,
        invalid_record: "Une allergie figure deux fois dans la liste." } });
  const add = el("button", { type: "button", class: "secondary" }, "Ajouter l'allergie");
  const draw = () => {
    list.replaceChildren(...(items.length ? items.map((allergy) => {
      const remove = el("button", { type: "button", class: "secondary petit" }, "Retirer",
        el("span", { class: "sr-only" }, ` l'allergie « ${allergy} »`));
      remove.addEventListener("click", () => {
        items.splice(items.indexOf(allergy), 1);
        draw();
        field.input.focus();
        announce(`Allergie « ${allergy} » retirée.`);
      });
      return el("li", {}, el("span", {}, allergy), remove);
    }) : [el("li", {}, "Aucune allergie")]));
    add.disabled = items.length >= LIMITS.allergies;
  };
  const unmark = () => {
    field.ctl.slot.textContent = "";
    field.input.removeAttribute("aria-invalid");
    field.input.removeAttribute("data-erreur");
  };
  // The allergy typed joins the list; false (and why, beside the field) when it cannot.
  const addTyped = () => {
    unmark();
    const allergy = typed(field);
    let wrong = null;
    if (!allergy) wrong = "Saisissez l'allergie à ajouter.";
    else if (items.some((known) => known.toLowerCase() === allergy.toLowerCase())) {
      wrong = `« ${allergy} » est déjà dans la liste.`;
    } else if (items.length >= LIMITS.allergies) wrong = `${LIMITS.allergies} allergies au plus.`;
    if (wrong) { mark(field.ctl, wrong); return false; }
    items.push(allergy);
    field.input.value = "";
    draw();
    announce(`Allergie « ${allergy} » ajoutée.`);
    return true;
  };
  add.addEventListener("click", () => { addTyped(); field.input.focus(); });
  field.input.addEventListener("input", unmark); // a new allergy typed: the error about the last one goes
  field.input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); addTyped(); }
  });
  draw();
  // What to send: the list, with the allergy still in its field when "Enregistrer" is pressed (null when it
  // cannot join: said beside the field).
  const value = () => (typed(field) && !addTyped() ? null : [...items]);
  // An error about the i-th allergy sent goes beside the field, naming it.
  const ctls = (sent) => ({ value: field.ctl, ...Object.fromEntries(sent.map((allergy, i) => [`value.${i}`,
    { ...field.ctl, messages: { too_long: `« ${allergy} » : ${LIMITS.allergy} caractères au plus.`,
      invalid_text: `« ${allergy} » contient des caractères non autorisés.` } }])) });
  const nodes = el("fieldset", {}, el("legend", {}, "Allergies"), list, field.nodes, el("div", {}, add));
  return { nodes, value, ctls };
}

export function healthPart(child, name) {
  const target = { target: "child", id: child.child_id };
  const select = el("select", { name: "diet" }, child.diet ? null : el("option", { value: "", selected: "" },
    "Non renseigné"), Object.entries(DIETS).map(([value, label]) => el("option",
    value === child.diet ? { value, selected: "" } : { value }, label)));
  const diet = labelled("Régime alimentaire", select);
  const allergies = allergiesList(child.allergies);
  const doctor = child.doctor || {};
  const doctorName = labelled("Nom du médecin", input("text", doctor.name, { maxlength: String(LIMITS.label) }),
    { messages: long(LIMITS.label) });
  const doctorPhone = labelled("Téléphone du médecin", phoneInput(doctor.phone), { hint: PHONE_HINT });
  const notes = labelled("Informations médicales", el("textarea", { rows: "4", maxlength: String(LIMITS.notes) },
    child.medical_notes || ""), { hint: `Facultatif, ${LIMITS.notes.toLocaleString("fr-FR")} caractères au plus`,
    messages: long(LIMITS.notes) });
  const fields = [diet.nodes, allergies.nodes,
    el("fieldset", {}, el("legend", {}, "Médecin traitant"), doctorName.nodes, doctorPhone.nodes), notes.nodes];

  const changes = () => {
    const sent = allergies.value();
    if (sent === null) return null;
    const found = [];
    const add = (field, value, ctls) => found.push({ ...target, field, value, ctls });
    if (select.value && select.value !== child.diet) add("diet", select.value, { value: diet.ctl });
    if (changed(sent, child.allergies, "list")) add("allergies", sent, allergies.ctls(sent));
    const [named, phoned] = [typed(doctorName), typed(doctorPhone)];
    const value = named || phoned ? { name: named || "", phone: phoned } : null;
    if (changed(value, child.doctor, "doctor")) {
      add("doctor", value, { value: doctorName.ctl, "value.name": doctorName.ctl, "value.phone": doctorPhone.ctl });
    }
    if (changed(typed(notes), child.medical_notes)) add("medical_notes", typed(notes), { value: notes.ctl });
    return found;
  };
  return { legend: `Santé de ${name}`, fields, changes };
}

// ---- A child's authorisations (group "authorisations") -------------------------------------------------

export function authorisationsPart(child, name) {
  const now = child.authorisations || { photos: false, leave_alone: false };
  const slot = el("span", { class: "error", id: uid("autorisations-erreur") });
  const box = (label, checked) => {
    const id = uid("autorisation");
    const check = el("input", { type: "checkbox", id, "aria-describedby": slot.id, ...(checked ? { checked: "" }
      : {}) });
    return { check, nodes: el("p", { class: "case" }, check, el("label", { for: id, class: "inline" }, label)) };
  };
  const photos = box("J'autorise la mairie à photographier l'enfant lors des activités", now.photos);
  const alone = box("L'enfant peut partir seul à la fin des activités", now.leave_alone);
  const changes = () => {
    const value = { photos: photos.check.checked, leave_alone: alone.check.checked };
    if (!changed(value, child.authorisations, "authorisations")) return [];
    return [{ target: "child", id: child.child_id, field: "authorisations", value,
      ctls: { value: { input: photos.check, slot, messages: {} } } }];
  };
  return { legend: `Autorisations de ${name}`, fields: [photos.nodes, alone.nodes, slot], changes };
}

// ---- The people allowed to collect a child (group "pickups") -------------------------------------------

export function pickupsPart(child, name) {
  const rows = [];
  const list = el("div", { class: "personnes" });
  const slot = el("span", { class: "error", id: uid("personnes-erreur") });
  const hint = el("p", { class: "hint", id: uid("personnes-aide") }, `${LIMITS.pickups} personnes au plus. Une `
    + "ligne laissée vide est ignorée ; pour n'indiquer personne, retirez toutes les lignes.");
  const add = el("button", { type: "button", class: "secondary", "aria-describedby": `${hint.id} ${slot.id}` },
    "Ajouter une personne");
  const renumber = () => {
    rows.forEach((row, i) => {
      row.legend.textContent = `Personne ${i + 1}`;
      row.which.textContent = ` la personne ${i + 1}`;
    });
    add.disabled = rows.length >= LIMITS.pickups;
  };
  const addRow = (pickup) => {
    const row = {
      name: labelled("Nom et prénom *", input("text", pickup.name, { maxlength: String(LIMITS.label) }),
        { messages: long(LIMITS.label) }),
      phone: labelled("Téléphone *", phoneInput(pickup.phone), { hint: PHONE_HINT }),
      relationship: labelled("Lien avec l'enfant *", input("text", pickup.relationship,
        { maxlength: String(LIMITS.relationship) }), { hint: "Par exemple : grand-mère, voisin",
        messages: long(LIMITS.relationship) }),
      legend: el("legend", {}),
      which: el("span", { class: "sr-only" }),
    };
    const remove = el("button", { type: "button", class: "secondary petit" }, "Retirer", row.which);
    row.node = el("fieldset", { class: "personne" }, row.legend, row.name.nodes, row.phone.nodes,
      row.relationship.nodes, remove);
    remove.addEventListener("click", () => {
      const at = rows.indexOf(row);
      rows.splice(at, 1);
      row.node.remove();
      renumber();
      const next = rows[at] || rows[at - 1];
      (next ? next.name.input : add).focus();
      announce(`Personne retirée : ${rows.length} personne${rows.length > 1 ? "s" : ""} dans la liste.`);
    });
    rows.push(row);
    list.append(row.node);
    renumber();
    return row;
  };
  (child.pickups || []).forEach(addRow);
  add.addEventListener("click", () => {
    addRow({}).name.input.focus();
    announce(`Personne ${rows.length} ajoutée.`);
  });

  const changes = () => {
    const given = rows.map((row) => ({ row, name: typed(row.name), phone: typed(row.phone),
      relationship: typed(row.relationship) })).filter((p) => p.name || p.phone || p.relationship);
    const value = given.map((p) => ({ name: p.name || "", phone: p.phone || "", relationship: p.relationship || "" }));
    if (!changed(value, child.pickups, "pickups")) return [];
    const ctls = { value: { input: add, slot, messages: { too_long: `${LIMITS.pickups} personnes au plus.` } } };
    given.forEach(({ row }, i) => {
      for (const part of ["name", "phone", "relationship"]) ctls[`value.${i}.${part}`] = row[part].ctl;
      ctls[`value.${i}`] = row.name.ctl;
    });
    return [{ target: "child", id: child.child_id, field: "pickups", value, ctls }];
  };
  return { legend: `Personnes autorisées à venir chercher ${name}`, fields: [hint, list, el("div", {}, add), slot],
    changes };
}
