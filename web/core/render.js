// Rendering: a screen into <main>, text escaped into HTML, and announcements for screen readers.

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

// The polite live region: emptied first, so that the same text said twice is heard twice.
export function announce(text) {
  annonce.textContent = "";
  setTimeout(() => { annonce.textContent = text; }, 50);
}
