"""Password policy and hashing: pure rules, no AWS."""

from __future__ import annotations

import pytest
from argon2 import extract_parameters

from portal.accounts import passwords


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Ab1cdef", "password_too_short"),
        ("Abcdefgh", "password_needs_digit"),
        ("ABCDEFG1", "password_needs_lowercase"),
        ("abcdefg1", "password_needs_uppercase"),
        ("A1" + "b" * 127, "password_too_long"),
        ("Password1", "password_too_common"),
        ("Azerty123", "password_too_common"),
    ],
)
def test_a_password_breaking_a_rule_is_refused_with_its_code(password, code):
    assert passwords.policy_violation(password)[0] == code


@pytest.mark.parametrize("password", ["Cantine2024!", "Été-à-la-cantine-7", "A1" + "b" * 126])
def test_a_password_following_the_published_rule_is_accepted(password):
    assert passwords.policy_violation(password) is None


def test_surrounding_spaces_count_as_typed_characters():
    # Trimmed, " Ab1cde " would be 6 characters and too short.
    assert passwords.policy_violation(" Ab1cde ") is None


def test_hashes_are_argon2id_with_at_least_owasp_parameters():
    params = extract_parameters(passwords.hash_password("Cantine2024!"))

    assert params.type.name == "ID"
    assert params.memory_cost >= 19 * 1024
    assert params.time_cost >= 2
    assert params.parallelism == 1
    assert params.salt_len >= 16


def test_the_same_password_hashes_differently_each_time():
    assert passwords.hash_password("Cantine2024!") != passwords.hash_password("Cantine2024!")


def test_verification_is_exact_no_trimming_no_truncation():
    stored = passwords.hash_password("Cantine2024!" + "x" * 100)

    assert passwords.verify_password(stored, "Cantine2024!" + "x" * 100)
    assert not passwords.verify_password(stored, "Cantine2024!" + "x" * 99)
    assert not passwords.verify_password(stored, " Cantine2024!" + "x" * 100)


def test_verifying_without_a_stored_hash_runs_the_hasher_and_fails():
    assert passwords.verify_password(None, "Cantine2024!") is False
