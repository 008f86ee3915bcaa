"""Accounts: registration, login, rotating refresh tokens and the login limit."""

from helpers import PASSWORD, login, register


def test_register_returns_the_account_without_the_password(client) -> None:
    response = client.post("/auth/register", json={"username": "Ada", "password": PASSWORD})
    assert response.status_code == 201
    body = response.json()
    assert body["username"] == "ada"
    assert response.headers["Location"] == f"/users/{body['id']}"
    assert "password" not in response.text


def test_a_taken_username_is_a_conflict(client) -> None:
    register(client)
    response = client.post("/auth/register", json={"username": "ADA", "password": PASSWORD})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "username_taken"


def test_login_and_me(client) -> None:
    register(client)
    tokens = login(client)
    assert tokens["token_type"] == "bearer"
    me = client.get("/auth/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.status_code == 200
    assert me.json()["username"] == "ada"


def test_wrong_password_and_unknown_user_look_the_same(client) -> None:
    register(client)
    wrong = client.post("/auth/login", json={"username": "ada", "password": "not the password"})
    unknown = client.post("/auth/login", json={"username": "nobody", "password": "not the password"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_protected_routes_need_a_valid_token(client) -> None:
    assert client.get("/auth/me").json()["error"]["code"] == "missing_token"
    bad = client.get("/auth/me", headers={"Authorization": "Bearer not-a-token"})
    assert bad.status_code == 401
    assert bad.headers["WWW-Authenticate"] == "Bearer"


def test_a_refresh_token_works_once(client) -> None:
    register(client)
    tokens = login(client)
    first = client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert first.status_code == 200
    assert first.json()["refresh_token"] != tokens["refresh_token"]
    again = client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert again.status_code == 401
    assert client.post("/auth/refresh", json={"refresh_token": first.json()["refresh_token"]}).status_code == 200


def test_failed_logins_are_limited_per_account(make_client) -> None:
    client = make_client(login_attempts_per_account=2)
    register(client)
    for _ in range(2):
        assert client.post("/auth/login", json={"username": "ada", "password": "wrong password"}).status_code == 401
    limited = client.post("/auth/login", json={"username": "ada", "password": PASSWORD})
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0


def test_a_successful_login_does_not_count_as_a_failure(make_client) -> None:
    client = make_client(login_attempts_per_account=2)
    register(client)
    for _ in range(3):
        login(client)
