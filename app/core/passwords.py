"""Password hashing (argon2id) and the password rules staff see."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 256

# argon2-cffi's defaults (RFC 9106's second recommendation) for every real deployment.
STANDARD = PasswordHasher()
# Test settings only (COVNAV_PASSWORD_HASHING=fast, refused outside env=test): the same
# algorithm at its smallest cost, so the staff tests do not spend most of their time hashing.
FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

_hasher = STANDARD
# Verified when the account does not exist, so both paths take the same time.
_dummy_hash = _hasher.hash(secrets.token_urlsafe(16))


def use_hashing(profile: str) -> None:
    """Pick the hashing cost for this process ("standard", or "fast" in tests)."""
    global _hasher, _dummy_hash
    chosen = FAST if profile == "fast" else STANDARD
    if chosen is not _hasher:
        _hasher = chosen
        _dummy_hash = chosen.hash(secrets.token_urlsafe(16))


class PasswordRuleError(ValueError):
    """A new password that breaks a rule; the message is shown beside the field."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; burns the same time when there is no hash."""
    try:
        return _hasher.verify(password_hash or _dummy_hash, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def check_new_password(password: str, *, email: str = "") -> None:
    """Refuse a password that is too short, too long or is the email address."""
    if len(password) < MIN_LENGTH:
        raise PasswordRuleError(f"Use at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise PasswordRuleError(f"Use at most {MAX_LENGTH} characters.")
    if email and password.strip().lower() == email.strip().lower():
        raise PasswordRuleError("Do not use your email address as your password.")


def temporary_password() -> str:
    """A one-time password an admin hands to a new staff member."""
    return secrets.token_urlsafe(12)
