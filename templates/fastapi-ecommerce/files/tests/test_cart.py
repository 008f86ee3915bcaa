from collections.abc import Awaitable, Callable
from typing import Any

from httpx import AsyncClient

Headers = dict[str, str]
ProductFactory = Callable[..., Awaitable[Any]]
CART = "/api/v1/cart"
ITEMS = "/api/v1/cart/items"


async def test_the_cart_starts_empty(client: AsyncClient, customer: Headers) -> None:
    response = await client.get(CART, headers=customer)
    assert response.json() == {"items": [], "total": "0.00", "currency": "USD"}


async def test_the_cart_needs_a_login(client: AsyncClient) -> None:
    assert (await client.get(CART)).status_code == 401


async def test_add_change_and_remove_items(
    client: AsyncClient, customer: Headers, make_product: ProductFactory
) -> None:
    cup = await make_product("Cup", price="0.10", stock=10)
    saucer = await make_product("Saucer", price="0.20", stock=10)

    added = await client.post(ITEMS, json={"product_id": cup.id, "quantity": 2}, headers=customer)
    assert added.status_code == 201
    assert added.headers["location"].endswith("/api/v1/cart")
    await client.post(ITEMS, json={"product_id": cup.id}, headers=customer)  # adds one more
    cart = (await client.post(ITEMS, json={"product_id": saucer.id}, headers=customer)).json()
    assert [(line["name"], line["quantity"]) for line in cart["items"]] == [
        ("Cup", 3),
        ("Saucer", 1),
    ]
    # 3 x 0.10 + 0.20 is exactly 0.50: Decimal, not binary floating point.
    assert cart["total"] == "0.50"
    assert cart["items"][0]["line_total"] == "0.30"

    changed = await client.put(f"{ITEMS}/{cup.id}", json={"quantity": 5}, headers=customer)
    assert changed.json()["total"] == "0.70"

    assert (await client.delete(f"{ITEMS}/{saucer.id}", headers=customer)).status_code == 204
    cart = (await client.get(CART, headers=customer)).json()
    assert [line["product_id"] for line in cart["items"]] == [cup.id]


async def test_quantities_are_checked_against_stock(
    client: AsyncClient, customer: Headers, make_product: ProductFactory
) -> None:
    product = await make_product("Rare Tin", stock=2)
    too_many = await client.post(
        ITEMS, json={"product_id": product.id, "quantity": 3}, headers=customer
    )
    assert too_many.status_code == 409
    assert "in stock" in too_many.json()["error"]["message"]

    await client.post(ITEMS, json={"product_id": product.id, "quantity": 2}, headers=customer)
    one_more = await client.post(ITEMS, json={"product_id": product.id}, headers=customer)
    assert one_more.status_code == 409
    raise_to = await client.put(f"{ITEMS}/{product.id}", json={"quantity": 3}, headers=customer)
    assert raise_to.status_code == 409


async def test_invalid_cart_changes(
    client: AsyncClient, customer: Headers, make_product: ProductFactory
) -> None:
    hidden = await make_product("Hidden", active=False)
    product = await make_product("Visible")
    unknown = await client.post(ITEMS, json={"product_id": 999_999}, headers=customer)
    inactive = await client.post(ITEMS, json={"product_id": hidden.id}, headers=customer)
    not_in_cart = await client.put(f"{ITEMS}/{product.id}", json={"quantity": 1}, headers=customer)
    remove_missing = await client.delete(f"{ITEMS}/{product.id}", headers=customer)
    zero = await client.post(
        ITEMS, json={"product_id": product.id, "quantity": 0}, headers=customer
    )
    assert [r.status_code for r in (unknown, inactive, not_in_cart, remove_missing, zero)] == [
        404,
        404,
        404,
        404,
        422,
    ]


async def test_each_user_has_their_own_cart(
    client: AsyncClient,
    make_user: Callable[..., Awaitable[Headers]],
    make_product: ProductFactory,
) -> None:
    alice = await make_user("alice@example.com")
    bob = await make_user("bob@example.com")
    product = await make_product()
    await client.post(ITEMS, json={"product_id": product.id}, headers=alice)
    assert (await client.get(CART, headers=bob)).json()["items"] == []


async def test_lines_show_when_stock_no_longer_covers_them(
    client: AsyncClient, customer: Headers, admin: Headers, make_product: ProductFactory
) -> None:
    product = await make_product(stock=3)
    await client.post(ITEMS, json={"product_id": product.id, "quantity": 3}, headers=customer)
    await client.patch(f"/api/v1/products/{product.id}", json={"stock": 1}, headers=admin)
    line = (await client.get(CART, headers=customer)).json()["items"][0]
    assert line["available"] is False
