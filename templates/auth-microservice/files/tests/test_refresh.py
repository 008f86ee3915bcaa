"""Refresh token rotation, reuse detection, expiry and cookie delivery."""

import time

import time_machine
from httpx import AsyncClient

from helpers import PASSWORD, bearer, login, register


async def refresh(client: AsyncClient, token: str):
    return await client.post("/auth/refresh", json={"refresh_token": token})


async def test_refresh_rotates_both_tokens(client: AsyncClient) -> None:
    await register(client)
    first = await login(client)

    response = await refresh(client, first["refresh_token"])

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    second = response.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert (await client.get("/me", headers=bearer(second))).status_code == 200
    third = await refresh(client, second["refresh_token"])
    assert third.status_code == 200


async def test_reusing_a_refresh_token_revokes_the_whole_family(client: AsyncClient) -> None:
    await register(client)
    stolen = await login(client)
    other_device = await login(client)
    legit = (await refresh(client, stolen["refresh_token"])).json()

    replay = await refresh(client, stolen["refresh_token"])

    assert replay.status_code == 401
    assert replay.json()["error"]["code"] == "refresh_token_reused"
    # Every token of that login is dead now, including the newest one...
    assert (await refresh(client, legit["refresh_token"])).status_code == 401
    assert (await client.get("/me", headers=bearer(legit))).status_code == 401
    # ...while the user's other sessions are untouched.
    assert (await client.get("/me", headers=bearer(other_device))).status_code == 200
    assert (await refresh(client, other_device["refresh_token"])).status_code == 200


async def test_unknown_or_missing_refresh_token_is_rejected(client: AsyncClient) -> None:
    unknown = await refresh(client, "x" * 43)
    missing = await client.post("/auth/refresh")

    assert unknown.status_code == missing.status_code == 401
    assert unknown.json()["error"]["code"] == "invalid_refresh_token"
    assert missing.json()["error"]["code"] == "missing_token"


async def test_access_token_expires(client: AsyncClient) -> None:
    await register(client)
    tokens = await login(client)

    with time_machine.travel(time.time() + 299, tick=False):
        assert (await client.get("/me", headers=bearer(tokens))).status_code == 200
    with time_machine.travel(time.time() + 310, tick=False):
        expired = await client.get("/me", headers=bearer(tokens))
    assert expired.status_code == 401
    assert expired.json()["error"]["code"] == "invalid_token"


async def test_refresh_token_expires(make_client) -> None:
    async with make_client(refresh_token_ttl_seconds=600) as client:
        await register(client)
        tokens = await login(client)
        with time_machine.travel(time.time() + 601, tick=False):
            response = await refresh(client, tokens["refresh_token"])

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_refresh_token"


async def test_refresh_token_cookie_mode(make_client) -> None:
    async with make_client(refresh_token_cookie=True) as client:
        client.base_url = "https://testserver"  # Secure cookies travel over https only
        await register(client)
        response = await client.post("/auth/login", json={"email": "ada@example.com", "password": PASSWORD})

        assert response.status_code == 200
        assert "refresh_token" not in response.json()
        cookie = response.headers["set-cookie"]
        for attribute in ("HttpOnly", "Secure", "SameSite=strict", "Path=/auth/refresh"):
            assert attribute.lower() in cookie.lower()
        token = client.cookies["refresh_token"]

        refreshed = await client.post("/auth/refresh")  # the cookie jar sends it
        assert refreshed.status_code == 200
        assert client.cookies["refresh_token"] != token

        client.cookies.set("refresh_token", token, domain="testserver.local", path="/auth/refresh")
        replay = await client.post("/auth/refresh")
        assert replay.status_code == 401
        assert replay.json()["error"]["code"] == "refresh_token_reused"
        assert 'refresh_token=""' in replay.headers["set-cookie"]  # the cookie is cleared

        tokens = (await client.post("/auth/login", json={"email": "ada@example.com", "password": PASSWORD})).json()
        logout = await client.post("/auth/logout", headers=bearer(tokens))
        assert 'refresh_token=""' in logout.headers["set-cookie"]
