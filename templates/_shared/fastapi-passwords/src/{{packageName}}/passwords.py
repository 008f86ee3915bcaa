"""Argon2id password hashing (pwdlib), with transparent upgrades when parameters change."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import Depends, Request
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from .config import Settings


class PasswordHasher:
    """Runs Argon2 in a worker thread so hashing never blocks the event loop."""

    def __init__(self, *, time_cost: int, memory_cost: int, parallelism: int) -> None:
        self._hash = PasswordHash(
            (Argon2Hasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism),)
        )
        # Verified against when the account does not exist, so both paths cost the same.
        self._dummy = self._hash.hash("timing-equaliser-not-a-password")

    @classmethod
    def from_settings(cls, settings: Settings) -> PasswordHasher:
        return cls(
            time_cost=settings.argon2_time_cost,
            memory_cost=settings.argon2_memory_cost,
            parallelism=settings.argon2_parallelism,
        )

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._hash.hash, password)

    async def verify(self, password: str, stored: str | None) -> tuple[bool, str | None]:
        """Return (valid, new_hash); new_hash is set when the stored hash used old parameters."""
        if stored is None:
            await asyncio.to_thread(self._hash.verify, password, self._dummy)
            return False, None
        return await asyncio.to_thread(self._hash.verify_and_update, password, stored)


def get_hasher(request: Request) -> PasswordHasher:
    hasher: PasswordHasher = request.app.state.hasher  # set by create_app
    return hasher


HasherDep = Annotated[PasswordHasher, Depends(get_hasher)]
