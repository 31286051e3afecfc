"""Money becomes integer cents once, at the edge."""

from __future__ import annotations

import pytest

from portal.kernel.money import InvalidAmount, cents_from_import, cents_from_typed


@pytest.mark.parametrize("typed", ["6,40", "6.40", "6.4", "6", 6.4, 6, " 6,40 "])
def test_amounts_as_people_type_them_all_mean_640_or_600(typed):
    assert cents_from_typed(typed) in {640, 600}
    assert cents_from_typed(typed) == (600 if str(typed).strip() == "6" else 640)


@pytest.mark.parametrize("typed", ["-6,40", "6,401", "six", "", True, None, "6,4,0", "1e3", float("nan"), [6]])
def test_negative_overprecise_or_non_numbers_are_refused(typed):
    with pytest.raises(InvalidAmount):
        cents_from_typed(typed)


@pytest.mark.parametrize(("text", "cents"), [("6.40", 640), ("0", 0), ("12.5", 1250), ("1000000.00", 100000000)])
def test_imported_amounts_are_decimal_strings_with_a_dot(text, cents):
    assert cents_from_import(text) == cents


@pytest.mark.parametrize("text", ["6,40", "06.40", "-1", "6.", ".5", "6.401", 6.4, "1e2", " 6.40"])
def test_imported_amounts_in_any_other_form_are_refused(text):
    with pytest.raises(InvalidAmount):
        cents_from_import(text)
