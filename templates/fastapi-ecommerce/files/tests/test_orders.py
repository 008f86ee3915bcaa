from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

Headers = dict[str, str]
ProductFactory = Callable[..., Awaitable[Any]]
ORDERS = "/api/v1/orders"


@pytest.fixture
async def order(
    client: AsyncClient, customer: Headers, make_product: ProductFactory
) -> dict[str, Any]:
    """A pending order of 2 x 12.50 by `customer`; the product had 10 in stock."""
    product = await make_product(price="12.50", stock=10)
    await client.post(
        "/api/v1/cart/items", json={"product_id": product.id, "quantity": 2}, headers=customer
    )
    response = await client.post(ORDERS, headers=customer)
    assert response.status_code == 201
    body: dict[str, Any] = response.json()
    return body


async def _status(client: AsyncClient, order: dict[str, Any], headers: Headers) -> str:
    status: str = (await client.get(f"{ORDERS}/{order['id']}", headers=headers)).json()["status"]
    return status


async def _stock(client: AsyncClient, order: dict[str, Any]) -> int:
    product_id = order["items"][0]["product_id"]
    stock: int = (await client.get(f"/api/v1/products/{product_id}")).json()["stock"]
    return stock


async def test_the_full_lifecycle(
    client: AsyncClient, customer: Headers, admin: Headers, order: dict[str, Any], app: FastAPI
) -> None:
    url = f"{ORDERS}/{order['id']}"
    paid = await client.post(f"{url}/payments", headers=customer)
    assert paid.status_code == 201
    payment = paid.json()
    assert (payment["amount"], payment["status"], payment["provider"]) == (
        "25.00",
        "succeeded",
        "fake",
    )
    charged = app.state.payment_provider.charges
    assert charged == [(payment["reference"], Decimal("25.00"), "USD")]
    assert await _status(client, order, customer) == "paid"
    listed = await client.get(paid.headers["location"], headers=customer)
    assert [p["reference"] for p in listed.json()] == [payment["reference"]]

    shipped = await client.patch(url, json={"status": "shipped"}, headers=admin)
    assert shipped.json()["status"] == "shipped"
    delivered = await client.patch(url, json={"status": "delivered"}, headers=admin)
    assert delivered.json()["status"] == "delivered"


@pytest.mark.parametrize(
    ("steps", "invalid"),
    [
        ([], "shipped"),
        ([], "delivered"),
        (["pay", "shipped"], "cancelled"),
        (["cancel"], "shipped"),
    ],
)
async def test_invalid_transitions_are_conflicts(
    client: AsyncClient,
    customer: Headers,
    admin: Headers,
    order: dict[str, Any],
    steps: list[str],
    invalid: str,
) -> None:
    url = f"{ORDERS}/{order['id']}"
    for step in steps:
        if step == "pay":
            await client.post(f"{url}/payments", headers=customer)
        elif step == "cancel":
            await client.post(f"{url}/cancel", headers=customer)
        else:
            await client.patch(url, json={"status": step}, headers=admin)
    response = await client.patch(url, json={"status": invalid}, headers=admin)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"


async def test_paid_is_only_reachable_through_a_payment(
    client: AsyncClient, admin: Headers, order: dict[str, Any]
) -> None:
    response = await client.patch(f"{ORDERS}/{order['id']}", json={"status": "paid"}, headers=admin)
    assert response.status_code == 422


async def test_an_order_is_paid_only_once(
    client: AsyncClient, customer: Headers, order: dict[str, Any]
) -> None:
    url = f"{ORDERS}/{order['id']}/payments"
    assert (await client.post(url, headers=customer)).status_code == 201
    second = await client.post(url, headers=customer)
    assert second.status_code == 409


async def test_a_declined_payment_leaves_the_order_pending(
    client: AsyncClient, customer: Headers, order: dict[str, Any], app: FastAPI
) -> None:
    app.state.payment_provider.decline = True
    response = await client.post(f"{ORDERS}/{order['id']}/payments", headers=customer)
    assert response.status_code == 402
    assert response.json()["error"] == {
        "code": "payment_failed",
        "message": "The card was declined",
    }
    assert await _status(client, order, customer) == "pending"


async def test_cancel_restocks_and_refunds(
    client: AsyncClient, customer: Headers, order: dict[str, Any], app: FastAPI
) -> None:
    assert await _stock(client, order) == 8
    await client.post(f"{ORDERS}/{order['id']}/payments", headers=customer)

    cancelled = await client.post(f"{ORDERS}/{order['id']}/cancel", headers=customer)
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert await _stock(client, order) == 10
    provider = app.state.payment_provider
    assert provider.refunds == [(provider.charges[0][0], provider.charges[0][1])]
    payments = await client.get(f"{ORDERS}/{order['id']}/payments", headers=customer)
    assert payments.json()[0]["status"] == "refunded"

    again = await client.post(f"{ORDERS}/{order['id']}/cancel", headers=customer)
    assert again.status_code == 409
    assert await _stock(client, order) == 10  # restocked once


async def test_admin_cancel_restocks_a_pending_order(
    client: AsyncClient, admin: Headers, order: dict[str, Any]
) -> None:
    response = await client.patch(
        f"{ORDERS}/{order['id']}", json={"status": "cancelled"}, headers=admin
    )
    assert response.json()["status"] == "cancelled"
    assert await _stock(client, order) == 10


async def test_other_customers_orders_are_not_found(
    client: AsyncClient, order: dict[str, Any], make_user: Callable[..., Awaitable[Headers]]
) -> None:
    stranger = await make_user("stranger@example.com")
    url = f"{ORDERS}/{order['id']}"
    for response in (
        await client.get(url, headers=stranger),
        await client.post(f"{url}/cancel", headers=stranger),
        await client.post(f"{url}/payments", headers=stranger),
        await client.get(f"{url}/payments", headers=stranger),
        await client.get(f"{ORDERS}/999999", headers=stranger),
    ):
        assert response.status_code == 404
    assert (await client.get(ORDERS, headers=stranger)).json()["total"] == 0


async def test_fulfilment_is_admin_only(
    client: AsyncClient, customer: Headers, order: dict[str, Any]
) -> None:
    response = await client.patch(
        f"{ORDERS}/{order['id']}", json={"status": "shipped"}, headers=customer
    )
    assert response.status_code == 403


async def test_admins_see_every_order(
    client: AsyncClient, admin: Headers, order: dict[str, Any]
) -> None:
    listed = (await client.get(ORDERS, headers=admin)).json()
    assert [o["id"] for o in listed["items"]] == [order["id"]]
    assert (listed["total"], listed["pages"]) == (1, 1)
