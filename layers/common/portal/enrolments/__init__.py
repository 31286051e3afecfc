"""Enrolment requests ("Inscriptions") and bookings that respect the family's file (API.md v1.3).

A parent sees, per child, the activities open to requests now for which the child's birth date is eligible,
and asks to enrol the child in one (an ``enrolment`` request, listing the papers still missing); the town
accepts it (the enrolment is stored: the child can book at once) or refuses it. An activity that
``requires`` a certified file or its papers refuses bookings while they are lacking (``gate``). The area
sits above the papers (what an activity needs) and the requests (what was asked).
"""
