"""The booking rules with plain values, no storage: what a parent's change, an absence and a freed place
decide, and how a write that lost its condition is decided again.

The storage tests (tests/functional/test_bookings.py) keep what only storage shows: the conditions,
the transactions, rivals at the same moment."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest

from portal.bookings import rules
from portal.bookings.model import Activity, Booking, Change, DaysBefore, Enrolment, Slot, Unit
from portal.bookings.rules import Applied, Book, Cancel, Decision, Known, MarkAbsent, Promote, Wait

MONDAY = date(2027, 1, 11)
SATURDAY = date(2027, 1, 16)
# Booking and cancellation: two days before, at 10:00 in Paris (09:00 UTC in winter).
BEFORE = datetime(2027, 1, 9, 8, 59, tzinfo=UTC)
AFTER = datetime(2027, 1, 9, 9, 0, tzinfo=UTC)

MEAL = Unit("REPAS", "Repas", 320, None)
EVENING = Unit("SOIR", "Garderie du soir", None, 2)
CAMP = Activity(
    activity_id="ALSH",
    label="Centre de loisirs",
    nature="Accueil de loisirs",
    first=date(2026, 9, 1),
    last=date(2027, 7, 3),
    weekdays=frozenset({0, 1, 2, 3, 4}),
    closed=frozenset({date(2027, 1, 12)}),
    extra_days=frozenset(),
    units=(MEAL, EVENING),
    booking_deadline=DaysBefore(2, time(10, 0), False),
    cancellation_deadline=None,
    opens_at=None,
    waiting_list=True,
)
ENROLLED = Enrolment("C1", "ALSH", date(2026, 9, 1), date(2027, 7, 3))


def book(day: date = MONDAY, unit: str = "SOIR") -> Change:
    return Change(day, unit, booked=True)


def cancel(day: date = MONDAY, unit: str = "SOIR") -> Change:
    return Change(day, unit, booked=False)


def booking(status="booked", unit="SOIR", day=MONDAY, **more) -> Booking:
    return Booking("C1", "ALSH", unit, day, status, **more)


def decide(change, known=None, now=BEFORE, activity=CAMP, enrolment=ENROLLED) -> Decision:
    return rules.change(change, "C1", activity, enrolment, known or Known({}), now)


def known(*bookings: Booking, full=()) -> Known:
    return Known({(b.day, b.unit_id): b for b in bookings}, set(full))


# --- booking ------------------------------------------------------------------------------------------------


def test_a_unit_with_places_is_booked_on_the_condition_of_a_place_left():
    decision = decide(book())
    assert decision.outcome.outcome == "booked"
    assert decision.write == Book(booking(counted=True), capacity=2)


def test_a_unit_without_a_capacity_is_booked_without_counting():
    assert decide(book(unit="REPAS")).write == Book(booking(unit="REPAS"), capacity=None)


@pytest.mark.parametrize(
    ("day", "enrolment", "why"),
    [
        (SATURDAY, ENROLLED, "not a weekday of the activity"),
        (date(2027, 1, 12), ENROLLED, "a closed day"),
        (date(2027, 7, 5), ENROLLED, "after the activity"),
        (MONDAY, Enrolment("C1", "ALSH", date(2027, 2, 1), date(2027, 7, 3)), "before the enrolment"),
    ],
)
def test_a_day_not_open_to_the_child_is_refused_first(day, enrolment, why):
    decision = decide(book(day), enrolment=enrolment, now=datetime(2030, 1, 1, tzinfo=UTC))
    assert (decision.outcome.outcome, decision.outcome.code, decision.write) == ("refused", "not_open", None), why


def test_the_booking_deadline_is_the_minute_it_falls_in_paris():
    assert decide(book(), now=BEFORE).outcome.outcome == "booked"
    late = decide(book(), now=AFTER)
    assert (late.outcome.code, late.write) == ("deadline_passed", None)


def test_before_the_activity_opens_or_beyond_the_horizon_booking_is_not_open():
    opening = replace(CAMP, opens_at=datetime(2027, 1, 1, 8, 0, tzinfo=UTC))
    assert decide(book(), activity=opening, now=datetime(2027, 1, 1, 7, 59, tzinfo=UTC)).outcome.code == (
        "booking_not_open"
    )
    assert decide(book(), activity=opening, now=datetime(2027, 1, 1, 8, 0, tzinfo=UTC)).outcome.outcome == "booked"
    far = decide(book(date(2027, 6, 14)), now=datetime(2026, 5, 1, tzinfo=UTC))
    assert far.outcome.code == "booking_not_open"


@pytest.mark.parametrize("status", ["booked", "waiting", "absent"])
def test_booking_what_the_child_already_has_changes_nothing(status):
    decision = decide(book(), known(booking(status)))
    assert (decision.outcome.outcome, decision.write) == ("unchanged", None)


def test_a_slot_known_full_puts_the_child_on_the_waiting_list():
    decision = decide(book(), known(full={(MONDAY, "SOIR")}))
    assert decision.outcome.outcome == "waiting"
    assert decision.write == Wait(booking("waiting"))


@pytest.mark.parametrize(
    ("taken", "waiting", "refuses"),
    [(0, 0, False), (1, 0, False), (2, 0, True), (1, 1, True), (0, 3, True)],
)
def test_a_slot_refuses_a_booking_its_place_when_full_or_when_children_wait_for_it(taken, waiting, refuses):
    assert rules.takes_no_booking(EVENING, Slot("ALSH", "SOIR", MONDAY, taken, taken + waiting, waiting)) is refuses


def test_a_unit_with_no_place_is_full_from_the_start():
    closed = replace(CAMP, units=(MEAL, replace(EVENING, capacity=0)))
    assert decide(book(), activity=closed).write == Wait(booking("waiting"))
    no_list = replace(closed, waiting_list=False)
    assert (decide(book(), activity=no_list).outcome.code, decide(book(), activity=no_list).write) == ("full", None)


def test_a_slot_known_full_without_a_waiting_list_is_refused_full():
    decision = decide(book(), known(full={(MONDAY, "SOIR")}), activity=replace(CAMP, waiting_list=False))
    assert (decision.outcome.code, decision.write) == ("full", None)


# --- cancelling ---------------------------------------------------------------------------------------------


def test_cancelling_a_booking_gives_it_back_as_it_was_read():
    held = booking(counted=True)
    decision = decide(cancel(), known(held))
    assert (decision.outcome.outcome, decision.write) == ("cancelled", Cancel(held))
    assert rules.gives_back_a_place(decision.write)


def test_cancelling_a_waiting_entry_cancels_it():
    entry = booking("waiting", ticket=3)
    assert decide(cancel(), known(entry)).write == Cancel(entry)


@pytest.mark.parametrize("held", [None, booking("absent", counted=True, reason="illness")])
def test_cancelling_nothing_or_an_absence_changes_nothing(held):
    decision = decide(cancel(), known(held) if held else None)
    assert (decision.outcome.outcome, decision.write) == ("unchanged", None)


def test_cancelling_past_the_cancellation_deadline_is_refused():
    decision = decide(cancel(), known(booking()), now=AFTER)
    assert (decision.outcome.code, decision.write) == ("deadline_passed", None)


def test_an_activity_own_cancellation_deadline_is_used_for_cancelling():
    later = replace(CAMP, cancellation_deadline=DaysBefore(0, time(8, 0), False))
    assert decide(cancel(), known(booking()), activity=later, now=AFTER).outcome.outcome == "cancelled"
    assert rules.cancellable(later, booking(), AFTER)
    assert not rules.cancellable(CAMP, booking(), AFTER)
    assert not rules.cancellable(later, booking("absent"), AFTER)
    assert not rules.cancellable(later, None, AFTER)


# --- absences -----------------------------------------------------------------------------------------------


def test_an_absence_before_the_deadline_cancels_and_gives_the_place_back():
    held = booking(counted=True)
    write = rules.absence(CAMP, held, BEFORE, "illness", "fièvre")
    assert write == Cancel(held, "illness", "fièvre")
    assert rules.gives_back_a_place(write)


def test_an_absence_past_the_deadline_keeps_the_place_taken():
    held = booking(counted=True)
    write = rules.absence(CAMP, held, AFTER, "other", None)
    assert write == MarkAbsent(held, "other", None)
    assert not rules.gives_back_a_place(write)


def test_an_absence_cancels_a_waiting_entry_even_late_and_leaves_an_absence_alone():
    entry = booking("waiting", ticket=1)
    assert rules.absence(CAMP, entry, AFTER, "illness", None) == Cancel(entry, "illness", None)
    assert rules.absence(CAMP, booking("absent"), BEFORE, "illness", None) is None


def test_only_a_counted_booking_or_a_new_waiting_entry_may_free_a_place():
    assert not rules.gives_back_a_place(Cancel(booking(unit="REPAS")))
    assert rules.gives_back_a_place(Wait(booking("waiting")))
    assert not rules.gives_back_a_place(Book(booking(counted=True), 2))


# --- places and the waiting list ----------------------------------------------------------------------------


def test_places_left_never_go_below_zero():
    assert rules.places_left(EVENING, None) == 2
    assert rules.places_left(EVENING, Slot("ALSH", "SOIR", MONDAY, taken=1)) == 1
    assert rules.places_left(EVENING, Slot("ALSH", "SOIR", MONDAY, taken=5)) == 0
    assert rules.places_left(MEAL, Slot("ALSH", "REPAS", MONDAY, taken=5)) is None


def test_the_oldest_waiting_children_get_the_free_places():
    slot = Slot("ALSH", "SOIR", MONDAY, taken=1, tickets=4)
    waiting = [(2, "C2"), (3, "C3"), (4, "C4")]
    assert rules.promotions(CAMP, EVENING, slot, waiting) == [
        Promote(Booking("C2", "ALSH", "SOIR", MONDAY, "waiting", ticket=2), 2)
    ]
    assert rules.promotions(CAMP, EVENING, replace(slot, taken=2), waiting) == []


def test_a_unit_republished_without_a_capacity_takes_its_whole_list():
    slot = Slot("ALSH", "REPAS", MONDAY, taken=40, tickets=3)
    promoted = rules.promotions(CAMP, MEAL, slot, [(1, "C2"), (2, "C3")])
    assert [p.booking.child_id for p in promoted] == ["C2", "C3"]
    assert {p.capacity for p in promoted} == {rules.MAX_CAPACITY}


def test_a_waiting_list_fills_only_a_running_day_before_its_booking_deadline():
    assert rules.may_fill(CAMP, MONDAY, "SOIR", BEFORE)
    assert not rules.may_fill(CAMP, MONDAY, "SOIR", AFTER)
    assert not rules.may_fill(CAMP, date(2027, 1, 12), "SOIR", datetime(2026, 12, 1, tzinfo=UTC))
    assert not rules.may_fill(CAMP, MONDAY, "GONE", BEFORE)


def test_a_waiting_position_is_its_ticket_less_the_tickets_gone_before_it():
    assert rules.position(1, 0) == 1
    assert rules.position(4, 1) == 3  # ticket 1 gone (promoted), 2 and 3 waiting (or being written)
    assert rules.position(4, 3) == 1


# --- deciding again what lost -------------------------------------------------------------------------------


class Store:
    """A stand-in for the store: loses the writes it is told to, the first time it sees them."""

    def __init__(self, losses=None, tickets=None, rereads=None):
        self.losses = dict(losses or {})
        self.tickets = dict(tickets or {})
        self.rereads = rereads or {}
        self.rounds: list[list] = []

    def apply(self, writes):
        self.rounds.append(writes)
        applied = Applied()
        for position, write in enumerate(writes):
            key = (write.booking.day, write.booking.unit_id, type(write).__name__)
            if key in self.losses:
                applied.lost[position] = self.losses.pop(key)
            elif isinstance(write, Wait):
                applied.tickets[position] = self.tickets.get(key, 1)
        return applied

    def reread(self, first, last):
        return {k: b for k, b in self.rereads.items() if first <= k[0] <= last}


def settle(changes, store, seen=None):
    state = seen or Known({})
    return rules.settle(
        state, lambda item: decide(changes[item], state), len(changes), store.apply, store.reread
    ), state


def test_a_place_lost_to_a_rival_is_decided_again_as_waiting():
    store = Store(losses={(MONDAY, "SOIR", "Book"): "full"}, tickets={(MONDAY, "SOIR", "Wait"): 7})
    settled, state = settle([book(), book(MONDAY, "REPAS")], store)
    assert [d.outcome.outcome for d in settled.decisions] == ["waiting", "booked"]
    assert settled.tickets == {0: 7}
    assert state.full == {(MONDAY, "SOIR")}
    assert [len(writes) for writes in store.rounds] == [2, 1]  # only the lost one is written again


def test_a_booking_a_rival_changed_is_read_again_then_decided():
    rival = booking(counted=True)
    store = Store(losses={(MONDAY, "SOIR", "Book"): "changed"}, rereads={(MONDAY, "SOIR"): rival})
    settled, state = settle([book()], store)
    assert settled.decisions[0].outcome.outcome == "unchanged"  # the child was booked meanwhile
    assert state.booking(MONDAY, "SOIR") == rival
    assert not settled.contested


def test_a_cancellation_whose_booking_went_meanwhile_becomes_unchanged():
    store = Store(losses={(MONDAY, "SOIR", "Cancel"): "changed"})
    settled, state = settle([cancel()], store, known(booking(counted=True)))
    assert settled.decisions[0] == Decision(settled.decisions[0].outcome, None)
    assert settled.decisions[0].outcome.outcome == "unchanged"
    assert state.bookings == {}


def test_an_item_still_contested_after_the_last_round_is_unchanged_and_unwritten():
    class Contested(Store):
        def apply(self, writes):
            self.rounds.append(writes)
            return Applied(lost=dict.fromkeys(range(len(writes)), "changed"))

    store = Contested()
    settled, _ = settle([book(), cancel(date(2027, 1, 13))], store)
    assert len(store.rounds) == rules.ROUNDS
    assert settled.contested == {0}
    assert (settled.decisions[0].outcome.outcome, settled.decisions[0].write) == ("unchanged", None)
    assert settled.decisions[1].outcome.outcome == "unchanged"


def test_refusals_are_never_written():
    store = Store()
    settled, _ = settle([book(SATURDAY), book(), cancel(date(2027, 1, 13))], store)
    assert [d.outcome.outcome for d in settled.decisions] == ["refused", "booked", "unchanged"]
    assert [type(w).__name__ for w in store.rounds[0]] == ["Book"]


# --- bookings and the file (v1.3) ------------------------------------------------------------------------------


@pytest.mark.parametrize("held", ["file_not_certified", "documents_missing"])
def test_the_file_refuses_after_not_open_before_the_deadline_and_never_a_cancellation(held):
    lacking = Known({(MONDAY, "SOIR"): booking()}, held=held)

    assert decide(book(SATURDAY), Known({}, held=held)).outcome.code == "not_open"
    assert decide(book(MONDAY, "REPAS"), lacking).outcome.code == held
    assert decide(book(MONDAY, "REPAS"), lacking, now=AFTER).outcome.code == held  # past the deadline too
    assert decide(book(), lacking).outcome.code == held  # booked already: still said, never written
    assert decide(cancel(), lacking).outcome.outcome == "cancelled"
