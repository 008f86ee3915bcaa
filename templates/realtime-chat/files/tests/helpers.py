"""Small helpers shared by the tests."""

import uuid
from typing import Any

from fastapi.testclient import TestClient

PASSWORD = "correct horse battery staple"


def register(client: TestClient, username: str = "ada", password: str = PASSWORD) -> dict[str, Any]:
    response = client.post("/auth/register", json={"username": username, "password": password})
    assert response.status_code == 201, response.text
    return response.json()


def login(client: TestClient, username: str = "ada", password: str = PASSWORD) -> dict[str, Any]:
    response = client.post("/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return response.json()


def signed_in(client: TestClient, username: str = "ada") -> dict[str, str]:
    """Register and log in; returns the Authorization header."""
    register(client, username)
    return {"Authorization": f"Bearer {login(client, username)['access_token']}"}


def create_room(client: TestClient, headers: dict[str, str], name: str = "general", private: bool = False) -> int:
    response = client.post("/rooms", json={"name": name, "private": private}, headers=headers)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def send(client: TestClient, headers: dict[str, str], room: int, body: str, client_id: uuid.UUID | None = None):
    return client.post(
        f"/rooms/{room}/messages", json={"id": str(client_id or uuid.uuid4()), "body": body}, headers=headers
    )


def ticket(client: TestClient, headers: dict[str, str]) -> str:
    response = client.post("/auth/ws-ticket", headers=headers)
    assert response.status_code == 200, response.text
    return str(response.json()["ticket"])
