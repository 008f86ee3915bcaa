from fastapi import APIRouter, Request, Response, status

from ..config import SettingsDep
from ..database import SessionDep
from ..errors import ERROR_RESPONSES
from ..fields import IdPath
from ..users.deps import CurrentUser
from . import service
from .schemas import CartItemAdd, CartItemUpdate, CartRead

router = APIRouter(prefix="/cart", tags=["cart"], responses=ERROR_RESPONSES)


@router.get("")
async def read_cart(user: CurrentUser, session: SessionDep, settings: SettingsDep) -> CartRead:
    return await service.read_cart(session, user.id, settings.currency)


@router.post("/items", status_code=status.HTTP_201_CREATED)
async def add_item(
    data: CartItemAdd,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
    response: Response,
) -> CartRead:
    """Add a product (or more of it). 409 when the stock does not cover the quantity."""
    await service.add_item(session, user.id, data.product_id, data.quantity)
    response.headers["Location"] = str(request.url_for("read_cart"))
    return await service.read_cart(session, user.id, settings.currency)


@router.put("/items/{product_id}")
async def set_quantity(
    product_id: IdPath,
    data: CartItemUpdate,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> CartRead:
    await service.set_quantity(session, user.id, product_id, data.quantity)
    return await service.read_cart(session, user.id, settings.currency)


@router.delete("/items/{product_id}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_item(product_id: IdPath, user: CurrentUser, session: SessionDep) -> None:
    await service.remove_item(session, user.id, product_id)
