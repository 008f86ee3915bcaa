"""Hostile input gets a 4xx in the one error shape, never a 5xx (on PostgreSQL too)."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from httpx import AsyncClient

Headers = dict[str, str]
ProductFactory = Callable[..., Awaitable[Any]]

PRODUCTS = "/api/v1/products"


def assert_error_shape(response: Any, status: int) -> None:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert isinstance(error["code"], str)
    assert isinstance(error["message"], str)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/products/99999999999",
        "/api/v1/products/2147483648",
        "/api/v1/products/0",
        "/api/v1/products/-1",
        "/api/v1/categories/99999999999999999999999",
        "/api/v1/orders/9223372036854775808",
        "/api/v1/orders/3000000000/payments",
    ],
)
async def test_ids_beyond_the_integer_column_are_422(
    client: AsyncClient, customer: Headers, path: str
) -> None:
    assert_error_shape(await client.get(path, headers=customer), 422)


@pytest.mark.parametrize(
    "params",
    [
        {"page": "9223372036854775808"},
        {"page": "100000000000"},
        {"min_price": "123456789012.99"},
        {"max_price": "1e400"},
        {"min_price": "NaN"},
        {"max_price": "Infinity"},
        {"q": "nul\x00byte"},
        {"category": "tea\x00"},
        {"category_id": "9223372036854775808"},
        {"category_id": "99999999999999999999999999"},
        {"category_id": "1\x00"},
        {"category_id": "0"},
        {"q": "x" * 5_000},
    ],
)
async def test_hostile_query_parameters_are_422(
    client: AsyncClient, params: dict[str, str]
) -> None:
    assert_error_shape(await client.get(PRODUCTS, params=params), 422)


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Tea\x00pot", "price": "10.00"},
        {"name": "Teapot", "price": "123456789012.00"},
        {"name": "Teapot", "price": "10.001"},
        {"name": "Teapot", "price": 1e308},
        {"name": "Teapot", "price": "10.00", "stock": 2**31},
        {"name": "Teapot", "price": "10.00", "category_id": 2**40},
        {"name": "Teapot", "price": "10.00", "description": "d" * 100_000},
        {"name": None, "price": "10.00"},
        [{"name": "Teapot", "price": "10.00"}],
        "just a string",
    ],
)
async def test_hostile_product_bodies_are_422(
    client: AsyncClient, admin: Headers, body: Any
) -> None:
    assert_error_shape(await client.post(PRODUCTS, json=body, headers=admin), 422)


@pytest.mark.parametrize(
    "body",
    [
        {"name": None},
        {"price": None},
        {"stock": None},
        {"is_active": None},
        {"description": "\x00"},
        {"price": "99999999999.99"},
    ],
)
async def test_patch_cannot_null_or_overflow_a_field(
    client: AsyncClient, admin: Headers, make_product: ProductFactory, body: dict[str, Any]
) -> None:
    product = await make_product()
    assert_error_shape(
        await client.patch(f"{PRODUCTS}/{product.id}", json=body, headers=admin), 422
    )
    # category_id may be null: it takes the product out of its category.
    cleared = await client.patch(
        f"{PRODUCTS}/{product.id}", json={"category_id": None}, headers=admin
    )
    assert cleared.status_code == 200


async def test_nul_bytes_and_out_of_range_ids_in_cart_and_auth_bodies(
    client: AsyncClient, customer: Headers
) -> None:
    cart = await client.post("/api/v1/cart/items", json={"product_id": 2**31}, headers=customer)
    assert_error_shape(cart, 422)
    register = await client.post(
        "/api/v1/auth/register",
        json={"email": "nul@example.com", "password": "p" * 10, "full_name": "A\x00"},
    )
    assert_error_shape(register, 422)
    nul_password = await client.post(
        "/api/v1/auth/register", json={"email": "nulpw@example.com", "password": "pass\x00word1"}
    )
    assert_error_shape(nul_password, 422)
    nul_login = await client.post(
        "/api/v1/auth/login", json={"email": "nulpw@example.com", "password": "pass\x00word1"}
    )
    assert_error_shape(nul_login, 422)
    huge_token = await client.post("/api/v1/auth/refresh", json={"refresh_token": "x" * 100_000})
    assert_error_shape(huge_token, 422)


async def test_deep_nesting_and_invalid_utf8_are_4xx(client: AsyncClient, admin: Headers) -> None:
    json_headers = {**admin, "Content-Type": "application/json"}
    deep = b"[" * 100_000 + b"]" * 100_000
    nested = await client.post(PRODUCTS, content=deep, headers=json_headers)
    assert 400 <= nested.status_code < 500
    assert_error_shape(nested, nested.status_code)
    invalid = await client.post(
        PRODUCTS, content=b'{"name": "\xff\xfe", "price": "1.00"}', headers=json_headers
    )
    assert 400 <= invalid.status_code < 500
    assert_error_shape(invalid, invalid.status_code)


async def test_search_treats_like_wildcards_literally(
    client: AsyncClient, make_product: ProductFactory
) -> None:
    await make_product("Plain Mug")
    await make_product("100% Cotton Bag")
    await make_product("Snake_case Sticker")
    for q, expected in (
        ("%", ["100% Cotton Bag"]),
        ("_", ["Snake_case Sticker"]),
        ("mug", ["Plain Mug"]),
    ):
        found = (await client.get(PRODUCTS, params={"q": q})).json()["items"]
        assert [p["name"] for p in found] == expected, q


async def test_timestamps_and_prices_have_one_format(
    client: AsyncClient, make_product: ProductFactory
) -> None:
    product = await make_product(price="7")
    body = (await client.get(f"{PRODUCTS}/{product.id}")).json()
    assert body["price"] == "7.00"
    # Time-zone aware on every database (SQLite too): `+00:00` or `Z`.
    assert body["created_at"].endswith(("Z", "+00:00"))


async def test_validation_messages_do_not_leak_enum_reprs(
    client: AsyncClient, admin: Headers
) -> None:
    response = await client.patch("/api/v1/orders/1", json={"status": "lost"}, headers=admin)
    assert_error_shape(response, 422)
    message = response.json()["error"]["details"][0]["msg"]
    assert "OrderStatus" not in message
    assert "'shipped'" in message


async def test_405_lists_every_allowed_method(client: AsyncClient) -> None:
    response = await client.request("OPTIONS", PRODUCTS)
    assert_error_shape(response, 405)
    allowed = {m.strip() for m in response.headers["allow"].split(",")}
    assert {"GET", "POST"} <= allowed
    put = await client.put(f"{PRODUCTS}/1", json={})
    assert {"GET", "PATCH", "DELETE"} <= {m.strip() for m in put.headers["allow"].split(",")}


async def test_hostile_requests_do_not_break_later_ones(client: AsyncClient) -> None:
    hostile = [
        client.get("/api/v1/products/99999999999"),
        client.get(PRODUCTS, params={"q": "\x00"}),
        client.get(PRODUCTS, params={"page": str(2**70)}),
    ]
    results = await asyncio.gather(*hostile)
    assert all(r.status_code == 422 for r in results)
    assert (await client.get(PRODUCTS)).status_code == 200
