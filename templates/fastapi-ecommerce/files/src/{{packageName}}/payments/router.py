from fastapi import APIRouter, Request, Response, status
from sqlalchemy import select

from ..database import SessionDep
from ..errors import ERROR_RESPONSES, ErrorResponse
from ..fields import IdPath
from ..orders.service import get_order
from ..users.deps import CurrentUser
from . import service
from .models import Payment
from .provider import PaymentProviderDep
from .schemas import PaymentRead

router = APIRouter(
    prefix="/orders/{order_id}/payments", tags=["payments"], responses=ERROR_RESPONSES
)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={402: {"model": ErrorResponse, "description": "Payment declined"}},
)
async def pay_order(
    order_id: IdPath,
    user: CurrentUser,
    session: SessionDep,
    provider: PaymentProviderDep,
    request: Request,
    response: Response,
) -> PaymentRead:
    """Pay a pending order. 402 when the provider declines, 409 if it is not pending."""
    payment = await service.pay_order(session, order_id, user, provider)
    response.headers["Location"] = str(request.url_for("list_payments", order_id=order_id))
    return PaymentRead.model_validate(payment)


@router.get("")
async def list_payments(
    order_id: IdPath, user: CurrentUser, session: SessionDep
) -> list[PaymentRead]:
    order = await get_order(session, order_id, user)
    payments = await session.scalars(
        select(Payment).where(Payment.order_id == order.id).order_by(Payment.id)
    )
    return [PaymentRead.model_validate(p) for p in payments]
