"""Registration, login, the current user, logout and logout-all."""

from httpx import AsyncClient
from sqlalchemy import text

from helpers import PASSWORD, bearer, login, register


async def test_register_returns_201_with_location_and_no_password(client: AsyncClient) -> None:
    response = await client.post("/auth/register", json={"email": "Ada@Example.com", "password": PASSWORD})

    assert response.status_code == 201
    assert response.headers["location"] == "/me"
    body = response.json()
    assert body["email"] == "ada@example.com"
    assert set(body) == {"id", "email", "created_at"}


async def test_register_twice_is_a_conflict(client: AsyncClient) -> None:
    await register(client)
    response = await client.post("/auth/register", json={"email": "ada@example.com", "password": PASSWORD})

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "email_taken"


async def test_short_password_is_a_validation_error(client: AsyncClient) -> None:
    response = await client.post("/auth/register", json={"email": "ada@example.com", "password": "short"})

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["details"][0]["loc"] == ["body", "password"]


async def test_a_nul_byte_in_any_string_field_is_a_validation_error(client: AsyncClient) -> None:
    await register(client)
    tokens = await login(client)
    cases = [
        ("/auth/register", {"email": "grace@example.com", "password": f"{PASSWORD}\x00x"}, {}),
        ("/auth/login", {"email": "ada@example.com", "password": f"{PASSWORD}\x00x"}, {}),
        ("/auth/refresh", {"refresh_token": f"{tokens['refresh_token']}\x00x"}, {}),
        ("/me/password", {"current_password": f"{PASSWORD}\x00", "new_password": "a new password"}, bearer(tokens)),
        ("/me/password", {"current_password": PASSWORD, "new_password": "a new\x00password"}, bearer(tokens)),
    ]
    for path, body, headers in cases:
        response = await client.post(path, json=body, headers=headers)
        assert response.status_code == 422, (path, body, response.text)
        assert response.json()["error"]["code"] == "validation_error"
    # Nothing was stored or changed: the NUL password never became an account or a new password.
    never_registered = await client.post("/auth/login", json={"email": "grace@example.com", "password": PASSWORD})
    assert never_registered.status_code == 401
    await login(client)


async def test_reserved_test_domain_addresses_work_like_the_schema_says(client: AsyncClient) -> None:
    await register(client, email="Grace@Mail.Example.Test")
    await login(client, email="grace@mail.example.test")
    schema = (await client.get("/openapi.json")).json()["components"]["schemas"]
    assert schema["RegisterRequest"]["properties"]["email"]["format"] == "email"
    for refused in ("grace@host.invalid", "grace@localhost", "grace@box.local"):
        response = await client.post("/auth/register", json={"email": refused, "password": PASSWORD})
        assert response.status_code == 422, (refused, response.text)


async def test_login_returns_a_token_pair_and_me_works(client: AsyncClient) -> None:
    user = await register(client)
    tokens = await login(client)

    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] == 300
    assert len(tokens["refresh_token"]) >= 40
    me = await client.get("/me", headers=bearer(tokens))
    assert me.status_code == 200
    assert me.json() == user


async def test_unknown_user_and_wrong_password_look_the_same(client: AsyncClient) -> None:
    await register(client)
    wrong = await client.post("/auth/login", json={"email": "ada@example.com", "password": "not the password"})
    unknown = await client.post("/auth/login", json={"email": "bob@example.com", "password": PASSWORD})

    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "invalid_credentials"


async def test_me_requires_a_bearer_token(client: AsyncClient) -> None:
    missing = await client.get("/me")
    garbage = await client.get("/me", headers={"Authorization": "Bearer not-a-jwt"})

    assert missing.status_code == garbage.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert missing.json()["error"]["code"] == "missing_token"
    assert garbage.json()["error"]["code"] == "invalid_token"


async def test_logout_denylists_the_access_token_and_ends_the_session(client: AsyncClient) -> None:
    await register(client)
    tokens = await login(client)

    assert (await client.post("/auth/logout", headers=bearer(tokens))).status_code == 204

    me = await client.get("/me", headers=bearer(tokens))
    assert me.status_code == 401
    assert me.json()["error"]["code"] == "token_revoked"
    refresh = await client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refresh.status_code == 401


async def test_logout_keeps_other_sessions(client: AsyncClient) -> None:
    await register(client)
    laptop, phone = await login(client), await login(client)

    await client.post("/auth/logout", headers=bearer(laptop))

    assert (await client.get("/me", headers=bearer(phone))).status_code == 200


async def test_logout_all_ends_every_session(client: AsyncClient) -> None:
    await register(client)
    laptop, phone = await login(client), await login(client)

    assert (await client.post("/auth/logout-all", headers=bearer(laptop))).status_code == 204

    for tokens in (laptop, phone):
        assert (await client.get("/me", headers=bearer(tokens))).status_code == 401
        refreshed = await client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
        assert refreshed.status_code == 401
    # A new login after logout-all works again.
    assert (await client.get("/me", headers=bearer(await login(client)))).status_code == 200


async def test_deleted_user_tokens_stop_working(client: AsyncClient, engine) -> None:
    await register(client)
    tokens = await login(client)
    async with engine.begin() as conn:
        await conn.execute(text("DELETE FROM users"))

    assert (await client.get("/me", headers=bearer(tokens))).status_code == 401
    refreshed = await client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.json()["error"]["code"] == "invalid_refresh_token"
