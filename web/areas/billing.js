// Billing ("Espace facturation"): the invoice history with its filters and pages, an invoice's detail, its
// PDF, and paying online (PayFiP) with the screen the parent comes back to (#/paiement/{transaction}).
import { api } from "../core/api.js";
import { dateFr, euros } from "../core/format.js";
import { announce, esc, main, show } from "../core/render.js";
import { row, table, totalRow } from "../core/tables.js";

const INVOICE_COLUMNS = [["Date"], ["N°"], ["Échéance"], ["Émetteur"], ["Montant", "num"], ["Statut"],
  ["Télécharger", "action"], ["Payer", "action"]];
const PAYMENT_COLUMNS = [["Date"], ["N° Opération"], ["Description"], ["Moyen de paiement"], ["Montant", "num"]];
const LINE_COLUMNS = [["Désignation"], ["Quantité", "num"], ["Prix unitaire", "num"], ["Montant", "num"]];

const statusText = (inv) => `<span class="${inv.status === "to_pay" ? "to-pay" : "paid"}">`
  + `${inv.status === "to_pay" ? "À payer" : "Payée"}</span>`;

// One invoice of the history and, under it, its payments and balance (the guide's screen).
function invoiceRows(inv) {
  const download = inv.has_pdf ? `<button type="button" class="secondary" data-pdf="${esc(inv.invoice_id)}">`
    + `Télécharger<span class="sr-only"> la facture ${esc(inv.number)}</span></button>` : "—";
  const number = `<a href="#/facture/${encodeURIComponent(inv.invoice_id)}">${esc(inv.number)}</a>`;
  return row(INVOICE_COLUMNS, [dateFr(inv.date), number, dateFr(inv.due_date), esc(inv.issuer),
    euros(inv.amount_cents), statusText(inv), download, payButton(inv, true)])
    + `<tr class="payments"><td colspan="${INVOICE_COLUMNS.length}">${paymentsTable(inv)}</td></tr>`;
}

const option = (value, label, current) => `<option value="${esc(value)}"`
  + `${String(current) === String(value) ? " selected" : ""}>${esc(label)}</option>`;

// A filter of the history: "Toutes", then the values the account's invoices have (the API's facets).
function filter(name, label, values, current) {
  const options = option("", "Toutes", current || "") + values.map((value) => option(value, value, current)).join("");
  return `<div><label for="${name}">${label}</label><select id="${name}" name="${name}">${options}</select></div>`;
}

// The history pages through next_cursor ("Afficher plus"); a new filter starts again from the first page.
async function invoicesScreen(filters = new URLSearchParams()) {
  const { status, data } = await api("GET", `/invoices?${filters}`);
  if (status !== 200) return show("Espace facturation", '<p class="error">Impossible de charger vos factures.</p>');
  const toPay = filters.get("status") === "to_pay";
  const toggle = data.to_pay.count || toPay ? `<button type="button" id="a-payer" class="secondary" `
    + `aria-pressed="${toPay}">À payer : ${data.to_pay.count} facture(s), solde `
    + `${euros(data.to_pay.balance_cents)}</button>` : "<p>Aucune facture à payer.</p>";
  const history = data.items.length ? table("Vos factures", INVOICE_COLUMNS, data.items.map(invoiceRows).join(""))
    : "<p>Aucune facture ne correspond.</p>";
  show(`Historique des factures (${data.total} résultats)`, `
    <form id="filtres" class="filters">${filter("nature", "Nature", data.facets.natures, filters.get("nature"))}
      ${filter("year", "Année", data.facets.years, filters.get("year"))}
      <button type="submit">Filtrer</button>
      ${toggle}</form>
    ${history}
    <p id="affichees" aria-live="polite"></p>
    <button type="button" id="plus" class="secondary">Afficher plus de factures</button>`);
  const form = document.getElementById("filtres");
  const chosen = (onlyToPay) => {
    const next = new URLSearchParams();
    for (const [key, value] of new FormData(form).entries()) if (value) next.set(key, value);
    if (onlyToPay) next.set("status", "to_pay");
    return next;
  };
  form.addEventListener("submit", (event) => { event.preventDefault(); invoicesScreen(chosen(toPay)); });
  const button = document.getElementById("a-payer");
  if (button) button.addEventListener("click", async () => {
    await invoicesScreen(chosen(!toPay));
    const again = document.getElementById("a-payer");
    if (again) again.focus();
  });
  morePages(filters, data);
  bindDownloads();
  bindPayments();
}

// "Afficher plus": the next page (next_cursor) goes under the rows shown, and focus to its first invoice.
function morePages(filters, data) {
  let [cursor, shown] = [data.next_cursor, data.items.length];
  const more = document.getElementById("plus");
  const counted = () => {
    document.getElementById("affichees").textContent = shown < data.total
      ? `${shown} factures affichées sur ${data.total}.` : "";
    more.hidden = !cursor;
  };
  counted();
  more.addEventListener("click", async () => {
    more.disabled = true; // a double tap loads the page once
    const next = new URLSearchParams(filters);
    next.set("cursor", cursor);
    const { status, data: page } = await api("GET", `/invoices?${next}`);
    more.disabled = false;
    if (status !== 200) { more.focus(); return announce("Les factures suivantes n'ont pas pu être chargées."); }
    const added = document.createElement("tbody");
    added.innerHTML = page.items.map(invoiceRows).join("");
    bindDownloads(added);
    bindPayments(added);
    const first = added.querySelector("a");
    main.querySelector("table.cards > tbody").append(...added.children);
    [cursor, shown] = [page.next_cursor, shown + page.items.length];
    counted();
    if (first) first.focus(); // keyboard and screen-reader users go on from the first new invoice
  });
}

function paymentsTable(inv) {
  const rows = inv.payments.map((p) => row(PAYMENT_COLUMNS,
    [dateFr(p.date), esc(p.number), esc(p.description), esc(p.type), euros(p.amount_cents)])).join("");
  return table(`Règlements de la facture ${esc(inv.number)}`, PAYMENT_COLUMNS,
    rows + totalRow(PAYMENT_COLUMNS, "Solde à payer", inv.balance_cents));
}

function bindDownloads(root = main) {
  root.querySelectorAll("button[data-pdf]").forEach((button) => button.addEventListener("click", async () => {
    const { status, data } = await api("GET", `/invoices/${encodeURIComponent(button.dataset.pdf)}/pdf`);
    if (status === 200) location.assign(data.url); else announce("Le PDF de cette facture n'est pas disponible.");
  }));
}

async function invoiceScreen(invoiceId) {
  const { status, data: inv } = await api("GET", `/invoices/${encodeURIComponent(invoiceId)}`);
  if (status !== 200) {
    return show("Facture introuvable", '<p class="error">Cette facture n\'existe pas ou n\'est pas la vôtre.</p>');
  }
  const lines = inv.lines.map((l) => row(LINE_COLUMNS,
    [esc(l.label), l.quantity, euros(l.unit_price_cents), euros(l.amount_cents)])).join("");
  show(`Facture n° ${inv.number}`, `<p>${esc(inv.family_label)} · ${esc(inv.nature)} · ${esc(inv.issuer)}</p>
    <p>Date : ${dateFr(inv.date)} · Échéance : ${dateFr(inv.due_date)} · ${statusText(inv)}</p>
    ${table("Détail de la facture", LINE_COLUMNS, lines + totalRow(LINE_COLUMNS, "Total", inv.amount_cents))}
    <h2>Règlements</h2>${paymentsTable(inv)}
    ${inv.has_pdf ? `<button type="button" data-pdf="${esc(inv.invoice_id)}">Télécharger la facture</button>` : ""}
    ${payButton(inv, false)}
    <p><a href="#/factures">Retour à l'historique</a></p>`);
  bindDownloads();
  bindPayments();
}

// Online payment (PayFiP): the server computes the amount; the parent pays on the provider's page.
const PAYMENT_ERRORS = {
  payment_in_progress: "Un paiement de cette facture est déjà en cours. Terminez-le ou réessayez dans quelques "
    + "minutes.",
  online_payment_unavailable: "Le paiement en ligne n'est pas proposé par votre collectivité.",
  amount_below_minimum: "Le paiement en ligne commence à 1 € : réglez ce solde au guichet.",
  invoice_already_paid: "Cette facture est déjà réglée.",
  service_unavailable: "Le service de paiement est momentanément indisponible. Réessayez dans quelques minutes.",
};

function payButton(inv, short) {
  if (inv.status !== "to_pay" || inv.balance_cents < 100) return short ? "—" : "";
  const label = short ? `Payer<span class="sr-only"> la facture ${esc(inv.number)}, ${euros(inv.balance_cents)}</span>`
    : `Payer ${euros(inv.balance_cents)} en ligne`;
  return `<button type="button" data-pay="${esc(inv.invoice_id)}">${label}</button>`;
}

function bindPayments(root = main) {
  root.querySelectorAll("button[data-pay]").forEach((button) => button.addEventListener("click", async () => {
    button.disabled = true;
    const invoiceId = button.dataset.pay;
    const key = sessionStorage.getItem(`pay:${invoiceId}`) || crypto.randomUUID();
    sessionStorage.setItem(`pay:${invoiceId}`, key); // a double click or a retry starts one payment
    const path = `/invoices/${encodeURIComponent(invoiceId)}/payments`;
    const { status, data } = await api("POST", path, {}, { "Idempotency-Key": key });
    if (status === 201) { location.assign(data.redirect_url); return; }
    sessionStorage.removeItem(`pay:${invoiceId}`);
    button.disabled = false;
    announce(PAYMENT_ERRORS[data && data.code] || "Le paiement n'a pas pu commencer.");
  }));
}

// A payment's outcome: [title, class of its message, message].
const PAYMENT_STATES = {
  paid: ["Paiement accepté", "ok", "Votre paiement est enregistré. Merci !"],
  refused: ["Paiement refusé", "error",
    "Votre paiement a été refusé : aucune somme n'a été prélevée. Vous pouvez réessayer."],
  abandoned: ["Paiement abandonné", "error", "Vous avez abandonné le paiement : aucune somme n'a été prélevée."],
  expired: ["Paiement expiré", "error",
    "Le délai de paiement est dépassé : aucune somme n'a été enregistrée. Vous pouvez réessayer."],
  pending: ["Paiement en cours de vérification", "", "Le résultat de votre paiement n'est pas encore connu. "
    + "Cette page se met à jour ; vous pouvez aussi revenir plus tard dans l'espace facturation."],
};

// Where the provider sends the parent back: the result, polled a few times while it is still pending.
async function paymentScreen(transactionId, attempt = 0) {
  Object.keys(sessionStorage).filter((k) => k.startsWith("pay:")).forEach((k) => sessionStorage.removeItem(k));
  const here = `#/paiement/${transactionId}`;
  const { status, data } = await api("GET", `/payments/${encodeURIComponent(transactionId)}`);
  if (status !== 200) {
    return show("Paiement introuvable", '<p class="error">Ce paiement n\'existe pas ou n\'est pas le vôtre.</p>'
      + '<p><a href="#/factures">Espace facturation</a></p>');
  }
  if (location.hash !== here) return; // the parent went elsewhere meanwhile
  const [title, kind, text] = PAYMENT_STATES[data.status];
  const invoice = await api("GET", `/invoices/${encodeURIComponent(data.invoice_id)}`);
  const inv = invoice.status === 200 ? invoice.data : null;
  const paidOn = data.paid_at ? ` · payé le ${dateFr(data.paid_at.slice(0, 10))}` : "";
  const balance = inv ? `<p>Facture n° <a href="#/facture/${encodeURIComponent(inv.invoice_id)}">`
    + `${esc(inv.number)}</a> · solde à payer : ${euros(inv.balance_cents)}</p>` : "";
  show(title, `<p class="${kind}" role="status">${text}</p>
    <p>Montant : ${euros(data.amount_cents)}${paidOn}</p>
    ${balance}
    ${inv && data.status !== "pending" ? payButton(inv, false) : ""}
    <p><a href="#/factures">Retour à l'espace facturation</a></p>`);
  bindPayments();
  if (data.status === "pending" && attempt < 5) {
    setTimeout(() => { if (location.hash === here) paymentScreen(transactionId, attempt + 1); }, 2000);
  }
}

export const routes = [
  { hash: "#/factures", title: "Espace facturation", menu: { label: "Espace facturation", order: 20 },
    access: "logged-in", render: () => invoicesScreen() },
  { hash: "#/facture", title: "Facture", access: "logged-in", render: invoiceScreen },
  { hash: "#/paiement", title: "Paiement", access: "logged-in", render: (transaction) => paymentScreen(transaction) },
];
