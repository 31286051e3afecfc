// "Nouveau message" (#/messages/nouveau, within Nous contacter): a parent writes to a service of the town
// (POST /threads): the service (GET /services), a subject, the text, optionally the family it is about (of
// those the account follows) and up to 5 papers of that family's "Mes documents". Sent, the conversation opens
// (#/messages/{thread_id}); refused, the API's reasons are said in French beside their fields.
import { formValues } from "../../core/forms.js";
import { el, showNodes } from "../../core/render.js";
import { labelled } from "../requests.js";
import { MAX_SUBJECT, MAX_TEXT, NEW_TITLE, TITLE, attachmentsField, call, chosenPapers, papersOf, sentFlash,
  showRefusal, threadHash } from "./shared.js";

const NO_FAMILY = "";
const option = (value, label, selected = false) => el("option", selected ? { value, selected: "" } : { value },
  label);
const back = () => el("p", {}, el("a", { href: "#/messages" }, `Retour à ${TITLE}`));

// What the form sends: the family and the papers only when chosen.
function body(form) {
  const values = formValues(form);
  const sent = { service_id: values.service_id, subject: values.subject, text: values.text };
  if (values.family_id) {
    sent.family_id = values.family_id;
    const papers = chosenPapers(form);
    if (papers.length) sent.document_ids = papers;
  }
  return sent;
}

function composeForm(services, families, papers) {
  const family = families.length ? labelled("message-famille", "Famille concernée",
    el("select", { name: "family_id" }, option(NO_FAMILY, "Aucune famille en particulier"),
      families.map((f) => option(f.family_id, f.label, families.length === 1))),
    "Facultatif : choisissez-la pour joindre ses documents") : null;
  const attachments = el("div", { class: "pieces-de-la-famille" });
  const form = el("form", { id: "nouveau-message", novalidate: "" },
    labelled("message-service", "Service *", el("select", { name: "service_id", required: "" },
      option("", "Choisissez un service"), services.map((s) => option(s.service_id, s.label)))),
    labelled("message-objet", "Objet *", el("input", { type: "text", name: "subject", required: "",
      maxlength: String(MAX_SUBJECT) }), `${MAX_SUBJECT} caractères au plus`),
    labelled("message-texte", "Votre message *", el("textarea", { name: "text", rows: "8", required: "",
      maxlength: String(MAX_TEXT) }), `${MAX_TEXT.toLocaleString("fr-FR")} caractères au plus`),
    family, attachments,
    el("p", { class: "error", "data-for": "form", tabindex: "-1" }),
    el("button", { type: "submit" }, "Envoyer le message"));
  // The papers of the family chosen (none chosen: nothing to attach).
  const fill = () => {
    const chosen = formValues(form).family_id;
    const group = papers.groups.filter((g) => g.family.family_id === chosen);
    attachments.replaceChildren(...(group.length ? [attachmentsField("message", group)] : []));
  };
  fill();
  form.addEventListener("change", (event) => { if (event.target.name === "family_id") fill(); });
  const button = form.querySelector("button[type=submit]");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true; // a double click writes once
    const answer = await call("POST", "/threads", body(form));
    button.disabled = false;
    if (answer.status === 201) {
      const service = services.find((s) => s.service_id === answer.data.service_id);
      sentFlash(`Votre message est envoyé${service ? ` au ${service.label}` : ""}.`);
      location.hash = threadHash(answer.data.thread_id);
      return;
    }
    showRefusal(form, answer);
  });
  return form;
}

export async function composeScreen() {
  const here = location.hash;
  const [services, families] = await Promise.all([call("GET", "/services"), call("GET", "/subscriptions")]);
  if (location.hash !== here) return;
  if (services.status !== 200) {
    showNodes(NEW_TITLE, el("p", { class: "error" }, "Impossible de charger les services de la mairie. "
      + "Réessayez plus tard."), back());
    return;
  }
  if (!services.data.items.length) {
    showNodes(NEW_TITLE, el("p", {}, "Votre mairie ne reçoit pas encore de messages par ce portail."), back());
    return;
  }
  const followed = families.status === 200
    ? [...families.data.items].sort((a, b) => a.label.localeCompare(b.label, "fr")) : [];
  const papers = await papersOf(followed);
  if (location.hash !== here) return;
  showNodes(NEW_TITLE,
    el("p", {}, "Le service choisi vous répond dans ", el("a", { href: "#/messages" }, TITLE),
      " ; un email vous prévient de sa réponse. Les champs marqués d'un astérisque (*) sont obligatoires."),
    composeForm(services.data.items, followed, papers), back());
}
