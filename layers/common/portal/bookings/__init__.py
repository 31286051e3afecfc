"""The espace famille: the children of the families an account follows, the activities they are enrolled
in, and the day-by-day bookings a parent makes (deadlines, exact places, a waiting list that moves by
itself, absences, days the town closes), handed back to the town's software through a feed.

The municipality's software stays master of children, activities and enrolments (``records``); the
portal is master of bookings and absences. Public: ``model``, ``days`` (open days, deadlines, French
public holidays: pure rules), ``family_space`` (the citizen operations), ``records`` (published
records), ``admin`` (the feed and the attendance list); ``store`` is the area's own.
"""
