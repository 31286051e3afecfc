"""The agents' second factor: the step a code is, one step either side, and any text a client sends."""

from __future__ import annotations

import pyotp
import pytest

from portal.agents import totp

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = 1_796_112_000.0  # a step's start


@pytest.mark.parametrize(("offset", "found"), [(-60, None), (-30, -1), (0, 0), (30, 1), (60, None)])
def test_a_code_is_its_step_or_one_either_side(offset, found):
    given = pyotp.TOTP(SECRET).at(NOW + offset)
    step = totp.matching_step(SECRET, given, NOW)
    assert step == (None if found is None else int(NOW // 30) + found)


@pytest.mark.parametrize("given", ["", "12345", "1234567", "abcdef", "\u00c3\u0000\ud963\udd60", "٠١٢٣٤٥"])
def test_any_other_text_is_no_step(given):
    assert totp.matching_step(SECRET, given, NOW) is None
