"""Password hashing with argon2id."""

from __future__ import annotations

from typing import Protocol

from argon2 import PasswordHasher as Argon2Hasher
from argon2 import Type
from argon2.exceptions import InvalidHashError, VerificationError


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...


class Argon2idPasswordHasher:
    """argon2id with configurable memory and time cost (OWASP minimums by default)."""

    def __init__(self, memory_kib: int = 65536, time_cost: int = 3, parallelism: int = 2) -> None:
        self._hasher = Argon2Hasher(
            time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism, type=Type.ID
        )
        # Verified against when the account does not exist, so timing does not reveal that.
        self._decoy = self._hasher.hash("pairsec-decoy-password")

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def burn(self, password: str) -> None:
        """Spend the same time as a real verification, for an unknown account."""
        self.verify(self._decoy, password)
