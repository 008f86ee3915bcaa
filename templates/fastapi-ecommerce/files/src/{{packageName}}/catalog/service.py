import re
import unicodedata
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..errors import Conflict, NotFound
from .models import Category, Product
from .schemas import CategoryCreate, ProductCreate, ProductUpdate


class ProductSort(StrEnum):
    NAME = "name"
    NAME_DESC = "-name"
    PRICE = "price"
    PRICE_DESC = "-price"
    NEWEST = "-created_at"


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "item"


async def _commit_or_conflict(session: AsyncSession, message: str) -> None:
    try:
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        raise Conflict(message) from exc


async def list_categories(session: AsyncSession) -> list[Category]:
    return list((await session.scalars(select(Category).order_by(Category.name))).all())


async def create_category(session: AsyncSession, data: CategoryCreate) -> Category:
    category = Category(name=data.name, slug=data.slug or slugify(data.name))
    session.add(category)
    await _commit_or_conflict(session, "A category with this name or slug already exists")
    return category


async def delete_category(session: AsyncSession, category_id: int) -> None:
    category = await session.get(Category, category_id)
    if category is None:
        raise NotFound("Category not found")
    await session.delete(category)
    await session.commit()


async def get_category(session: AsyncSession, category_id: int) -> Category:
    category = await session.get(Category, category_id)
    if category is None:
        raise NotFound("Category not found")
    return category


def product_query(
    *,
    category: str | None = None,
    category_id: int | None = None,
    min_price: Decimal | None = None,
    max_price: Decimal | None = None,
    search: str | None = None,
    sort: ProductSort = ProductSort.NAME,
    include_inactive: bool = False,
) -> Select[Any]:
    query = select(Product)
    if not include_inactive:
        query = query.where(Product.is_active.is_(True))
    if category is not None:
        query = query.join(Category).where(Category.slug == category)
    if category_id is not None:
        query = query.where(Product.category_id == category_id)
    if min_price is not None:
        query = query.where(Product.price >= min_price)
    if max_price is not None:
        query = query.where(Product.price <= max_price)
    if search:
        # autoescape: `%` and `_` in the search are literal characters, not wildcards.
        query = query.where(
            or_(
                Product.name.icontains(search, autoescape=True),
                Product.description.icontains(search, autoescape=True),
            )
        )
    column = {
        ProductSort.NAME: Product.name,
        ProductSort.NAME_DESC: Product.name.desc(),
        ProductSort.PRICE: Product.price,
        ProductSort.PRICE_DESC: Product.price.desc(),
        ProductSort.NEWEST: Product.created_at.desc(),
    }[sort]
    # The id makes the order total, so pages never repeat or skip a product.
    return query.order_by(column, Product.id)


async def get_product(session: AsyncSession, product_id: int, *, active_only: bool) -> Product:
    product = await session.get(Product, product_id)
    if product is None or (active_only and not product.is_active):
        raise NotFound("Product not found")
    return product


async def create_product(session: AsyncSession, data: ProductCreate) -> Product:
    if data.category_id is not None:
        await get_category(session, data.category_id)
    product = Product(**data.model_dump(exclude={"slug"}), slug=data.slug or slugify(data.name))
    session.add(product)
    await _commit_or_conflict(session, "A product with this slug already exists")
    await session.refresh(product)
    return product


async def update_product(session: AsyncSession, product_id: int, data: ProductUpdate) -> Product:
    product = await get_product(session, product_id, active_only=False)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("category_id") is not None:
        await get_category(session, changes["category_id"])
    for field, value in changes.items():
        setattr(product, field, value)
    await session.commit()
    await session.refresh(product)
    return product


async def delete_product(session: AsyncSession, product_id: int) -> None:
    """Delete a product. Past orders keep its name and price (their lines are snapshots)."""
    product = await get_product(session, product_id, active_only=False)
    await session.delete(product)
    await session.commit()
