from httpx import AsyncClient

REGISTER = "/api/v1/auth/register"
LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"
CREDENTIALS = {"email": "Ada@Example.com", "password": "a long passphrase"}


async def _register_and_login(client: AsyncClient) -> dict[str, str]:
    await client.post(REGISTER, json=CREDENTIALS)
    response = await client.post(LOGIN, json=CREDENTIALS)
    assert response.status_code == 200
    tokens: dict[str, str] = response.json()
    return tokens


async def test_register_creates_a_customer(client: AsyncClient) -> None:
    response = await client.post(REGISTER, json={**CREDENTIALS, "full_name": "Ada Lovelace"})
    assert response.status_code == 201
    assert response.headers["location"].endswith("/api/v1/users/me")
    body = response.json()
    assert body["email"] == "ada@example.com"
    assert body["role"] == "customer"
    assert body["full_name"] == "Ada Lovelace"
    assert "password" not in body
    assert "hashed_password" not in body


async def test_register_twice_is_a_conflict(client: AsyncClient) -> None:
    await client.post(REGISTER, json=CREDENTIALS)
    response = await client.post(REGISTER, json={**CREDENTIALS, "email": "ada@example.com"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"


async def test_register_rejects_a_short_password(client: AsyncClient) -> None:
    response = await client.post(REGISTER, json={"email": "a@example.com", "password": "short"})
    assert response.status_code == 422


async def test_login_returns_tokens_that_authenticate(client: AsyncClient) -> None:
    tokens = await _register_and_login(client)
    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] == 15 * 60
    me = await client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert me.status_code == 200
    assert me.json()["email"] == "ada@example.com"


async def test_login_errors_do_not_reveal_whether_the_user_exists(client: AsyncClient) -> None:
    await client.post(REGISTER, json=CREDENTIALS)
    wrong_password = await client.post(LOGIN, json={**CREDENTIALS, "password": "wrong"})
    unknown_user = await client.post(
        LOGIN, json={"email": "nobody@example.com", "password": "wrong"}
    )
    assert wrong_password.status_code == unknown_user.status_code == 401
    assert wrong_password.json() == unknown_user.json()
    assert wrong_password.headers["www-authenticate"] == "Bearer"


async def test_login_is_rate_limited(client: AsyncClient) -> None:
    await client.post(REGISTER, json=CREDENTIALS)
    for _ in range(5):
        response = await client.post(LOGIN, json={**CREDENTIALS, "password": "wrong"})
        assert response.status_code == 401
    blocked = await client.post(LOGIN, json=CREDENTIALS)
    assert blocked.status_code == 429
    assert blocked.json()["error"]["code"] == "too_many_requests"
    assert int(blocked.headers["retry-after"]) > 0


async def test_protected_routes_need_a_valid_access_token(client: AsyncClient) -> None:
    tokens = await _register_and_login(client)
    missing = await client.get("/api/v1/users/me")
    garbage = await client.get("/api/v1/users/me", headers={"Authorization": "Bearer nope"})
    refresh_as_access = await client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {tokens['refresh_token']}"}
    )
    assert missing.status_code == garbage.status_code == refresh_as_access.status_code == 401


async def test_refresh_rotates_and_detects_reuse(client: AsyncClient) -> None:
    first = await _register_and_login(client)
    rotated = await client.post(REFRESH, json={"refresh_token": first["refresh_token"]})
    assert rotated.status_code == 200
    second = rotated.json()
    assert second["refresh_token"] != first["refresh_token"]

    # Replaying the old token is treated as theft: it fails and ends the whole family.
    replay = await client.post(REFRESH, json={"refresh_token": first["refresh_token"]})
    assert replay.status_code == 401
    after_reuse = await client.post(REFRESH, json={"refresh_token": second["refresh_token"]})
    assert after_reuse.status_code == 401


async def test_refresh_rejects_access_tokens_and_garbage(client: AsyncClient) -> None:
    tokens = await _register_and_login(client)
    for token in (tokens["access_token"], "not-a-jwt"):
        response = await client.post(REFRESH, json={"refresh_token": token})
        assert response.status_code == 401


async def test_logout_revokes_the_refresh_token(client: AsyncClient) -> None:
    tokens = await _register_and_login(client)
    response = await client.post(
        "/api/v1/auth/logout", json={"refresh_token": tokens["refresh_token"]}
    )
    assert response.status_code == 204
    again = await client.post(REFRESH, json={"refresh_token": tokens["refresh_token"]})
    assert again.status_code == 401
    # Logging out with garbage reveals nothing either.
    garbage = await client.post("/api/v1/auth/logout", json={"refresh_token": "nope"})
    assert garbage.status_code == 204
