// Tables whose cells carry their column's name: on a phone each row becomes a labelled card (style.css).
// A column is [label, kind]: "num" aligns right; "action" cells (buttons) need no label on the card.
import { euros } from "./format.js";

export function table(caption, columns, rows) {
  const heads = columns.map(([label, kind]) => `<th scope="col"${kind === "num" ? ' class="num"' : ""}>${label}</th>`);
  return `<table class="cards"><caption class="sr-only">${caption}</caption>`
    + `<thead><tr>${heads.join("")}</tr></thead><tbody>${rows}</tbody></table>`;
}

export function row(columns, cells) {
  return `<tr>${cells.map((cell, i) => {
    const [label, kind] = columns[i];
    return `<td${kind ? ` class="${kind}"` : ""}${kind === "action" ? "" : ` data-label="${label}"`}>${cell}</td>`;
  }).join("")}</tr>`;
}

export function totalRow(columns, label, cents) {
  return `<tr class="total"><th scope="row" colspan="${columns.length - 1}">${label}</th>`
    + `<td class="num">${euros(cents)}</td></tr>`;
}
