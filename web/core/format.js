// French formatting of the API's values: money (integer cents) and dates (YYYY-MM-DD).

export const euros = (cents) => (cents / 100).toLocaleString("fr-FR", { style: "currency", currency: "EUR" });

export const dateFr = (iso) => iso.split("-").reverse().join("/");
