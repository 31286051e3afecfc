// The family's file, its values: the diets in French, and what the forms compare to tell what a parent
// changed. Pure: values in, values out. A form sends a field only when its value differs from the file's once
// both are put in one form: texts trimmed (in NFC, as the API keeps them), an empty text is none (null), an
// email in lower case, a French phone as the API stores it (+33 and 9 digits, whatever the spaces, dots or
// dashes typed), an address or a doctor all empty is none.

export const DIETS = { standard: "Standard", sans_porc: "Sans porc", sans_viande: "Sans viande",
  vegetarien: "Végétarien", pai: "PAI" };

// The limits of the contract, said in the forms' hints (the API checks them too).
export const LIMITS = { allergies: 20, allergy: 100, pickups: 10, notes: 2000, comment: 500, relationship: 50,
  label: 200 };

// A typed text as the API will keep it: trimmed, NFC, its line breaks as \n; empty is null.
export function textOrNull(typed) {
  const text = String(typed || "").replace(/\r\n?/g, "\n").trim().normalize("NFC");
  return text === "" ? null : text;
}

// A French phone as the API stores it ("06 12 34 56 78", "+33 6 12 34 56 78" → "+33612345678"); anything
// else as typed (the API says what is wrong with it).
export function phoneKey(phone) {
  if (phone === null || phone === undefined) return null;
  const digits = String(phone).replace(/[ .-]/g, "");
  if (/^0[1-9]\d{8}$/.test(digits)) return `+33${digits.slice(1)}`;
  return /^\+33[1-9]\d{8}$/.test(digits) ? digits : String(phone).trim();
}

const emailKey = (email) => (email ? email.trim().normalize("NFC").toLowerCase() : null);

// What the file's "none" (null) means for a list or the authorisations: the town's defaults, as the API
// gives a child's file it never published.
const NONE = { list: [], pickups: [], authorisations: { photos: false, leave_alone: false } };

// A value put in the one form the comparisons use (``kind`` says how): a phone, an email, an address, a
// doctor, a pickup, a list of them, or any other text or value as it is.
export function key(value, kind) {
  if (value === null || value === undefined) return NONE[kind] === undefined ? null : NONE[kind];
  switch (kind) {
    case "phone": return phoneKey(value);
    case "email": return emailKey(value);
    case "address": return { line1: value.line1, line2: value.line2 || null, postcode: value.postcode,
      city: value.city };
    case "doctor": return { name: value.name, phone: phoneKey(value.phone || null) };
    case "pickups": return value.map((p) => ({ name: p.name, phone: phoneKey(p.phone), relationship: p.relationship }));
    default: return typeof value === "string" ? textOrNull(value) : value;
  }
}

// Whether two values (JSON: texts, booleans, lists, objects) are the same.
export function same(a, b) {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const [keysA, keysB] = [Object.keys(a), Object.keys(b)];
  return keysA.length === keysB.length && keysA.every((k) => same(a[k], b[k]));
}

// Whether the value typed differs from the file's (both in the form ``kind`` says).
export const changed = (typed, stored, kind) => !same(key(typed, kind), key(stored, kind));
