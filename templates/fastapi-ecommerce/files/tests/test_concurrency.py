"""Checkout under contention: more buyers than stock, at the same moment."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncEngine

Headers = dict[str, str]

STOCK = 3
BUYERS = 10


async def test_concurrent_checkouts_never_oversell(
    engine: AsyncEngine,
    client: AsyncClient,
    make_user: Callable[..., Awaitable[Headers]],
    make_product: Callable[..., Awaitable[Any]],
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("needs PostgreSQL row locking: run with DATABASE_URL=postgresql://...")
    product = await make_product("Last Few", price="30.00", stock=STOCK)
    buyers = [await make_user(f"buyer{n}@example.com") for n in range(BUYERS)]
    for headers in buyers:
        added = await client.post(
            "/api/v1/cart/items", json={"product_id": product.id}, headers=headers
        )
        assert added.status_code == 201

    # Every buyer's cart is valid on its own; only the database can arbitrate.
    results = await asyncio.gather(
        *(client.post("/api/v1/orders", headers=headers) for headers in buyers)
    )

    statuses = sorted(r.status_code for r in results)
    assert statuses == [201] * STOCK + [409] * (BUYERS - STOCK)
    assert (await client.get(f"/api/v1/products/{product.id}")).json()["stock"] == 0
    placed = [r.json() for r in results if r.status_code == 201]
    assert all(o["total"] == "30.00" for o in placed)
    assert len({o["id"] for o in placed}) == STOCK


async def test_concurrent_retries_with_one_idempotency_key_make_one_order(
    engine: AsyncEngine,
    client: AsyncClient,
    customer: Headers,
    make_product: Callable[..., Awaitable[Any]],
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("needs concurrent writers: run with DATABASE_URL=postgresql://...")
    product = await make_product(stock=10)
    await client.post(
        "/api/v1/cart/items", json={"product_id": product.id, "quantity": 2}, headers=customer
    )
    headers = {**customer, "Idempotency-Key": "double-click"}
    results = await asyncio.gather(
        *(client.post("/api/v1/orders", headers=headers) for _ in range(5))
    )

    assert [r.status_code for r in results] == [201] * 5
    assert len({r.json()["id"] for r in results}) == 1
    assert (await client.get(f"/api/v1/products/{product.id}")).json()["stock"] == 8


async def test_concurrent_adds_of_one_product_to_one_cart_all_count(
    client: AsyncClient,
    customer: Headers,
    make_product: Callable[..., Awaitable[Any]],
) -> None:
    # An upsert on the (user, product) line: no unique-violation 500s, no lost quantity.
    product = await make_product(stock=100)
    results = await asyncio.gather(
        *(
            client.post(
                "/api/v1/cart/items",
                json={"product_id": product.id, "quantity": 2},
                headers=customer,
            )
            for _ in range(10)
        )
    )
    assert [r.status_code for r in results] == [201] * 10
    cart = (await client.get("/api/v1/cart", headers=customer)).json()
    assert [(line["product_id"], line["quantity"]) for line in cart["items"]] == [(product.id, 20)]


async def test_concurrent_adds_never_exceed_the_stock(
    client: AsyncClient,
    customer: Headers,
    make_product: Callable[..., Awaitable[Any]],
) -> None:
    product = await make_product(stock=5)
    results = await asyncio.gather(
        *(
            client.post("/api/v1/cart/items", json={"product_id": product.id}, headers=customer)
            for _ in range(8)
        )
    )
    assert sorted(r.status_code for r in results) == [201] * 5 + [409] * 3
    cart = (await client.get("/api/v1/cart", headers=customer)).json()
    assert cart["items"][0]["quantity"] == 5


async def test_concurrent_creates_with_one_slug_have_one_winner(
    client: AsyncClient, admin: Headers
) -> None:
    body = {"name": "Moka Pot", "slug": "moka-pot", "price": "34.90"}
    results = await asyncio.gather(
        *(client.post("/api/v1/products", json=body, headers=admin) for _ in range(6))
    )
    assert sorted(r.status_code for r in results) == [201] + [409] * 5
    assert all(r.json()["error"]["code"] == "conflict" for r in results if r.status_code == 409)


async def test_concurrent_registrations_of_one_email_have_one_winner(client: AsyncClient) -> None:
    body = {"email": "twice@example.com", "password": "a long passphrase"}
    results = await asyncio.gather(
        *(client.post("/api/v1/auth/register", json=body) for _ in range(5))
    )
    assert sorted(r.status_code for r in results) == [201] + [409] * 4
