// Subscriptions ("Mes abonnements"): the families an account follows, joined by subscriber code or by the
// data printed on one of their invoices.
import { api } from "../core/api.js";
import { dateFr } from "../core/format.js";
import { field, formValues } from "../core/forms.js";
import { showProblem } from "../core/problems.js";
import { announce, esc, main, show } from "../core/render.js";
import { GROUPS } from "../core/router.js";
import { row, table } from "../core/tables.js";

const SUBSCRIPTION_COLUMNS = [["Famille"], ["Depuis le"], ["Action", "action"]];

const BY_CODE = `<form id="par-code" novalidate><fieldset><legend>Avec votre code abonné</legend>
      ${field("subscriber_code", "Code Abonné *", "text", "Code transmis par votre collectivité", "required")}
      <p class="error" data-for="form"></p><button type="submit">Rechercher</button></fieldset></form>`;

const BY_INVOICE = `<form id="par-facture" novalidate><fieldset><legend>Ou avec une de vos factures</legend>
      ${field("emission_code", "Code émission de la facture *", "text",
    "Retrouvez le code émission sur le pied de page de votre facture", "required")}
      ${field("reference", "Référence de la facture *", "text", "Retrouvez la référence sur votre facture", "required")}
      ${field("amount", "Montant de la facture *", "text", "Par exemple 6,40", 'required inputmode="decimal"')}
      ${field("personal_code", "Code personnel *", "text", "Saisissez le code personnel du destinataire de la facture",
    "required")}
      <p class="error" data-for="form"></p><button type="submit">Rechercher</button></fieldset></form>`;

function subscriptionRow(s) {
  const leave = `<button type="button" class="secondary" data-family="${esc(s.family_id)}">Se désabonner`
    + `<span class="sr-only"> de ${esc(s.label)}</span></button>`;
  return row(SUBSCRIPTION_COLUMNS, [esc(s.label), dateFr(s.subscribed_at.slice(0, 10)), leave]);
}

async function subscriptionsScreen() {
  const { data } = await api("GET", "/subscriptions");
  const rows = (data ? data.items : []).map(subscriptionRow).join("");
  show("Mes abonnements", `${rows ? table("Vos abonnements", SUBSCRIPTION_COLUMNS, rows)
    : "<p>Vous n'avez encore aucun abonnement.</p>"}
    <h2>M'abonner</h2>
    ${BY_CODE}
    ${BY_INVOICE}`);
  main.querySelectorAll("button[data-family]").forEach((button) => button.addEventListener("click", async () => {
    await api("DELETE", `/subscriptions/${encodeURIComponent(button.dataset.family)}`);
    announce("Abonnement supprimé.");
    subscriptionsScreen();
  }));
  for (const [id, wrap] of [["par-code", (v) => v], ["par-facture", (v) => ({ invoice: v })]]) {
    const form = document.getElementById(id);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const { status, data: answer } = await api("POST", "/subscriptions", wrap(formValues(form)));
      if (status === 200 || status === 201) {
        await subscriptionsScreen();
        announce(`Abonnement à ${answer.label} actif.`);
      } else showProblem(form, answer);
    });
  }
}

export const routes = [
  { hash: "#/abonnements", title: "Mes abonnements",
    menu: { label: "Mes abonnements", order: 10, group: GROUPS.citizen }, access: "logged-in",
    render: () => subscriptionsScreen() },
];
