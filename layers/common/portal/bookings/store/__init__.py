"""The bookings area's storage: its key formats (``keys``), its items and their access patterns (``items``),
and one module per thing the area keeps: ``published`` (children, activities, enrolments), ``places``
(bookings, slots, and the writes the rules decide), ``waiting`` (the waiting lists), ``feed`` (the town's
feed of changes) and ``mail_marks`` (the booking mails sent). Only the bookings area imports it.
"""
