// The site map ("Plan du site", #/plan-du-site): every screen the visitor may open, grouped as the menu is, each
// a link, with the screens that belong to a menu entry ("within" it) under that entry. It is drawn from the
// route tables (core/router.js), so that a new screen appears in it without anyone listing it here: the RGAA
// asks for a second way, besides the menu, to reach every page.
import { el, showNodes } from "../core/render.js";
import { menuTree, screensWithin } from "../core/router.js";

const TITLE = "Plan du site";

// An entry: its link (the menu's label) and, under it, the screens within it (by their title).
function entry(route) {
  const under = screensWithin(route);
  return el("li", {}, el("a", { href: route.hash }, route.menu.label),
    under.length ? el("ul", {}, under.map((screen) => el("li", {}, el("a", { href: screen.hash }, screen.title))))
      : null);
}

function sitemapScreen() {
  const tree = menuTree().map((node, i) => (node.group
    ? el("li", {}, el("h2", { id: `plan-groupe-${i}` }, node.group),
      el("ul", { "aria-labelledby": `plan-groupe-${i}` }, node.entries.map(entry)))
    : entry(node)));
  showNodes(TITLE, el("ul", { class: "plan" }, tree));
}

export const routes = [
  { hash: "#/plan-du-site", title: TITLE, menu: { label: TITLE, order: 90 }, render: () => sitemapScreen() },
];
