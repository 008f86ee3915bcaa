from typing import Annotated

from fastapi import APIRouter, Header, Request, Response, status

from ..config import SettingsDep
from ..database import SessionDep
from ..errors import ERROR_RESPONSES
from ..fields import IdPath
from ..pagination import Page, PageParamsDep, page_of, paginate
from ..payments.provider import PaymentProviderDep
from ..users.deps import AdminUser, CurrentUser
from . import service
from .schemas import OrderRead, OrderStatusUpdate

router = APIRouter(prefix="/orders", tags=["orders"], responses=ERROR_RESPONSES)

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=255,
        description="Any unique string; retrying with the same key returns the same order",
    ),
]


@router.post("", status_code=status.HTTP_201_CREATED)
async def checkout(
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> OrderRead:
    """Place an order from the cart: prices are frozen, stock is reserved, the cart empties.

    409 when the cart is empty or a product no longer has enough stock (nothing is taken).
    A retry with the same `Idempotency-Key` answers with the first order
    (and `Idempotent-Replayed: true`) instead of charging the stock twice.
    """
    order, replayed = await service.checkout(session, user, settings.currency, idempotency_key)
    response.headers["Location"] = str(request.url_for("get_order", order_id=order.id))
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return OrderRead.model_validate(order)


@router.get("")
async def list_orders(
    user: CurrentUser, session: SessionDep, params: PageParamsDep
) -> Page[OrderRead]:
    """Your orders, newest first (administrators: every order)."""
    rows, total = await paginate(session, service.orders_query(user), params)
    return Page[OrderRead].model_validate(
        page_of([OrderRead.model_validate(o) for o in rows], total, params)
    )


@router.get("/{order_id}")
async def get_order(order_id: IdPath, user: CurrentUser, session: SessionDep) -> OrderRead:
    """404 for a missing order and for someone else's: ids cannot be probed."""
    return OrderRead.model_validate(await service.get_order(session, order_id, user))


@router.post("/{order_id}/cancel")
async def cancel_order(
    order_id: IdPath, user: CurrentUser, session: SessionDep, provider: PaymentProviderDep
) -> OrderRead:
    """Cancel a pending or paid order: its stock is put back and a payment refunded.
    409 once the order has shipped."""
    return OrderRead.model_validate(await service.cancel(session, order_id, user, provider))


@router.patch("/{order_id}")
async def update_order_status(
    order_id: IdPath,
    data: OrderStatusUpdate,
    admin: AdminUser,
    session: SessionDep,
    provider: PaymentProviderDep,
) -> OrderRead:
    """Admin only: record fulfilment (paid → shipped → delivered) or cancel.
    409 for a change the status machine does not allow."""
    order = await service.set_status(session, order_id, admin, data.target, provider)
    return OrderRead.model_validate(order)
