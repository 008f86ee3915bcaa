"""Password change and session management."""

import time

import time_machine
from httpx import AsyncClient

from helpers import PASSWORD, bearer, login, register

NEW_PASSWORD = "a much better passphrase"


async def test_change_password_revokes_every_other_session(client: AsyncClient) -> None:
    await register(client)
    current, other = await login(client), await login(client)

    response = await client.post(
        "/me/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=bearer(current),
    )

    assert response.status_code == 200
    fresh = response.json()
    assert (await client.get("/me", headers=bearer(fresh))).status_code == 200
    for old in (current, other):
        assert (await client.get("/me", headers=bearer(old))).status_code == 401
        refreshed = await client.post("/auth/refresh", json={"refresh_token": old["refresh_token"]})
        assert refreshed.status_code == 401
    old_login = await client.post("/auth/login", json={"email": "ada@example.com", "password": PASSWORD})
    assert old_login.status_code == 401
    await login(client, password=NEW_PASSWORD)


async def test_change_password_needs_the_current_one(client: AsyncClient) -> None:
    await register(client)
    tokens = await login(client)

    response = await client.post(
        "/me/password",
        json={"current_password": "not my password", "new_password": NEW_PASSWORD},
        headers=bearer(tokens),
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "invalid_credentials"
    assert (await client.get("/me", headers=bearer(tokens))).status_code == 200


async def test_change_password_attempts_are_throttled(make_client) -> None:
    async with make_client(login_attempts_per_account=2) as client:
        await register(client)
        tokens = await login(client)
        body = {"current_password": "wrong guess", "new_password": NEW_PASSWORD}
        statuses = [
            (await client.post("/me/password", json=body, headers=bearer(tokens))).status_code for _ in range(3)
        ]

    assert statuses == [403, 403, 429]


async def test_sessions_are_listed_newest_first_with_pagination(client: AsyncClient) -> None:
    await register(client)
    now = time.time()
    for minutes_ago, agent in ((2, "laptop"), (1, "phone"), (0, "tablet")):
        with time_machine.travel(now - 60 * minutes_ago, tick=False):
            tokens = (
                await client.post(
                    "/auth/login",
                    json={"email": "ada@example.com", "password": PASSWORD},
                    headers={"User-Agent": agent},
                )
            ).json()

    first = (await client.get("/me/sessions", params={"limit": 2}, headers=bearer(tokens))).json()
    second = (await client.get("/me/sessions", params={"limit": 2, "offset": 2}, headers=bearer(tokens))).json()

    assert (first["total"], first["limit"], first["offset"]) == (3, 2, 0)
    assert [s["user_agent"] for s in first["items"] + second["items"]] == ["tablet", "phone", "laptop"]
    assert [s["current"] for s in first["items"] + second["items"]] == [True, False, False]
    too_big = await client.get("/me/sessions", params={"limit": 101}, headers=bearer(tokens))
    assert too_big.status_code == 422


async def test_revoking_one_session_signs_out_that_device(client: AsyncClient) -> None:
    await register(client)
    laptop, phone = await login(client), await login(client)
    sessions = (await client.get("/me/sessions", headers=bearer(laptop))).json()["items"]
    phone_session = next(s["id"] for s in sessions if not s["current"])

    response = await client.delete(f"/me/sessions/{phone_session}", headers=bearer(laptop))

    assert response.status_code == 204
    assert (await client.get("/me", headers=bearer(phone))).status_code == 401
    assert (await client.get("/me", headers=bearer(laptop))).status_code == 200
    remaining = (await client.get("/me/sessions", headers=bearer(laptop))).json()
    assert remaining["total"] == 1


async def test_other_users_sessions_are_not_found(client: AsyncClient) -> None:
    await register(client)
    await register(client, email="eve@example.com")
    ada = await login(client)
    eve = await login(client, email="eve@example.com")
    ada_session = (await client.get("/me/sessions", headers=bearer(ada))).json()["items"][0]["id"]

    response = await client.delete(f"/me/sessions/{ada_session}", headers=bearer(eve))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert (await client.get("/me", headers=bearer(ada))).status_code == 200


async def test_expired_sessions_drop_out_of_the_list(client: AsyncClient, redis_client, redis_prefix: str) -> None:
    await register(client)
    old, current = await login(client), await login(client)
    sessions = (await client.get("/me/sessions", headers=bearer(current))).json()["items"]
    old_id = next(s["id"] for s in sessions if not s["current"])
    await redis_client.delete(f"{redis_prefix}session:{old_id}")  # what the TTL does after 14 idle days

    listing = (await client.get("/me/sessions", headers=bearer(current))).json()

    assert listing["total"] == 1
    assert listing["items"][0]["current"] is True
    assert (await client.get("/me", headers=bearer(old))).status_code == 401
