"""Register, login, refresh, revoke, logout and logout-all."""

from __future__ import annotations

import uuid
from typing import Annotated

import jwt
from fastapi import APIRouter, Cookie, Form, Request, Response, status
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..config import Settings
from ..database import DbDep
from ..deps import KeysDep, LimiterDep, PrincipalDep, SettingsDep, StoreDep
from ..errors import Conflict, Unauthorized, error_response, error_responses
from ..keys import KeySet
from ..models import User
from ..passwords import HasherDep
from ..ratelimit import Limit
from ..schemas import Credentials, RefreshRequest, RegisterRequest, TokenPair, UserOut
from ..sessions import InvalidRefreshTokenError, RefreshTokenReusedError
from .token_pair import REFRESH_COOKIE, clear_refresh_cookie, token_pair

router = APIRouter(prefix="/auth", tags=["auth"], responses=error_responses(503))

INVALID_CREDENTIALS = "Incorrect email or password."


def client_ip(request: Request, settings: Settings) -> str:
    """The client's address: the peer, or the entry the last trusted proxy appended.

    Each proxy appends the address it received the request from to X-Forwarded-For, so
    with N trusted proxies the client is the N-th entry from the right; anything further
    left was written by the client and proves nothing.
    """
    hops = settings.trusted_proxy_hops
    if hops:
        forwarded = [part.strip() for part in ",".join(request.headers.getlist("x-forwarded-for")).split(",")]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            return forwarded[-min(hops, len(forwarded))]
    return request.client.host if request.client else "unknown"


def login_ip_limit(request: Request, settings: Settings) -> Limit:
    ip = client_ip(request, settings)
    return Limit(f"login-ip:{ip}", settings.login_attempts_per_ip, settings.login_window_seconds)


def register_ip_limit(request: Request, settings: Settings) -> Limit:
    ip = client_ip(request, settings)
    return Limit(f"register-ip:{ip}", settings.register_attempts_per_ip, settings.login_window_seconds)


def account_limit(email: str, settings: Settings) -> Limit:
    return Limit(f"login-account:{email}", settings.login_attempts_per_account, settings.login_window_seconds)


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    response_model=UserOut,
    responses=error_responses(400, 409, 422, 429),
)
async def register(
    body: RegisterRequest,
    request: Request,
    response: Response,
    db: DbDep,
    settings: SettingsDep,
    limiter: LimiterDep,
    hasher: HasherDep,
) -> User:
    """Create an account. 409 when the email is taken; throttled per client IP."""
    await limiter.acquire(register_ip_limit(request, settings))
    email = body.email.lower()
    if await db.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict("An account with this email already exists.", code="email_taken")
    user = User(email=email, password_hash=await hasher.hash(body.password))
    db.add(user)
    try:
        await db.commit()
    except IntegrityError as exc:  # a concurrent registration won the race
        await db.rollback()
        raise Conflict("An account with this email already exists.", code="email_taken") from exc
    response.headers["Location"] = "/me"
    return user


@router.post(
    "/login", response_model=TokenPair, response_model_exclude_none=True, responses=error_responses(400, 401, 422, 429)
)
async def login(
    body: Credentials,
    request: Request,
    response: Response,
    db: DbDep,
    settings: SettingsDep,
    keys: KeysDep,
    store: StoreDep,
    limiter: LimiterDep,
    hasher: HasherDep,
) -> TokenPair:
    """Exchange email and password for an access token and a refresh token.

    Failed attempts are limited per client IP and per account (429 with `Retry-After`).
    Unknown email and wrong password give the same 401, in the same time.
    """
    email = body.email.lower()
    ip = login_ip_limit(request, settings)
    await limiter.acquire(ip, account_limit(email, settings))

    user = await db.scalar(select(User).where(User.email == email))
    valid, new_hash = await hasher.verify(body.password, user.password_hash if user else None)
    if user is None or not valid:
        raise Unauthorized(INVALID_CREDENTIALS, code="invalid_credentials")
    if new_hash is not None:  # stored with older Argon2 parameters: upgrade it now
        user.password_hash = new_hash
        await db.commit()
    # A success is no failure: give the IP its slot back and clear the account's count.
    await limiter.release(ip)
    await limiter.reset(account_limit(email, settings))

    session_id, refresh_token = await store.start(str(user.id), request.headers.get("user-agent", ""))
    return await token_pair(
        response,
        settings=settings,
        keys=keys,
        store=store,
        user_id=str(user.id),
        session_id=session_id,
        refresh_token=refresh_token,
    )


@router.post(
    "/refresh", response_model=TokenPair, response_model_exclude_none=True, responses=error_responses(400, 401, 422)
)
async def refresh(
    response: Response,
    db: DbDep,
    settings: SettingsDep,
    keys: KeysDep,
    store: StoreDep,
    body: RefreshRequest | None = None,
    refresh_cookie: Annotated[str | None, Cookie(alias=REFRESH_COOKIE)] = None,
) -> TokenPair | JSONResponse:
    """Spend a refresh token for a new pair. Each refresh token works once; reusing one
    revokes its whole session (every token descended from the same login). Two requests
    with the same token within `REFRESH_REUSE_GRACE_SECONDS` (two tabs) both succeed and
    get the same new refresh token."""
    presented = (body.refresh_token if body else None) or refresh_cookie
    if not presented:
        raise Unauthorized("Missing refresh token.", code="missing_token")
    try:
        new_refresh = keys.child_refresh_token(presented)
        user_id, session_id = await store.rotate(presented, new_refresh)
    except RefreshTokenReusedError:
        rejected = error_response(
            401,
            "refresh_token_reused",
            "This refresh token was already used; the session has been revoked.",
            headers={"WWW-Authenticate": "Bearer"},
        )
        clear_refresh_cookie(rejected, settings)
        return rejected
    except InvalidRefreshTokenError as exc:
        raise Unauthorized("Invalid or expired refresh token.", code="invalid_refresh_token") from exc
    if await db.get(User, uuid.UUID(user_id)) is None:
        await store.revoke(session_id)
        raise Unauthorized("Invalid or expired refresh token.", code="invalid_refresh_token")
    return await token_pair(
        response,
        settings=settings,
        keys=keys,
        store=store,
        user_id=user_id,
        session_id=session_id,
        refresh_token=new_refresh,
    )


@router.post(
    "/revoke",
    status_code=status.HTTP_200_OK,
    response_class=Response,
    responses={200: {"description": "Revoked, or the token was already unknown"}, **error_responses(400, 422)},
)
async def revoke(
    token: Annotated[str, Form(min_length=1, max_length=4096, description="The refresh token to revoke.")],
    store: StoreDep,
    keys: KeysDep,
    token_type_hint: Annotated[str | None, Form(max_length=64)] = None,
) -> Response:
    """RFC 7009 token revocation for refresh tokens: ends the token's session, so a client
    whose access token has expired can still sign out. Form-encoded, like OAuth 2.

    Unknown, expired and already revoked tokens get `200` as well (RFC 7009, section 2.2);
    an access token gets `400 unsupported_token_type`: it expires on its own within minutes,
    and `/auth/logout` revokes it early.
    """
    session_id = await store.session_of(token)
    if session_id is not None:
        await store.revoke(session_id)
    elif token_type_hint == "access_token" or looks_like_access_token(token, keys):  # noqa: S105 - a hint name
        return error_response(
            400, "unsupported_token_type", "Only refresh tokens can be revoked here; use /auth/logout."
        )
    return Response(status_code=200, headers={"Cache-Control": "no-store"})


def looks_like_access_token(token: str, keys: KeySet) -> bool:
    try:
        return jwt.get_unverified_header(token).get("kid") in keys.public_keys
    except jwt.PyJWTError:
        return False


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(401))
async def logout(principal: PrincipalDep, response: Response, settings: SettingsDep, store: StoreDep) -> None:
    """End this session: the access token is denylisted and its refresh tokens stop working."""
    await store.deny(principal.claims["jti"], principal.claims["exp"])
    await store.revoke(principal.session_id)
    clear_refresh_cookie(response, settings)


@router.post("/logout-all", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(401))
async def logout_all(principal: PrincipalDep, response: Response, settings: SettingsDep, store: StoreDep) -> None:
    """End every session of this user, on every device."""
    await store.revoke_all(str(principal.user.id))
    clear_refresh_cookie(response, settings)
