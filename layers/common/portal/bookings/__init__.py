"""Bookings, in the portal's "Espace famille": the children of the families an account follows, the
activities they are enrolled in, and the day-by-day bookings a parent makes (deadlines, exact places, a
waiting list that moves by itself, absences, days the town closes), handed back to the town's software
through a feed.

The municipality's software stays master of children, activities and enrolments (``records``); the
portal is master of bookings and absences. Decide, then apply: ``rules`` decides (pure: open days and
deadlines come from ``days``), ``store`` applies with conditions, ``applying`` decides again what lost.
What a parent does: ``views`` (the children, a calendar), ``changes`` (booking and cancelling),
``absences``; what moves by itself: ``waiting_list`` (promotions), ``closures`` (days the town closes);
the town's side: ``records`` (published records), ``admin`` (the feed and the attendance list); mails:
``mailing`` (the queue) and ``mails`` (their French text). ``store`` is the area's own.
"""
