// Bookings ("Espace famille"): the children of the families the account follows with their activities
// (children.js), and per child and activity a booking calendar (calendar.js): days and units as toggles, the
// changes saved at once (POST …/bookings) with the outcome of each, a "semaine type" that prepares changes over
// a period (week.js), and declaring an absence (absence.js, POST …/absences). What they share is in shared.js.
// Every rule (deadlines, places, waiting list) is the server's: the calendar only shows what GET …/calendar
// says and sends what the parent changed.
import { GROUPS } from "../../core/router.js";
import { calendarScreen } from "./calendar.js";
import { childrenScreen } from "./children.js";

export const routes = [
  { hash: "#/famille", title: "Réservations", menu: { label: "Réservations", order: 15, group: GROUPS.family },
    access: "logged-in", render: () => childrenScreen() },
  { hash: "#/calendrier", title: "Calendrier", access: "logged-in",
    render: (childId, activityId, start) => calendarScreen(childId, activityId, start) },
];
