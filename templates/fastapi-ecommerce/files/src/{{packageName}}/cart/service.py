from decimal import Decimal

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from ..catalog.models import Product
from ..errors import Conflict, NotFound
from .models import CartItem
from .schemas import MAX_QUANTITY, CartLine, CartRead


async def cart_items(session: AsyncSession, user_id: int) -> list[CartItem]:
    query = select(CartItem).where(CartItem.user_id == user_id).order_by(CartItem.id)
    return list((await session.scalars(query)).all())


async def read_cart(session: AsyncSession, user_id: int, currency: str) -> CartRead:
    lines = [
        CartLine(
            product_id=item.product_id,
            name=item.product.name,
            unit_price=item.product.price,
            quantity=item.quantity,
            line_total=item.product.price * item.quantity,
            available=item.product.is_active and item.product.stock >= item.quantity,
        )
        for item in await cart_items(session, user_id)
    ]
    total = sum((line.line_total for line in lines), Decimal("0.00"))
    return CartRead(items=lines, total=total, currency=currency)


async def _available_product(session: AsyncSession, product_id: int) -> Product:
    product = await session.get(Product, product_id)
    if product is None or not product.is_active:
        raise NotFound("Product not found")
    return product


def _check_stock(product: Product, quantity: int) -> None:
    if quantity > product.stock:
        raise Conflict(f"Only {product.stock} of {product.name!r} in stock")


async def add_item(session: AsyncSession, user_id: int, product_id: int, quantity: int) -> None:
    """Add to the cart; adding a product already there increases its quantity.

    One upsert (`INSERT ... ON CONFLICT DO UPDATE SET quantity = quantity + ...`), so
    concurrent adds of one product all count and never collide on the unique line; the
    update only happens while the new total stays within the stock.
    """
    product = await _available_product(session, product_id)
    _check_stock(product, quantity)
    ceiling, name = min(product.stock, MAX_QUANTITY), product.name
    dialect = session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(CartItem)
    statement = (
        insert.values(user_id=user_id, product_id=product_id, quantity=quantity)
        .on_conflict_do_update(
            index_elements=[CartItem.user_id, CartItem.product_id],
            set_={"quantity": CartItem.quantity + insert.excluded.quantity},
            where=CartItem.quantity + insert.excluded.quantity <= ceiling,
        )
        .returning(CartItem.quantity)
    )
    added = (await session.execute(statement)).scalar_one_or_none()
    if added is None:
        current = await session.scalar(
            select(func.coalesce(func.max(CartItem.quantity), 0)).where(
                CartItem.user_id == user_id, CartItem.product_id == product_id
            )
        )
        await session.rollback()
        raise Conflict(f"Only {ceiling} of {name!r} can be in a cart and {current} already are")
    await session.commit()


async def set_quantity(session: AsyncSession, user_id: int, product_id: int, quantity: int) -> None:
    item = await session.scalar(
        select(CartItem).where(CartItem.user_id == user_id, CartItem.product_id == product_id)
    )
    if item is None:
        raise NotFound("This product is not in your cart")
    _check_stock(await _available_product(session, product_id), quantity)
    item.quantity = quantity
    await session.commit()


async def remove_item(session: AsyncSession, user_id: int, product_id: int) -> None:
    result = await session.execute(
        delete(CartItem).where(CartItem.user_id == user_id, CartItem.product_id == product_id)
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise NotFound("This product is not in your cart")
    await session.commit()
