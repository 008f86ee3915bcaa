"""Failed logins per account in a fixed window, counted in Redis so every worker shares them."""

from __future__ import annotations

from redis.asyncio import Redis

# Count one attempt unless the window is already full; return the wait in seconds, or 0.
ACQUIRE = """
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then
  local ttl = redis.call('TTL', KEYS[1])
  if ttl < 1 then ttl = 1 end
  return ttl
end
if redis.call('INCR', KEYS[1]) == 1 or redis.call('TTL', KEYS[1]) < 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
end
return 0
"""


class TooManyAttemptsError(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limited; retry after {retry_after}s")
        self.retry_after = retry_after


class LoginLimiter:
    """An attempt takes a slot before the password is checked, so a concurrent burst cannot
    pass more than the limit; a successful login gives its slot back."""

    def __init__(self, redis: Redis, *, prefix: str, attempts: int, window: int) -> None:
        self.redis = redis
        self.prefix = prefix
        self.attempts = attempts
        self.window = window
        self._acquire = redis.register_script(ACQUIRE)

    def _key(self, account: str) -> str:
        return f"{self.prefix}login:{account}"

    async def acquire(self, account: str) -> None:
        wait = int(await self._acquire(keys=[self._key(account)], args=[self.attempts, self.window]))
        if wait > 0:
            raise TooManyAttemptsError(wait)

    async def release(self, account: str) -> None:
        await self.redis.decr(self._key(account))
