"""Hostile input: every answer is a 4xx in the one error shape, never a 5xx.

These matter most on PostgreSQL (integers are 32/64-bit, text cannot hold NUL); run the
suite with DATABASE_URL pointing at one to check them there.
"""

import json

import pytest
from flask.testing import FlaskClient


def assert_client_error(response, status: int | None = None) -> dict:
    assert 400 <= response.status_code < 500, response.get_data(as_text=True)[:300]
    if status is not None:
        assert response.status_code == status
    error = response.get_json()["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == response.status_code
    return error


@pytest.mark.parametrize("task_id", ["2147483648", "9223372036854775808", "99999999999999999999"])
def test_ids_beyond_the_integer_range_are_404(
    client: FlaskClient, auth: dict[str, str], task_id: str
) -> None:
    for method in (client.get, client.delete):
        assert_client_error(method(f"/tasks/{task_id}", headers=auth), 404)
    assert_client_error(client.patch(f"/tasks/{task_id}", json={"title": "x"}, headers=auth), 404)


def test_the_largest_integer_id_is_an_ordinary_404(
    client: FlaskClient, auth: dict[str, str]
) -> None:
    assert_client_error(client.get("/tasks/2147483647", headers=auth), 404)


@pytest.mark.parametrize(
    "query",
    [
        "?page=9223372036854775808",
        "?page=99999999999999999999999",
        "?page=1000001",
        "?per_page=9223372036854775808",
        "?q=a%00b",
        "?tag=%00",
        "?tag=%20%20",
        "?sort=title,",
        "?sort=" + ",".join(["title"] * 7),
    ],
)
def test_hostile_query_strings_are_422(
    client: FlaskClient, auth: dict[str, str], query: str
) -> None:
    assert_client_error(client.get(f"/tasks{query}", headers=auth), 422)


def test_the_last_allowed_page_is_fine(client: FlaskClient, auth: dict[str, str]) -> None:
    response = client.get("/tasks?page=1000000&per_page=100", headers=auth)
    assert response.status_code == 200
    assert response.get_json()["items"] == []


@pytest.mark.parametrize(
    "payload",
    [
        {"title": "nul\u0000byte"},
        {"title": "ok", "description": "nul\u0000byte"},
        {"title": "ok", "tags": ["nul\u0000"]},
        {"title": None},
        {"title": "x" * 100_000},
        {"title": "ok", "tags": "not-a-list"},
        {"title": "ok", "tags": [{"nested": "object"}]},
        {"title": "ok", "due_date": "99999-01-01"},
        {"title": ["an", "array"]},
        [{"title": "an array instead of an object"}],
        "just a string",
    ],
)
def test_hostile_json_bodies_are_422(client: FlaskClient, auth: dict[str, str], payload) -> None:
    assert_client_error(client.post("/tasks", json=payload, headers=auth), 422)


def test_nul_in_credentials_is_422(client: FlaskClient) -> None:
    response = client.post(
        "/auth/register", json={"email": "a\u0000@example.com", "password": "long enough pw"}
    )
    assert_client_error(response, 422)
    response = client.post(
        "/auth/register", json={"email": "nul@example.com", "password": "long enough\u0000pw"}
    )
    assert_client_error(response, 422)


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"]" * 100_000,  # deeply nested
        b'{"title": "\xff\xfe invalid utf-8"}',
        b'{"title": "unterminated',
    ],
)
def test_malformed_bodies_are_400(client: FlaskClient, auth: dict[str, str], body: bytes) -> None:
    response = client.post(
        "/tasks", data=body, headers={**auth, "Content-Type": "application/json"}
    )
    assert_client_error(response, 400)


def test_nul_in_the_path_is_404(client: FlaskClient, auth: dict[str, str]) -> None:
    assert_client_error(client.get("/tasks/1%00", headers=auth), 404)


def test_a_huge_json_number_is_a_validation_error(
    client: FlaskClient, auth: dict[str, str]
) -> None:
    body = json.dumps({"title": "ok"}).replace("}", ', "version": 1e999999}')
    response = client.post(
        "/tasks", data=body, headers={**auth, "Content-Type": "application/json"}
    )
    assert_client_error(response)
