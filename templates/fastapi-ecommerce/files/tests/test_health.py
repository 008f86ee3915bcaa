from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient


async def test_health_is_ok(client: AsyncClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_checks_the_database(client: AsyncClient) -> None:
    response = await client.get("/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_openapi_documents_the_api(client: AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    assert {"/api/v1/products", "/api/v1/orders", "/api/v1/cart"} <= set(schema["paths"])
    checkout = schema["paths"]["/api/v1/orders"]["post"]
    assert {"201", "409", "422"} <= set(checkout["responses"])


async def test_unknown_route_uses_the_error_shape(client: AsyncClient) -> None:
    response = await client.get("/api/v1/nowhere")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not Found"}}


async def test_validation_errors_use_the_error_shape(client: AsyncClient) -> None:
    response = await client.get("/api/v1/products", params={"size": 1000})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["details"][0]["loc"] == ["query", "size"]


async def test_unexpected_errors_are_500_with_the_error_shape(app: FastAPI) -> None:
    async def boom() -> None:
        raise RuntimeError("secret internals")

    app.add_api_route("/boom", boom)
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/boom")
    assert response.status_code == 500
    assert response.json() == {
        "error": {"code": "internal_error", "message": "An unexpected error occurred"}
    }


async def test_cors_allows_only_configured_origins(client: AsyncClient) -> None:
    allowed = await client.get("/health", headers={"Origin": "http://localhost:3000"})
    assert allowed.headers["access-control-allow-origin"] == "http://localhost:3000"
    other = await client.get("/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


async def test_an_oversized_body_is_413_with_the_error_shape(client: AsyncClient) -> None:
    body = b'{"email": "' + b"a" * (2 * 1024 * 1024) + b'"}'
    response = await client.post(
        "/api/v1/auth/register", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_entity_too_large"


async def test_an_oversized_chunked_body_is_413(client: AsyncClient) -> None:
    async def chunks():
        yield b'{"email": "'
        for _ in range(40):
            yield b"a" * 65536
        yield b'"}'

    response = await client.post(
        "/api/v1/auth/register", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"]["message"].startswith("The request body is larger than")


async def test_malformed_json_and_wrong_content_type_use_the_error_shape(
    client: AsyncClient,
) -> None:
    malformed = await client.post(
        "/api/v1/auth/register", content=b'{"oops":', headers={"Content-Type": "application/json"}
    )
    assert malformed.status_code == 422
    assert malformed.json()["error"]["code"] == "validation_error"
    plain = await client.post(
        "/api/v1/auth/register", content=b"hello", headers={"Content-Type": "text/plain"}
    )
    assert plain.status_code == 422
    assert plain.json()["error"]["code"] == "validation_error"
