// French formatting of the API's values: money (integer cents), phones, dates (YYYY-MM-DD) and instants
// (RFC 3339 UTC, said in Europe/Paris time, as the municipality's deadlines are decided).

export const euros = (cents) => (cents / 100).toLocaleString("fr-FR", { style: "currency", currency: "EUR" });

export const dateFr = (iso) => iso.split("-").reverse().join("/");

// A French phone number as the API stores it, "+33612345678", said "06 12 34 56 78"; any other form as it came.
export function phoneFr(phone) {
  const national = /^\+33(\d{9})$/.exec(phone || "");
  return national ? `0${national[1]}`.replace(/(\d{2})(?=\d)/g, "$1 ") : phone;
}

const PARIS = "Europe/Paris";
const parts = (format, when) => Object.fromEntries(format.formatToParts(when).map((p) => [p.type, p.value]));
const ordinal = (day) => (day === "1" ? "1er" : day); // « 1er décembre », « 2 décembre »

// Today in Paris, as YYYY-MM-DD (a parent's "today" is the municipality's, wherever the browser is).
const ISO_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: PARIS, year: "numeric", month: "2-digit",
  day: "2-digit" });
export const todayParis = () => ISO_DAY.format(new Date());

// The day of an instant in Paris, as a date is written: « 03/12/2026 » (a paper sent at 00:30 in Paris on the
// 3rd is the 3rd's, though it is still the 2nd in UTC).
export const instantDateFr = (stamp) => dateFr(ISO_DAY.format(new Date(stamp)));

// A calendar day in words: « lundi 7 décembre », with its year when asked (« lundi 7 décembre 2026 »).
const DAY = new Intl.DateTimeFormat("fr-FR", { timeZone: "UTC", weekday: "long", day: "numeric", month: "long",
  year: "numeric" });
export function dayFr(iso, withYear = false) {
  const [y, m, d] = iso.split("-").map(Number);
  const p = parts(DAY, new Date(Date.UTC(y, m - 1, d)));
  return `${p.weekday} ${ordinal(p.day)} ${p.month}${withYear ? ` ${p.year}` : ""}`;
}

// The Paris day of an instant, in words, with its year: « lundi 7 décembre 2026 ».
export const instantDayFr = (stamp) => dayFr(ISO_DAY.format(new Date(stamp)), true);

// An instant in words, in Paris time: « jeudi 3 décembre à 10 h », « … à 10 h 30 »; the year only when it is
// not this year's.
const INSTANT = new Intl.DateTimeFormat("fr-FR", { timeZone: PARIS, weekday: "long", day: "numeric",
  month: "long", year: "numeric", hour: "numeric", minute: "2-digit", hourCycle: "h23" });
export function instantFr(stamp) {
  const p = parts(INSTANT, new Date(stamp));
  const year = p.year === todayParis().slice(0, 4) ? "" : ` ${p.year}`;
  const minutes = p.minute === "00" ? "" : ` ${p.minute}`;
  return `${p.weekday} ${ordinal(p.day)} ${p.month}${year} à ${Number(p.hour)} h${minutes}`;
}
