"""Appointments ("Prise de rendez-vous"): the town's agendas, their slots in Europe/Paris, appointments
booked with exact places and a per-account limit, cancelled, reminded the day before; the town's day list."""
