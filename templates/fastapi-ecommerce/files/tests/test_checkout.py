from collections.abc import Awaitable, Callable
from typing import Any

from httpx import AsyncClient

Headers = dict[str, str]
ProductFactory = Callable[..., Awaitable[Any]]
ORDERS = "/api/v1/orders"
ITEMS = "/api/v1/cart/items"


async def _add(client: AsyncClient, headers: Headers, product_id: int, quantity: int = 1) -> None:
    response = await client.post(
        ITEMS, json={"product_id": product_id, "quantity": quantity}, headers=headers
    )
    assert response.status_code == 201, response.text


async def _stock(client: AsyncClient, product_id: int) -> int:
    stock: int = (await client.get(f"/api/v1/products/{product_id}")).json()["stock"]
    return stock


async def test_checkout_turns_the_cart_into_an_order(
    client: AsyncClient, customer: Headers, make_product: ProductFactory
) -> None:
    beans = await make_product("Beans", price="19.99", stock=5)
    filters = await make_product("Filters", price="0.10", stock=100)
    await _add(client, customer, beans.id, 3)
    await _add(client, customer, filters.id, 7)

    response = await client.post(ORDERS, headers=customer)
    assert response.status_code == 201
    order = response.json()
    assert response.headers["location"].endswith(f"/api/v1/orders/{order['id']}")
    assert order["status"] == "pending"
    # 3 x 19.99 + 7 x 0.10 = 59.97 + 0.70, exact to the cent.
    assert order["total"] == "60.67"
    assert order["currency"] == "USD"
    assert [(i["product_name"], i["quantity"], i["line_total"]) for i in order["items"]] == [
        ("Beans", 3, "59.97"),
        ("Filters", 7, "0.70"),
    ]
    assert await _stock(client, beans.id) == 2
    assert await _stock(client, filters.id) == 93
    assert (await client.get("/api/v1/cart", headers=customer)).json()["items"] == []


async def test_an_empty_cart_cannot_be_checked_out(client: AsyncClient, customer: Headers) -> None:
    response = await client.post(ORDERS, headers=customer)
    assert response.status_code == 409
    assert response.json()["error"]["message"] == "Your cart is empty"


async def test_the_same_idempotency_key_returns_the_same_order(
    client: AsyncClient, customer: Headers, make_product: ProductFactory
) -> None:
    product = await make_product(stock=5)
    await _add(client, customer, product.id, 2)
    key = {"Idempotency-Key": "7f1c0d9e-checkout-1"}

    first = await client.post(ORDERS, headers={**customer, **key})
    retry = await client.post(ORDERS, headers={**customer, **key})
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert await _stock(client, product.id) == 3  # taken once
    listed = (await client.get(ORDERS, headers=customer)).json()
    assert listed["total"] == 1


async def test_idempotency_keys_are_per_user(
    client: AsyncClient,
    make_user: Callable[..., Awaitable[Headers]],
    make_product: ProductFactory,
) -> None:
    product = await make_product(stock=5)
    key = {"Idempotency-Key": "same-key"}
    orders = []
    for email in ("one@example.com", "two@example.com"):
        headers = await make_user(email)
        await _add(client, headers, product.id)
        orders.append((await client.post(ORDERS, headers={**headers, **key})).json()["id"])
    assert orders[0] != orders[1]


async def test_order_lines_keep_the_price_paid(
    client: AsyncClient, customer: Headers, admin: Headers, make_product: ProductFactory
) -> None:
    product = await make_product("Kettle", price="49.90", stock=5)
    await _add(client, customer, product.id, 2)
    order = (await client.post(ORDERS, headers=customer)).json()

    await client.patch(
        f"/api/v1/products/{product.id}",
        json={"price": "99.00", "name": "Kettle Pro"},
        headers=admin,
    )
    again = (await client.get(f"{ORDERS}/{order['id']}", headers=customer)).json()
    assert again["items"][0]["unit_price"] == "49.90"
    assert again["items"][0]["product_name"] == "Kettle"
    assert again["total"] == "99.80"

    # Deleting the product does not erase the history either.
    await client.delete(f"/api/v1/products/{product.id}", headers=admin)
    after_delete = (await client.get(f"{ORDERS}/{order['id']}", headers=customer)).json()
    assert after_delete["items"][0]["product_id"] is None
    assert after_delete["items"][0]["unit_price"] == "49.90"


async def test_checkout_takes_all_or_nothing(
    client: AsyncClient, customer: Headers, admin: Headers, make_product: ProductFactory
) -> None:
    plenty = await make_product("Plenty", stock=10)
    scarce = await make_product("Scarce", stock=2)
    await _add(client, customer, plenty.id, 4)
    await _add(client, customer, scarce.id, 2)
    # Someone else bought the scarce item after it went into this cart.
    await client.patch(f"/api/v1/products/{scarce.id}", json={"stock": 1}, headers=admin)

    response = await client.post(ORDERS, headers=customer)
    assert response.status_code == 409
    assert "Scarce" in response.json()["error"]["message"]
    assert await _stock(client, plenty.id) == 10  # nothing was taken
    assert len((await client.get("/api/v1/cart", headers=customer)).json()["items"]) == 2


async def test_checking_out_a_deactivated_product_says_so(
    client: AsyncClient, customer: Headers, admin: Headers, make_product: ProductFactory
) -> None:
    product = await make_product("Retired Mug", stock=5)
    await _add(client, customer, product.id)
    await client.patch(f"/api/v1/products/{product.id}", json={"is_active": False}, headers=admin)
    response = await client.post(ORDERS, headers=customer)
    assert response.status_code == 409
    assert "no longer available" in response.json()["error"]["message"]
