"""Password policy and hashing (argon2id, OWASP parameters).

Imported only by the operations that hash: argon2 and the common-password
list cost cold-start time that the other functions need not pay.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from portal.platform.errors import FieldProblem, rejection

MIN_LENGTH = 8
MAX_LENGTH = 128

# OWASP Password Storage Cheat Sheet minimum for argon2id: m=19 MiB, t=2, p=1.
# Each hash gets its own 16-byte random salt from argon2-cffi.
HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)


def policy_violation(password: str, min_length: int = MIN_LENGTH) -> tuple[str, str] | None:
    """The first broken rule as ``(code, message)``, or None. The password is taken exactly as typed."""
    if len(password) < min_length:
        return "password_too_short", f"The password must contain at least {min_length} characters"
    if len(password) > MAX_LENGTH:
        return "password_too_long", f"The password must contain at most {MAX_LENGTH} characters"
    if not any(c.isdigit() for c in password):
        return "password_needs_digit", "The password must contain at least one digit"
    if not any(c.islower() for c in password):
        return "password_needs_lowercase", "The password must contain at least one lowercase letter"
    if not any(c.isupper() for c in password):
        return "password_needs_uppercase", "The password must contain at least one uppercase letter"
    if password.lower() in _common_passwords():
        return "password_too_common", "This password is too common; choose another one"
    return None


def check_new_password(
    password: str, confirmation: str, extra: list[FieldProblem] | None = None, min_length: int = MIN_LENGTH
) -> None:
    """422 unless the password keeps the policy and its confirmation matches (plus ``extra`` problems)."""
    problems = new_password_problems(password, confirmation, min_length) + (extra or [])
    if problems:
        raise rejection(problems)


def new_password_problems(password: str, confirmation: str, min_length: int = MIN_LENGTH) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    violation = policy_violation(password, min_length)
    if violation:
        problems.append({"field": "password", "code": violation[0], "message": violation[1]})
    if confirmation != password:
        problems.append(
            {"field": "password_confirmation", "code": "password_mismatch", "message": "The passwords differ"}
        )
    return problems


@cache
def _common_passwords() -> frozenset[str]:
    # zxcvbn ships the 30,000 most common passwords of public breach corpora: loaded on the first check of a
    # new password, not at start-up.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


@cache
def _dummy_hash() -> str:
    """Verified against when the email is unknown, so that both paths cost one hash."""
    return HASHER.hash("unknown-account-placeholder")


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash (unknown account) a dummy hash is verified, then False."""
    try:
        return HASHER.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return HASHER.check_needs_rehash(password_hash)
