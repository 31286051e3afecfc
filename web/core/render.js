// Rendering: a screen into <main>, text escaped into HTML or set as text nodes, and announcements for screen
// readers.

export const main = document.getElementById("contenu");
const annonce = document.getElementById("annonce");

const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

// Any text that came from the API or the address bar goes through esc() before it joins the markup.
export const esc = (text) => String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);

// A screen: its title in the tab and as the heading, then its markup; focus moves to it for screen readers.
export function show(title, html) {
  document.title = `${title} – Portail citoyen`;
  main.innerHTML = `<h1>${esc(title)}</h1>${html}`;
  main.focus();
}

// An element with its attributes and children: strings become text nodes, null, undefined and false are left
// out. What the API says goes into a screen this way (or through esc()), never as markup.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  node.append(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

// A screen of text nodes only: its heading (the tab's title too) and the nodes under it.
export function showNodes(heading, ...nodes) {
  show(heading, "");
  main.append(...nodes.flat(Infinity).filter(Boolean));
}

// The polite live region: emptied first, so that the same text said twice is heard twice.
export function announce(text) {
  annonce.textContent = "";
  setTimeout(() => { annonce.textContent = text; }, 50);
}
