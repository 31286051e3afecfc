// The town agents' console (« Espace agent », served at /agent/): native ES modules on the portal's core
// (core/api.js's client, core/render.js, core/forms.js, core/problems.js, core/format.js) and some of its
// areas' drawing (a file change's table, a family's file), on the API's town routes with an agent's token.
// Each module declares its screens in one route table; router.js builds the menu, the login guard and the
// dispatch from the tables listed here:
// - access.js: log in with the code, the invitation page (password, then the second factor's secret);
// - inbox.js: « À traiter », the home;
// - requests.js, documents.js: one request, one document, and their decisions (one.js reads them);
// - threads.js: a conversation a parent opened with one of the agent's services, its reply and its closing;
// - family.js: a family's file; attendance.js: a day's attendance list, ready to print;
// - appointments.js: an agenda's appointments of a day, ready to print, and the town's cancellation of one.
import { routes as access } from "./access.js";
import { routes as appointments } from "./appointments.js";
import { routes as attendance } from "./attendance.js";
import { routes as documents } from "./documents.js";
import { routes as family } from "./family.js";
import { routes as inbox } from "./inbox.js";
import { routes as requests } from "./requests.js";
import { start } from "./router.js";
import { routes as threads } from "./threads.js";

start([access, inbox, requests, documents, threads, family, appointments, attendance]);
