"""Small helpers shared by the tests."""

from httpx import AsyncClient

PASSWORD = "correct horse battery staple"


async def register(client: AsyncClient, email: str = "ada@example.com", password: str = PASSWORD) -> dict:
    response = await client.post("/auth/register", json={"email": email, "password": password})
    assert response.status_code == 201, response.text
    return response.json()


async def login(client: AsyncClient, email: str = "ada@example.com", password: str = PASSWORD) -> dict:
    response = await client.post("/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return response.json()


def bearer(tokens: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}
