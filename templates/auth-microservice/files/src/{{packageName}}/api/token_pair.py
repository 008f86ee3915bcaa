"""Turning a session into the token pair returned by login, refresh and password change."""

from __future__ import annotations

from fastapi import Response

from ..config import Settings
from ..keys import KeySet
from ..schemas import TokenPair
from ..sessions import SessionStore
from ..tokens import issue_access_token

REFRESH_COOKIE = "refresh_token"
REFRESH_COOKIE_PATH = "/auth/refresh"


async def token_pair(
    response: Response,
    *,
    settings: Settings,
    keys: KeySet,
    store: SessionStore,
    user_id: str,
    session_id: str,
    refresh_token: str,
) -> TokenPair:
    access = issue_access_token(
        keys, settings, subject=user_id, session_id=session_id, epoch=await store.epoch(user_id)
    )
    response.headers["Cache-Control"] = "no-store"
    if settings.refresh_token_cookie:
        response.set_cookie(
            REFRESH_COOKIE,
            refresh_token,
            max_age=settings.refresh_token_ttl_seconds,
            path=REFRESH_COOKIE_PATH,
            httponly=True,
            secure=settings.cookie_secure,
            samesite="strict",
        )
        return TokenPair(access_token=access.token, expires_in=settings.access_token_ttl_seconds)
    return TokenPair(
        access_token=access.token, expires_in=settings.access_token_ttl_seconds, refresh_token=refresh_token
    )


def clear_refresh_cookie(response: Response, settings: Settings) -> None:
    if settings.refresh_token_cookie:
        response.delete_cookie(
            REFRESH_COOKIE, path=REFRESH_COOKIE_PATH, httponly=True, secure=settings.cookie_secure, samesite="strict"
        )
