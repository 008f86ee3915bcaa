"""Accounts: register, log in, refresh (rotating), and the WebSocket ticket."""

from __future__ import annotations

from fastapi import APIRouter, Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..database import DbDep
from ..deps import ServicesDep, SettingsDep, UserDep
from ..errors import Conflict, TooManyRequests, Unauthorized
from ..loginlimit import TooManyAttemptsError
from ..models import User
from ..passwords import HasherDep
from ..schemas import Credentials, RefreshRequest, Ticket, TokenPair, UserOut
from ..tokens import create_access_token

ERROR = {"description": "The error shape: {error: {code, message}}."}
# Any route can meet a body that is not JSON (400) or is too large (413).
router = APIRouter(prefix="/auth", tags=["auth"], responses={400: ERROR, 413: ERROR})


async def token_pair(user: User, services: ServicesDep, settings: SettingsDep) -> TokenPair:
    return TokenPair(
        access_token=create_access_token(user.id, settings),
        refresh_token=await services.refresh.issue(user.id),
        expires_in=settings.access_token_ttl_seconds,
    )


@router.post("/register", status_code=201, response_model=UserOut, responses={409: ERROR, 422: ERROR})
async def register(body: Credentials, db: DbDep, hasher: HasherDep, response: Response) -> UserOut:
    """Create an account. Usernames are public in chat, so a taken one answers 409."""
    password_hash = await hasher.hash(body.password)
    user = User(username=body.username.lower(), password_hash=password_hash)
    db.add(user)
    try:
        await db.commit()
    except IntegrityError as exc:
        await db.rollback()
        raise Conflict("That username is taken.", code="username_taken") from exc
    response.headers["Location"] = f"/users/{user.id}"
    return UserOut(id=user.id, username=user.username)


@router.post("/login", response_model=TokenPair, responses={401: ERROR, 422: ERROR, 429: ERROR})
async def login(
    body: Credentials, db: DbDep, services: ServicesDep, settings: SettingsDep, hasher: HasherDep
) -> TokenPair:
    """Trade a username and password for an access token and a refresh token."""
    username = body.username.lower()
    try:
        await services.logins.acquire(username)
    except TooManyAttemptsError as exc:
        raise TooManyRequests(
            "Too many attempts; try again later.",
            code="too_many_attempts",
            headers={"Retry-After": str(exc.retry_after)},
        ) from exc
    user = (await db.execute(select(User).where(User.username == username))).scalar_one_or_none()
    valid, new_hash = await hasher.verify(body.password, user.password_hash if user else None)
    if user is None or not valid:
        raise Unauthorized("Wrong username or password.", code="invalid_credentials")
    await services.logins.release(username)
    if new_hash:
        user.password_hash = new_hash
        await db.commit()
    return await token_pair(user, services, settings)


@router.post("/refresh", response_model=TokenPair, responses={401: ERROR, 422: ERROR})
async def refresh(body: RefreshRequest, db: DbDep, services: ServicesDep, settings: SettingsDep) -> TokenPair:
    """Spend a refresh token for a new pair; each refresh token works once."""
    user_id = await services.refresh.spend(body.refresh_token)
    user = await db.get(User, user_id) if user_id else None
    if user is None:
        raise Unauthorized("Invalid or already used refresh token.", code="invalid_token")
    return await token_pair(user, services, settings)


@router.get("/me", response_model=UserOut, responses={401: ERROR})
async def me(user: UserDep) -> UserOut:
    return UserOut(id=user.id, username=user.username)


@router.post("/ws-ticket", response_model=Ticket, responses={401: ERROR})
async def ws_ticket(user: UserDep, services: ServicesDep, settings: SettingsDep) -> Ticket:
    """A single-use ticket for opening the WebSocket: `/ws?ticket=...`, within `expires_in` seconds."""
    return Ticket(ticket=await services.tickets.issue(user.id), expires_in=settings.ws_ticket_ttl_seconds)
