from typing import Any

from fastapi import APIRouter, Request, Response, status

from .. import ratelimit
from ..config import Settings, SettingsDep
from ..database import SessionDep
from ..errors import ERROR_RESPONSES, ErrorResponse, TooManyRequests
from ..ratelimit import RateLimit, client_ip
from . import service
from .deps import CurrentUser
from .schemas import LoginRequest, RefreshRequest, TokenPair, UserCreate, UserRead

router = APIRouter(tags=["auth"], responses=ERROR_RESPONSES)

TOO_MANY: dict[int | str, dict[str, Any]] = {
    429: {"model": ErrorResponse, "description": "Too many attempts; see Retry-After"}
}


def _too_many(message: str, retry_after: int) -> TooManyRequests:
    return TooManyRequests(message, headers={"Retry-After": str(retry_after)})


@router.post("/auth/register", status_code=status.HTTP_201_CREATED, responses=TOO_MANY)
async def register(
    data: UserCreate,
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
    response: Response,
) -> UserRead:
    """Create a customer account. 409 if the email is taken; 429 past
    `REGISTER_MAX_PER_IP` registrations from one client in `REGISTER_WINDOW_SECONDS`."""
    ip = client_ip(request, settings.trusted_proxy_hops)
    rule = RateLimit(settings.register_max_per_ip, settings.register_window_seconds)
    verdict = await ratelimit.reserve(session, f"register:ip:{ip}", rule)
    if not verdict.allowed:
        raise _too_many("Too many registrations; try again later", verdict.retry_after)
    user = await service.create_user(session, data)
    response.headers["Location"] = str(request.url_for("read_me"))
    return UserRead.model_validate(user)


def _login_keys(settings: Settings, request: Request, email: str) -> list[tuple[str, RateLimit]]:
    window = settings.login_window_seconds
    ip = client_ip(request, settings.trusted_proxy_hops)
    return [
        (f"login:account:{email}", RateLimit(settings.login_max_failures, window)),
        (f"login:ip:{ip}", RateLimit(settings.login_max_failures_per_ip, window)),
    ]


@router.post("/auth/login", responses=TOO_MANY)
async def login(
    data: LoginRequest, session: SessionDep, settings: SettingsDep, request: Request
) -> TokenPair:
    """Exchange email + password for an access and a refresh token.

    Failed attempts are limited per account (`LOGIN_MAX_FAILURES`) and per client IP
    (`LOGIN_MAX_FAILURES_PER_IP`) within `LOGIN_WINDOW_SECONDS`, in the database so every
    worker shares the count. An attempt is counted *before* the password is checked, so a
    burst of concurrent guesses cannot slip through; a successful login gives it back.
    The error never says whether the account exists.
    """
    email = service.normalize_email(data.email)
    keys = _login_keys(settings, request, email)
    reserved: list[str] = []
    for key, rule in keys:
        verdict = await ratelimit.reserve(session, key, rule)
        reserved.append(key)
        if not verdict.allowed:
            raise _too_many("Too many failed login attempts; try again later", verdict.retry_after)
    # On failure this raises 401 and the reserved attempts stay counted.
    user = await service.authenticate(session, email, data.password)
    account_key, ip_key = reserved
    await ratelimit.reset(session, account_key)
    await ratelimit.release(session, ip_key)
    return await service.issue_tokens(session, user, settings)


@router.post("/auth/refresh")
async def refresh(data: RefreshRequest, session: SessionDep, settings: SettingsDep) -> TokenPair:
    """Rotate a refresh token: the old one stops working.

    401 `refresh_token_rotated` if it was rotated within the last
    `REFRESH_REUSE_GRACE_SECONDS` (another tab won; the session goes on). Presented again
    later, it counts as stolen: that session (its token family) is revoked and 401.
    """
    return await service.rotate_refresh_token(session, data.refresh_token, settings)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(data: RefreshRequest, session: SessionDep, settings: SettingsDep) -> None:
    """End the session of a refresh token. Always 204, so it reveals nothing about the token."""
    await service.revoke_refresh_token(session, data.refresh_token, settings)


@router.post("/auth/logout-all", status_code=status.HTTP_204_NO_CONTENT)
async def logout_all(user: CurrentUser, session: SessionDep) -> None:
    """End every session of the signed-in user (all refresh tokens, on every device)."""
    await service.revoke_all_sessions(session, user.id)


@router.get("/users/me")
async def read_me(user: CurrentUser) -> UserRead:
    return UserRead.model_validate(user)
