"""The public keys; liveness and readiness are the shared `readiness` router."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from ..deps import KeysDep

router = APIRouter(tags=["system"])


@router.get("/.well-known/jwks.json")
async def jwks(keys: KeysDep, response: Response) -> dict[str, Any]:
    """Public keys for verifying access tokens: the current one and recently retired ones."""
    response.headers["Cache-Control"] = "public, max-age=300"
    return keys.jwks()
