"""How another service verifies these access tokens knowing only the JWKS URL.

Copy this class into a resource server (it needs only ``pyjwt[crypto]``)::

    verifier = JWKSVerifier("http://auth:8000/.well-known/jwks.json", issuer=..., audience=...)
    claims = verifier.verify(request_token)   # raises jwt.PyJWTError when invalid

Keys are cached and fetched again when a token names an unknown ``kid`` (after a rotation).
Revocation (logout, logout-all) is checked only by this service; resource servers rely on
the short access-token lifetime, or call ``GET /me`` when they need an up-to-the-second answer.
"""

from __future__ import annotations

from typing import Any

import jwt

ALGORITHMS = ["RS256"]


class JWKSVerifier:
    def __init__(self, jwks_url: str, *, issuer: str, audience: str, cache_seconds: int = 300) -> None:
        self.issuer = issuer
        self.audience = audience
        self._jwks = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=cache_seconds, timeout=5)

    def verify(self, token: str) -> dict[str, Any]:
        signing_key = self._jwks.get_signing_key_from_jwt(token)
        return jwt.decode(
            token,
            signing_key.key,
            algorithms=ALGORITHMS,
            audience=self.audience,
            issuer=self.issuer,
            options={"require": ["iss", "aud", "sub", "exp", "iat", "jti"]},
        )
