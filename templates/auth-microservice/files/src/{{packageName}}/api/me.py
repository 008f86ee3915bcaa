"""The signed-in user: profile, password change and active sessions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from ..database import DbDep
from ..deps import KeysDep, LimiterDep, PrincipalDep, SettingsDep, StoreDep
from ..errors import Forbidden, NotFound, error_responses
from ..models import User, utcnow
from ..passwords import HasherDep
from ..schemas import ChangePasswordRequest, Page, SessionOut, TokenPair, UserOut
from .auth import account_limit
from .token_pair import token_pair

router = APIRouter(prefix="/me", tags=["me"], responses=error_responses(503))

MAX_PAGE_SIZE = 100
MAX_OFFSET = 10_000  # bounded like every number from outside; no user has that many sessions


@router.get("", response_model=UserOut, responses=error_responses(401))
async def me(principal: PrincipalDep) -> User:
    return principal.user


@router.post(
    "/password",
    response_model=TokenPair,
    response_model_exclude_none=True,
    responses=error_responses(400, 401, 403, 422, 429),
)
async def change_password(
    body: ChangePasswordRequest,
    principal: PrincipalDep,
    request: Request,
    response: Response,
    db: DbDep,
    settings: SettingsDep,
    keys: KeysDep,
    store: StoreDep,
    limiter: LimiterDep,
    hasher: HasherDep,
) -> TokenPair:
    """Change the password. Every session ends, including this one, and a fresh token pair
    for this client is returned."""
    user = principal.user
    await limiter.acquire(account_limit(user.email, settings))
    valid, _ = await hasher.verify(body.current_password, user.password_hash)
    if not valid:
        raise Forbidden("The current password is incorrect.", code="invalid_credentials")
    user.password_hash = await hasher.hash(body.new_password)
    user.password_changed_at = utcnow()
    await db.commit()
    await limiter.reset(account_limit(user.email, settings))

    user_id = str(user.id)
    await store.revoke_all(user_id)
    session_id, refresh_token = await store.start(user_id, request.headers.get("user-agent", ""))
    return await token_pair(
        response,
        settings=settings,
        keys=keys,
        store=store,
        user_id=user_id,
        session_id=session_id,
        refresh_token=refresh_token,
    )


@router.get("/sessions", response_model=Page[SessionOut], responses=error_responses(401, 422))
async def list_sessions(
    principal: PrincipalDep,
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Page[SessionOut]:
    """Active sessions (one per login), newest first."""
    sessions = await store.list_for_user(str(principal.user.id))
    items = [
        SessionOut(
            id=s.id,
            created_at=datetime.fromtimestamp(s.created_at, UTC),
            last_used_at=datetime.fromtimestamp(s.last_used_at, UTC),
            user_agent=s.user_agent,
            current=s.id == principal.session_id,
        )
        for s in sessions[offset : offset + limit]
    ]
    return Page[SessionOut](items=items, total=len(sessions), limit=limit, offset=offset)


@router.delete("/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(401, 404))
async def revoke_session(session_id: str, principal: PrincipalDep, store: StoreDep) -> None:
    """Sign out one device. 404 for unknown ids and for other users' sessions alike."""
    session = await store.get(session_id)
    if session is None or session.user_id != str(principal.user.id):
        raise NotFound("No such session.")
    await store.revoke(session_id)
