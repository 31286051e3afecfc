// Reference citizen portal: every screen of the user guide, on the public API only (native ES modules, no
// build step). Each area declares its screens in one route table; the core builds the menu, the login guard
// and the dispatch from the tables listed here. A new area is one module in areas/ (or a folder of them, one
// module a screen or a part, whose routes.js gathers its table, as bookings/ and family_file/) and one entry
// below.
import { routes as account } from "./areas/account.js";
import { routes as accounts } from "./areas/accounts.js";
import { routes as appointments } from "./areas/appointments/routes.js";
import { routes as billing } from "./areas/billing.js";
import { routes as bookings } from "./areas/bookings/routes.js";
import { routes as documents } from "./areas/documents.js";
import { routes as enrolments } from "./areas/enrolments.js";
import { routes as familyFile } from "./areas/family_file/routes.js";
import { routes as home } from "./areas/home.js";
import { routes as messages } from "./areas/messages/routes.js";
import { routes as requests } from "./areas/requests.js";
import { routes as sitemap } from "./areas/sitemap.js";
import { routes as subscriptions } from "./areas/subscriptions.js";
import { start } from "./core/router.js";

start([accounts, home, subscriptions, account, enrolments, bookings, familyFile, requests, documents, billing,
  sitemap, messages, appointments]);
