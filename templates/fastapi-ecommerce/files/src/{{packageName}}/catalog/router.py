from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from ..database import SessionDep
from ..errors import ERROR_RESPONSES
from ..fields import INT32_MAX, NO_NUL_PATTERN, IdPath, Price
from ..pagination import Page, PageParamsDep, page_of, paginate
from ..users.deps import AdminUser
from . import service
from .schemas import CategoryCreate, CategoryRead, ProductCreate, ProductRead, ProductUpdate
from .service import ProductSort

router = APIRouter(tags=["catalog"], responses=ERROR_RESPONSES)


@router.get("/categories")
async def list_categories(session: SessionDep) -> list[CategoryRead]:
    return [CategoryRead.model_validate(c) for c in await service.list_categories(session)]


@router.post("/categories", status_code=status.HTTP_201_CREATED)
async def create_category(
    data: CategoryCreate, session: SessionDep, _: AdminUser, request: Request, response: Response
) -> CategoryRead:
    """Admin only. 409 if the name or slug is taken."""
    category = await service.create_category(session, data)
    response.headers["Location"] = str(request.url_for("get_category", category_id=category.id))
    return CategoryRead.model_validate(category)


@router.get("/categories/{category_id}")
async def get_category(category_id: IdPath, session: SessionDep) -> CategoryRead:
    return CategoryRead.model_validate(await service.get_category(session, category_id))


@router.delete("/categories/{category_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_category(category_id: IdPath, session: SessionDep, _: AdminUser) -> None:
    """Admin only. Its products stay, without a category."""
    await service.delete_category(session, category_id)


@router.get("/products")
async def list_products(
    session: SessionDep,
    params: PageParamsDep,
    category: Annotated[
        str | None, Query(max_length=120, pattern=NO_NUL_PATTERN, description="Category slug")
    ] = None,
    category_id: Annotated[int | None, Query(ge=1, le=INT32_MAX, description="Category id")] = None,
    min_price: Annotated[Price | None, Query()] = None,
    max_price: Annotated[Price | None, Query()] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=100,
            pattern=NO_NUL_PATTERN,
            description="Search name and description (a literal substring, case-insensitive)",
        ),
    ] = None,
    sort: ProductSort = ProductSort.NAME,
) -> Page[ProductRead]:
    """Active products, filtered, searched, sorted and paginated."""
    query = service.product_query(
        category=category,
        category_id=category_id,
        min_price=min_price,
        max_price=max_price,
        search=q,
        sort=sort,
    )
    rows, total = await paginate(session, query, params)
    return Page[ProductRead].model_validate(
        page_of([ProductRead.model_validate(p) for p in rows], total, params)
    )


@router.get("/products/{product_id}")
async def get_product(product_id: IdPath, session: SessionDep) -> ProductRead:
    """An active product; inactive and missing products are both 404."""
    return ProductRead.model_validate(
        await service.get_product(session, product_id, active_only=True)
    )


@router.post("/products", status_code=status.HTTP_201_CREATED)
async def create_product(
    data: ProductCreate, session: SessionDep, _: AdminUser, request: Request, response: Response
) -> ProductRead:
    """Admin only. 409 if the slug is taken."""
    product = await service.create_product(session, data)
    response.headers["Location"] = str(request.url_for("get_product", product_id=product.id))
    return ProductRead.model_validate(product)


@router.patch("/products/{product_id}")
async def update_product(
    product_id: IdPath, data: ProductUpdate, session: SessionDep, _: AdminUser
) -> ProductRead:
    """Admin only. Orders already placed keep the price they were placed at."""
    return ProductRead.model_validate(await service.update_product(session, product_id, data))


@router.delete("/products/{product_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_product(product_id: IdPath, session: SessionDep, _: AdminUser) -> None:
    """Admin only."""
    await service.delete_product(session, product_id)
