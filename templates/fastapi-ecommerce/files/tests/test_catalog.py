from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from httpx import AsyncClient

Headers = dict[str, str]
PRODUCTS = "/api/v1/products"
CATEGORIES = "/api/v1/categories"


async def _category(client: AsyncClient, admin: Headers, name: str) -> dict[str, Any]:
    response = await client.post(CATEGORIES, json={"name": name}, headers=admin)
    assert response.status_code == 201
    body: dict[str, Any] = response.json()
    return body


async def _product(client: AsyncClient, admin: Headers, **fields: Any) -> dict[str, Any]:
    response = await client.post(PRODUCTS, json={"stock": 5, **fields}, headers=admin)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_admin_creates_a_category_and_a_product(client: AsyncClient, admin: Headers) -> None:
    category = await _category(client, admin, "Coffee Gear")
    assert category["slug"] == "coffee-gear"

    response = await client.post(
        PRODUCTS,
        json={
            "name": "Pour-over Kettle",
            "price": "49.90",
            "stock": 3,
            "category_id": category["id"],
        },
        headers=admin,
    )
    assert response.status_code == 201
    product = response.json()
    assert response.headers["location"].endswith(f"/api/v1/products/{product['id']}")
    assert product["slug"] == "pour-over-kettle"
    assert product["price"] == "49.90"  # money travels as an exact string, never a float
    assert product["category"]["name"] == "Coffee Gear"

    fetched = await client.get(response.headers["location"])
    assert fetched.json()["name"] == "Pour-over Kettle"
    category_url = await client.get(f"{CATEGORIES}/{category['id']}")
    assert category_url.json()["slug"] == "coffee-gear"


async def test_catalog_management_is_admin_only(client: AsyncClient, customer: Headers) -> None:
    attempts = [
        client.post(CATEGORIES, json={"name": "Nope"}, headers=customer),
        client.post(PRODUCTS, json={"name": "Nope", "price": "1.00"}, headers=customer),
        client.patch(f"{PRODUCTS}/1", json={"price": "0.01"}, headers=customer),
        client.delete(f"{PRODUCTS}/1", headers=customer),
        client.delete(f"{CATEGORIES}/1", headers=customer),
    ]
    for attempt in attempts:
        response = await attempt
        assert response.status_code == 403
        assert response.json()["error"] == {
            "code": "forbidden",
            "message": "Administrator role required",
        }
    anonymous = await client.post(CATEGORIES, json={"name": "Nope"})
    assert anonymous.status_code == 401


async def test_duplicates_are_conflicts(client: AsyncClient, admin: Headers) -> None:
    await _category(client, admin, "Tea")
    again = await client.post(CATEGORIES, json={"name": "Tea"}, headers=admin)
    assert again.status_code == 409
    await _product(client, admin, name="Mug", price="5.00")
    same_slug = await client.post(PRODUCTS, json={"name": "Mug", "price": "6.00"}, headers=admin)
    assert same_slug.status_code == 409


@pytest.mark.parametrize("price", ["-1.00", "1.001", "abc"])
async def test_prices_are_validated(client: AsyncClient, admin: Headers, price: str) -> None:
    response = await client.post(PRODUCTS, json={"name": "Bad", "price": price}, headers=admin)
    assert response.status_code == 422


async def test_products_with_an_unknown_category_are_404(
    client: AsyncClient, admin: Headers
) -> None:
    response = await client.post(
        PRODUCTS, json={"name": "Lost", "price": "1.00", "category_id": 999}, headers=admin
    )
    assert response.status_code == 404


async def test_list_filters_searches_sorts_and_paginates(
    client: AsyncClient, admin: Headers
) -> None:
    coffee = await _category(client, admin, "Coffee")
    tea = await _category(client, admin, "Tea")
    await _product(client, admin, name="Espresso Beans", price="14.00", category_id=coffee["id"])
    await _product(client, admin, name="Filter Beans", price="11.50", category_id=coffee["id"])
    await _product(client, admin, name="Grinder", price="89.00", category_id=coffee["id"])
    await _product(client, admin, name="Green Tea", price="7.25", category_id=tea["id"])
    await _product(client, admin, name="Hidden", price="1.00", is_active=False)

    everything = (await client.get(PRODUCTS)).json()
    assert everything["total"] == 4  # the inactive product is not listed
    assert everything["items"][0]["name"] == "Espresso Beans"

    page = (
        await client.get(
            PRODUCTS, params={"category": "coffee", "sort": "-price", "size": 2, "page": 1}
        )
    ).json()
    assert [p["name"] for p in page["items"]] == ["Grinder", "Espresso Beans"]
    assert (page["total"], page["pages"], page["size"]) == (3, 2, 2)

    by_id = (await client.get(PRODUCTS, params={"category_id": tea["id"]})).json()
    assert [p["name"] for p in by_id["items"]] == ["Green Tea"]

    cheap = (await client.get(PRODUCTS, params={"min_price": "7", "max_price": "12"})).json()
    assert [p["name"] for p in cheap["items"]] == ["Filter Beans", "Green Tea"]

    search = (await client.get(PRODUCTS, params={"q": "BEANS", "sort": "price"})).json()
    assert [p["name"] for p in search["items"]] == ["Filter Beans", "Espresso Beans"]

    newest = (await client.get(PRODUCTS, params={"sort": "-created_at"})).json()
    assert newest["total"] == 4

    empty = (await client.get(PRODUCTS, params={"page": 9})).json()
    assert empty["items"] == []
    assert empty["total"] == 4


async def test_inactive_products_are_not_found(
    client: AsyncClient, make_product: Callable[..., Awaitable[Any]]
) -> None:
    product = await make_product(active=False)
    response = await client.get(f"{PRODUCTS}/{product.id}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


async def test_admin_updates_and_deletes_a_product(client: AsyncClient, admin: Headers) -> None:
    product = await _product(client, admin, name="Scale", price="20.00")
    url = f"{PRODUCTS}/{product['id']}"

    updated = await client.patch(url, json={"price": "18.50", "stock": 7}, headers=admin)
    assert updated.status_code == 200
    assert (updated.json()["price"], updated.json()["stock"]) == ("18.50", 7)

    missing_category = await client.patch(url, json={"category_id": 404}, headers=admin)
    assert missing_category.status_code == 404

    assert (await client.delete(url, headers=admin)).status_code == 204
    assert (await client.get(url)).status_code == 404
    assert (await client.patch(url, json={"stock": 1}, headers=admin)).status_code == 404


async def test_deleting_a_category_keeps_its_products(client: AsyncClient, admin: Headers) -> None:
    category = await _category(client, admin, "Seasonal")
    product = await _product(
        client, admin, name="Advent Blend", price="9.99", category_id=category["id"]
    )

    assert (await client.delete(f"{CATEGORIES}/{category['id']}", headers=admin)).status_code == 204
    assert (await client.delete(f"{CATEGORIES}/{category['id']}", headers=admin)).status_code == 404
    assert (await client.get(CATEGORIES)).json() == []
    remaining = (await client.get(f"{PRODUCTS}/{product['id']}")).json()
    assert remaining["category"] is None
