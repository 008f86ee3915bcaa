from fastapi import APIRouter, Request, Response, status

from ..config import SettingsDep
from ..database import SessionDep
from ..errors import ERROR_RESPONSES, AppError, ErrorResponse, TooManyRequests
from . import service
from .deps import CurrentUser
from .schemas import LoginRequest, RefreshRequest, TokenPair, UserCreate, UserRead

router = APIRouter(tags=["auth"], responses=ERROR_RESPONSES)


@router.post("/auth/register", status_code=status.HTTP_201_CREATED)
async def register(
    data: UserCreate, session: SessionDep, request: Request, response: Response
) -> UserRead:
    """Create a customer account. 409 if the email is taken."""
    user = await service.create_user(session, data)
    response.headers["Location"] = str(request.url_for("read_me"))
    return UserRead.model_validate(user)


@router.post(
    "/auth/login",
    responses={429: {"model": ErrorResponse, "description": "Too many failed attempts"}},
)
async def login(
    data: LoginRequest, session: SessionDep, settings: SettingsDep, request: Request
) -> TokenPair:
    """Exchange email + password for an access and a refresh token.

    Failed attempts are limited per client and email; the error never says whether the
    account exists.
    """
    limiter = request.app.state.login_limiter
    client = request.client.host if request.client else "unknown"
    key = f"{client}:{service.normalize_email(data.email)}"
    if (wait := limiter.retry_after(key)) is not None:
        raise TooManyRequests(
            "Too many failed login attempts; try again later", headers={"Retry-After": str(wait)}
        )
    try:
        user = await service.authenticate(session, data.email, data.password)
    except AppError:
        limiter.hit(key)
        raise
    limiter.reset(key)
    return await service.issue_tokens(session, user, settings)


@router.post("/auth/refresh")
async def refresh(data: RefreshRequest, session: SessionDep, settings: SettingsDep) -> TokenPair:
    """Rotate a refresh token: the old one stops working, a reused one ends every session."""
    return await service.rotate_refresh_token(session, data.refresh_token, settings)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(data: RefreshRequest, session: SessionDep, settings: SettingsDep) -> None:
    """Revoke a refresh token. Always 204, so it reveals nothing about the token."""
    await service.revoke_refresh_token(session, data.refresh_token, settings)


@router.get("/users/me")
async def read_me(user: CurrentUser) -> UserRead:
    return UserRead.model_validate(user)
