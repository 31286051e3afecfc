// Documents ("Mes documents", #/documents): the papers of each family the account follows
// (GET /families/{family_id}/documents). One family followed: #/documents shows its papers; several:
// #/documents lists them, and #/documents/{family_id} shows one. The document mails link here.
// - What is missing, per child and for the family, with the activities that require it and a form to send
//   it: the file is checked here first (PDF, JPEG or PNG, 10 Mo at most), declared (POST …/documents), posted
//   to the storage with the form the API answered (a multipart POST, with a progress bar), then the list is
//   read again until the file's own check has said whether it is received or refused.
// - What was sent, each paper with its status and the town's decision, to download or to delete.
// - What the town sent, to download.
// Everything the API says is set as text, never as markup: file names and the town's reasons hold what people
// typed.
import { api } from "../core/api.js";
import { dateFr, instantDateFr } from "../core/format.js";
import { showProblem } from "../core/problems.js";
import { announce, el, showNodes } from "../core/render.js";
import { GROUPS } from "../core/router.js";

const TITLE = "Mes documents";
const MAX_SIZE = 10485760; // 10 Mo, the contract's bound
const ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";
const TYPES = ["application/pdf", "image/jpeg", "image/png"];
const BY_EXTENSION = { pdf: "application/pdf", jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png" };
const MAX_NAME = 200;
const POLL_MS = 1000;
const POLL_TIMES = 20; // the file's check answers within seconds; after ~20 s the parent is told to come back
const STATUSES = { awaiting_file: "En cours d'envoi", received: "Reçu, en attente de vérification",
  rejected_file: "Fichier refusé", accepted: "Accepté", refused: "Refusé" };
const SENT_COLUMNS = ["Document", "Enfant", "Fichier", "Envoyé le", "État"];
// Labels and names break between words, a date nowhere; a file's name or a reason anywhere (main's rule).
const SENT_CLASSES = ["mots", "mots", null, "date", null];
const TOWN_COLUMNS = ["Document", "Date"];
const HINT = "PDF, JPEG ou PNG, 10 Mo au plus";
const RECEIVED = "Document reçu : la mairie va le vérifier.";
const REJECTED = "Ce fichier n'est pas un PDF, JPEG ou PNG lisible : il a été refusé.";
const LATE = "Votre fichier est envoyé, mais sa vérification prend plus de temps que prévu : revenez sur cette page "
  + "dans quelques minutes.";
const UPLOAD_FAILED = "L'envoi du fichier a échoué. Vérifiez votre connexion, puis réessayez.";
const FAILED = "L'envoi n'a pas pu se faire. Réessayez plus tard.";
// The problems of this part in French, by code (core/problems.js has the others).
const MESSAGES = {
  too_many_documents: "Votre famille a déjà 20 documents en cours d'envoi ou en attente de vérification : "
    + "attendez que la mairie les vérifie, ou supprimez-en un, avant d'en envoyer un autre.",
  unknown_document_type: "La mairie ne demande plus ce document : actualisez la page.",
  child_required: "Ce document concerne un enfant : actualisez la page.",
  child_not_allowed: "Ce document concerne la famille, pas un enfant : actualisez la page.",
  invalid_file_name: "Le nom de ce fichier n'est pas accepté : renommez-le, puis réessayez.",
  family_not_found: "Cette famille n'est pas suivie par votre compte.",
  child_not_found: "Cet enfant n'appartient pas à cette famille.",
  document_not_found: "Ce document n'existe plus : il a peut-être été supprimé par l'autre parent.",
  document_accepted: "Ce document a été accepté par la mairie : il ne peut plus être supprimé.",
};
// A field's refusal whose code is the API's generic one (a bound, a choice), in French by the field.
const FIELDS = {
  content_type: "Choisissez un fichier PDF, JPEG ou PNG.",
  size: "Le fichier doit peser 10 Mo au plus.",
  file_name: `Le nom de ce fichier est trop long : ${MAX_NAME} caractères au plus.`,
};

let flash = null; // what the screen says first, once: the outcome of an upload or a deletion
const typeLabels = new Map(); // a type's label, as "missing" said it: a sent paper's type is named by its id only

// ---- Values in French ----------------------------------------------------------------------------------

const familyPath = (familyId) => `/families/${encodeURIComponent(familyId)}`;
const plural = (n, one, many) => `${n} ${n > 1 ? many : one}`;
const typeLabel = (typeId) => typeLabels.get(typeId) || typeId;

// The paper's status in words: the validity of an accepted one, the town's reason for a refused one.
function statusNodes(paper) {
  const said = el("strong", { class: `statut-${paper.status}` }, STATUSES[paper.status] || paper.status);
  if (paper.status === "accepted" && paper.valid_until) {
    return [said, `, valable jusqu'au ${dateFr(paper.valid_until)}`];
  }
  if (paper.status === "refused" && paper.reason) {
    return [said, el("br"), el("span", { class: "motif" }, `Motif : ${paper.reason}`)];
  }
  return said;
}

// ---- Checking a file before sending it -----------------------------------------------------------------

// The type to declare: the browser's, else the name's extension (some phones give none).
function contentType(file) {
  if (TYPES.includes(file.type)) return file.type;
  if (file.type) return null;
  const extension = file.name.split(".").pop().toLowerCase();
  return BY_EXTENSION[extension] || null;
}

// What is wrong with the chosen file, in French, or null.
function fileProblem(file) {
  if (!file) return "Choisissez le fichier à envoyer.";
  if (!contentType(file)) return "Ce fichier n'est ni un PDF, ni une image JPEG ou PNG : choisissez-en un autre.";
  if (file.size === 0) return "Ce fichier est vide : choisissez-en un autre.";
  if (file.size > MAX_SIZE) {
    return "Ce fichier dépasse 10 Mo : réduisez-le (une photo moins grande, un scan en noir et blanc) ou choisissez-en "
      + "un autre.";
  }
  return null;
}

// The name to declare: the device's, without what the contract refuses in a name (a path's characters,
// control characters), at most 200 characters with its extension kept.
function safeName(name) {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const cleaned = name.replace(/[/\\:*?"<>|\u0000-\u001f\u007f]/g, "_").trim();
  const named = [...(cleaned === "." || cleaned === ".." || !cleaned ? "document" : cleaned)]; // characters
  if (named.length <= MAX_NAME) return named.join("");
  const dot = named.lastIndexOf(".");
  const extension = dot > 0 && named.length - dot <= 10 ? named.slice(dot) : [];
  return [...named.slice(0, MAX_NAME - extension.length), ...extension].join("");
}

// The API's refusal in French, every field error beside the file input (each field comes from the file).
function frenchProblem(problem) {
  const errors = ((problem && problem.errors) || []).map((error) => {
    const field = String(error.field || "").split(".").pop();
    return { field: "file", message: MESSAGES[error.code] || FIELDS[field] || FAILED };
  });
  return { code: problem && problem.code, errors, detail: FAILED };
}

// ---- Sending a file ------------------------------------------------------------------------------------

// The multipart POST the API prepared: every field of the form, then the file, last, as "file". Resolves to
// whether the storage took it; ``progress`` hears the share sent, from 0 to 1.
function postFile(upload, file, progress) {
  return new Promise((resolve) => {
    const form = new FormData();
    for (const [key, value] of Object.entries(upload.fields)) form.append(key, value);
    form.append("file", file);
    const request = new XMLHttpRequest();
    request.open("POST", upload.url);
    request.upload.onprogress = (event) => { if (event.lengthComputable) progress(event.loaded / event.total); };
    request.onload = () => resolve(request.status >= 200 && request.status < 300);
    request.onerror = () => resolve(false);
    request.onabort = () => resolve(false);
    request.ontimeout = () => resolve(false);
    request.send(form);
  });
}

const pause = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

// The paper's status once its file's check has answered (received, rejected_file…), "late" after ~20 s,
// null when the parent went elsewhere meanwhile.
async function checkedStatus(familyId, documentId, here) {
  for (let i = 0; i < POLL_TIMES; i += 1) {
    await pause(POLL_MS);
    if (location.hash !== here) return null;
    const { status, data } = await api("GET", `${familyPath(familyId)}/documents`);
    if (status === 200) {
      const paper = data.uploaded.find((item) => item.document_id === documentId);
      if (!paper) return "gone";
      if (paper.status !== "awaiting_file") return paper.status;
    }
  }
  return "late";
}

// The progress of one upload: a labelled bar, and a polite status said at each quarter (not at each percent).
function progressNodes(id, fileName) {
  const bar = el("progress", { id, max: "100", value: "0" });
  const said = el("span", { class: "progression-etat", role: "status" });
  const box = el("div", { class: "progression" },
    el("label", { for: id }, `Envoi de « ${fileName} »`), bar, said);
  let quarter = -1;
  const show = (share) => {
    const percent = Math.round(share * 100);
    bar.value = percent;
    bar.textContent = `${percent} %`;
    if (Math.floor(percent / 25) !== quarter) {
      quarter = Math.floor(percent / 25);
      said.textContent = `${percent} % envoyé`;
    }
  };
  const tell = (text) => { said.textContent = text; };
  return { box, show, tell };
}

// The API's problem (or this screen's own check) on a form: a field's error beside the file input only (the
// summary line under the button is for a problem of no field, as 409 too_many_documents); announced either way.
function showFormProblem(form, problem) {
  showProblem(form, problem, MESSAGES);
  if (problem.errors && problem.errors.length) form.querySelector(".error[data-for=form]").textContent = "";
}

function clearProblems(form) {
  form.querySelectorAll(".error[data-for]").forEach((slot) => { slot.textContent = ""; });
  form.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
}

// While one file is on its way, no other form sends (the screen is drawn again once it is checked).
function lockForms(locked) {
  document.querySelectorAll("form.envoi button[type=submit]").forEach((button) => { button.disabled = locked; });
}

async function sendFile(form, missing, view) {
  const input = form.querySelector("input[type=file]");
  const file = input.files[0];
  const wrong = fileProblem(file);
  if (wrong) {
    showFormProblem(form, { errors: [{ field: "file", message: wrong }] });
    input.focus();
    return;
  }
  say(view.message, null); // what the previous action said
  lockForms(true);
  const body = { document_type_id: missing.document_type_id, file_name: safeName(file.name),
    content_type: contentType(file), size: file.size };
  if (missing.child_id) body.child_id = missing.child_id;
  const declared = await api("POST", `${familyPath(view.family.family_id)}/documents`, body);
  if (declared.status !== 201) {
    lockForms(false);
    showFormProblem(form, frenchProblem(declared.data));
    return;
  }
  clearProblems(form); // the errors of a previous try go
  const { document: paper, upload } = declared.data;
  const progress = progressNodes(`${input.id}-envoi`, body.file_name);
  form.append(progress.box);
  progress.show(0);
  const sent = await postFile(upload, file, progress.show);
  if (!sent) {
    // The paper would wait an hour for a file that is not coming, counted among the family's 20.
    await api("DELETE", `${familyPath(view.family.family_id)}/documents/${encodeURIComponent(paper.document_id)}`);
    progress.box.remove();
    lockForms(false);
    showFormProblem(form, { detail: UPLOAD_FAILED });
    return;
  }
  progress.show(1);
  progress.tell("Fichier envoyé : vérification en cours…");
  const outcome = await checkedStatus(view.family.family_id, paper.document_id, view.here);
  if (outcome === null) return;
  if (outcome === "received") flash = ["ok", RECEIVED];
  else if (outcome === "rejected_file") flash = ["error", REJECTED];
  else if (outcome === "late") flash = ["ok", LATE];
  else flash = ["error", MESSAGES.document_not_found];
  await redraw(view);
}

// ---- What is missing -----------------------------------------------------------------------------------

let formCount = 0;

function uploadForm(missing, who, view) {
  formCount += 1;
  const id = `fichier-${formCount}`;
  const input = el("input", { type: "file", id, name: "file", accept: ACCEPT,
    "aria-describedby": `${id}-aide ${id}-erreur` });
  const form = el("form", { class: "envoi", novalidate: "" },
    el("label", { for: id }, "Fichier", el("span", { class: "sr-only" }, ` : ${missing.label}, ${who}`),
      el("span", { class: "hint", id: `${id}-aide` }, HINT)),
    input,
    el("span", { class: "error", id: `${id}-erreur`, "data-for": "file" }),
    el("button", { type: "submit" }, "Envoyer", el("span", { class: "sr-only" }, ` : ${missing.label}, ${who}`)),
    el("p", { class: "error", "data-for": "form" }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    sendFile(form, missing, view).catch(() => { // the API or the storage could not be reached
      form.querySelectorAll(".progression").forEach((box) => box.remove());
      lockForms(false);
      showFormProblem(form, { detail: UPLOAD_FAILED });
    });
  });
  return form;
}

// The activities that require a paper, by their labels (a child's own, or any child's for the family's; an
// activity asked for, not enrolled in yet, by the label the activities open to requests give).
function activitiesText(missing, children, asked) {
  const own = missing.child_id ? children.filter((child) => child.child_id === missing.child_id) : children;
  const labels = new Map(own.flatMap((child) => child.activities.map((a) => [a.activity_id, a.label])));
  return missing.activity_ids.map((activityId) => labels.get(activityId) || asked.get(activityId) || activityId)
    .join(", ");
}

// The labels of the activities a paper is missing for that no child is enrolled in yet (an enrolment request
// waits for the town): from the activities open to requests of the family's children, asked only then.
async function askedLabels(missing, children) {
  const enrolled = new Set(children.flatMap((child) => child.activities.map((a) => a.activity_id)));
  if (missing.every((item) => item.activity_ids.every((activityId) => enrolled.has(activityId)))) return new Map();
  const answers = await Promise.all(children.map((child) => api("GET",
    `/children/${encodeURIComponent(child.child_id)}/activities`).catch(() => ({ status: 0 }))));
  return new Map(answers.flatMap((answer) => (answer.status === 200
    ? answer.data.items.map((a) => [a.activity_id, a.label]) : [])));
}

function missingNodes(data, view) {
  if (!data.missing.length) return [el("p", {}, "Aucun document n'est demandé pour le moment.")];
  // Each child in the order of GET /children (one it did not answer is named by its id), then the family.
  const known = view.children.map((child) => ({ childId: child.child_id, name: child.first_name }));
  const others = [...new Set(data.missing.map((m) => m.child_id).filter(Boolean))]
    .filter((childId) => !known.some((group) => group.childId === childId))
    .map((childId) => ({ childId, name: childId }));
  const groups = [...known, ...others, { childId: null, name: null }];
  let index = 0;
  return [
    el("p", {}, `${plural(data.missing.length, "document est demandé", "documents sont demandés")} par la mairie `
      + "pour les activités de vos enfants."),
    groups.map((group) => {
      const items = data.missing.filter((m) => (m.child_id || null) === group.childId);
      if (!items.length) return null;
      index += 1;
      const heading = `manquants-${index}`;
      const who = group.name || "toute la famille";
      return el("section", { class: "pieces", "aria-labelledby": heading },
        el("h3", { id: heading }, group.name ? `Pour ${group.name}` : "Pour toute la famille"),
        items.map((missing) => el("div", { class: "piece" },
          el("h4", {}, missing.label),
          el("p", {}, `Demandé pour : ${activitiesText(missing, view.children, view.asked)}`),
          uploadForm(missing, who, view))));
    }),
  ];
}

// ---- What was sent, what the town sent ----------------------------------------------------------------

// A file's 5-minute link, then the browser downloads it (an attachment: the screen stays).
async function download(path, view) {
  const { status, data } = await api("GET", path);
  if (status === 200) {
    location.assign(data.url);
    return;
  }
  say(view.message, ["error", "Ce document ne peut pas être téléchargé pour le moment. Réessayez plus tard."]);
}

async function removePaper(paper, view, button) {
  if (!window.confirm(`Supprimer le document « ${paper.file_name} » ?`)) return;
  button.disabled = true; // a double click deletes once
  const path = `${familyPath(view.family.family_id)}/documents/${encodeURIComponent(paper.document_id)}`;
  const { status, data } = await api("DELETE", path);
  if (status === 204) flash = ["ok", `Document « ${paper.file_name} » supprimé.`];
  else if (status === 404 || status === 409) flash = ["error", MESSAGES[data && data.code] || FAILED];
  else {
    button.disabled = false;
    announce("Le document n'a pas pu être supprimé. Réessayez plus tard.");
    return;
  }
  await redraw(view);
}

const context = (text) => el("span", { class: "sr-only" }, text);

function sentTable(uploaded, view) {
  if (!uploaded.length) return el("p", {}, "Vous n'avez encore envoyé aucun document.");
  const names = new Map(view.children.map((child) => [child.child_id, child.first_name]));
  const rowOf = (paper) => {
    const about = ` « ${paper.file_name} »`;
    const hasFile = !["awaiting_file", "rejected_file"].includes(paper.status);
    const get = hasFile ? el("button", { type: "button", class: "secondary" }, "Télécharger", context(about)) : null;
    const path = `${familyPath(view.family.family_id)}/documents/${encodeURIComponent(paper.document_id)}/file`;
    if (get) get.addEventListener("click", () => download(path, view));
    const remove = paper.status !== "accepted"
      ? el("button", { type: "button", class: "secondary" }, "Supprimer", context(about)) : null;
    if (remove) remove.addEventListener("click", () => removePaper(paper, view, remove));
    const cells = [typeLabel(paper.document_type_id),
      paper.child_id ? names.get(paper.child_id) || paper.child_id : "Toute la famille",
      paper.file_name, instantDateFr(paper.uploaded_at), statusNodes(paper)];
    return el("tr", { "data-document": paper.document_id },
      cells.map((cell, i) => el("td", SENT_CLASSES[i] ? { "data-label": SENT_COLUMNS[i], class: SENT_CLASSES[i] }
        : { "data-label": SENT_COLUMNS[i] }, cell)),
      el("td", { class: "action" }, get, " ", remove));
  };
  return el("table", { class: "cards documents" },
    el("caption", { class: "sr-only" }, "Documents envoyés"),
    el("thead", {}, el("tr", {}, [...SENT_COLUMNS, "Actions"].map((label) => el("th", { scope: "col" }, label)))),
    el("tbody", {}, uploaded.map(rowOf)));
}

function townTable(received, view) {
  if (!received.length) return el("p", {}, "La mairie ne vous a encore envoyé aucun document.");
  const rowOf = (paper) => {
    const get = el("button", { type: "button", class: "secondary" }, "Télécharger", context(` « ${paper.title} »`));
    const path = `${familyPath(view.family.family_id)}/received/${encodeURIComponent(paper.document_id)}/pdf`;
    get.addEventListener("click", () => download(path, view));
    return el("tr", { "data-document": paper.document_id },
      el("td", { "data-label": TOWN_COLUMNS[0], class: "mots" }, paper.title),
      el("td", { "data-label": TOWN_COLUMNS[1], class: "date" }, dateFr(paper.date)),
      el("td", { class: "action" }, get));
  };
  return el("table", { class: "cards documents-mairie" },
    el("caption", { class: "sr-only" }, "Documents de la mairie"),
    el("thead", {}, el("tr", {}, [...TOWN_COLUMNS, "Télécharger"].map((label) => el("th", { scope: "col" }, label)))),
    el("tbody", {}, received.map(rowOf)));
}

// ---- The screens ---------------------------------------------------------------------------------------

// The message at the top of a family's screen: [class, text], said to screen readers too; null empties it.
function say(message, said) {
  message.className = said ? said[0] : "";
  message.textContent = said ? said[1] : "";
  if (said) announce(said[1]);
}

const redraw = (view) => familyScreen(view.family, view.several, view.here);

async function familyScreen(family, several, here) {
  const [papers, kids] = await Promise.all([api("GET", `${familyPath(family.family_id)}/documents`),
    api("GET", "/children")]);
  if (location.hash !== here) return; // the parent went elsewhere meanwhile
  const said = flash;
  flash = null;
  const back = several ? el("p", {}, el("a", { href: "#/documents" }, "Retour à mes familles")) : null;
  if (papers.status === 404) {
    showNodes("Documents introuvables",
      el("p", { class: "error" }, "Cette famille n'existe pas ou n'est pas suivie par votre compte."),
      el("p", {}, el("a", { href: "#/documents" }, "Retour à mes documents")));
    return;
  }
  if (papers.status !== 200) {
    showNodes(TITLE, el("p", { class: "error" }, "Impossible de charger vos documents. Réessayez plus tard."), back);
    return;
  }
  const data = papers.data;
  data.missing.forEach((missing) => typeLabels.set(missing.document_type_id, missing.label));
  const children = kids.status === 200 ? kids.data.items.filter((child) => child.family_id === family.family_id)
    : [];
  const asked = await askedLabels(data.missing, children);
  if (location.hash !== here) return;
  // What the screen's parts share: the family, how to draw it again, the activities' labels, its message.
  const view = { family, several, here, children, asked, message: el("p", { id: "documents-message" }) };
  say(view.message, said);
  showNodes(`${TITLE} – ${family.label}`, view.message,
    el("h2", {}, "Documents à fournir"), missingNodes(data, view),
    el("h2", {}, "Documents envoyés"), sentTable(data.uploaded, view),
    el("h2", {}, "Documents de la mairie"), townTable(data.received, view),
    back);
}

// #/documents: the papers of the one family followed, or the list of the families; #/documents/{family_id}: one.
async function documentsScreen(familyId) {
  const here = location.hash;
  const { status, data } = await api("GET", "/subscriptions");
  if (location.hash !== here) return;
  if (status !== 200) {
    showNodes(TITLE, el("p", { class: "error" }, "Impossible de charger vos documents. Réessayez plus tard."));
    return;
  }
  const families = [...data.items].sort((a, b) => a.label.localeCompare(b.label, "fr"));
  const several = families.length > 1;
  if (familyId || families.length === 1) {
    const wanted = familyId || families[0].family_id;
    const family = families.find((f) => f.family_id === wanted) || { family_id: wanted, label: wanted };
    await familyScreen(family, several, here);
    return;
  }
  if (!families.length) {
    showNodes(TITLE, el("p", {}, "Aucun document à afficher : abonnez-vous d'abord à votre famille dans ",
      el("a", { href: "#/abonnements" }, "Mes abonnements"), "."));
    return;
  }
  showNodes(TITLE, el("p", {}, "Votre compte suit plusieurs familles : choisissez celle dont vous voulez voir "
    + "les documents."),
  el("ul", {}, families.map((family) => el("li", {},
    el("a", { href: `#/documents/${encodeURIComponent(family.family_id)}` }, family.label)))));
}

export const routes = [
  { hash: "#/documents", title: TITLE, menu: { label: TITLE, order: 18, group: GROUPS.family },
    access: "logged-in", render: (familyId) => documentsScreen(familyId) },
];
