"""POST /{tenant}/appointments: book a slot of an agenda."""

from portal.appointments import booking
from portal.appointments.bodies import AppointmentOut, BookingIn
from portal.http import CitizenRequest, Response, endpoint


@endpoint(
    "book_appointment",
    auth="citizen",
    body=BookingIn,
    responses={201: AppointmentOut},
    errors=(
        "agenda_not_found",
        "not_a_slot",
        "outside_booking_window",
        "appointment_limit",
        "slot_full",
        "invalid_text",
    ),
)
def handler(request: CitizenRequest[BookingIn]) -> Response:
    """The appointment booked (places exact under any number of simultaneous requests); its confirmation
    is mailed with its iCalendar file."""
    body = request.body
    return Response(201, booking.book(request.principal, body.agenda_id, body.start, body.note))
