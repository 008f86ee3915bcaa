from flask.testing import FlaskClient
from sqlalchemy.exc import OperationalError


def test_health_is_ok(client: FlaskClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_ready_checks_the_database(client: FlaskClient) -> None:
    response = client.get("/ready")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"
    assert response.get_json()["checks"]["database"] == "ok"


def test_ready_is_503_when_the_database_is_down(client: FlaskClient, monkeypatch) -> None:
    def broken(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr("sqlalchemy.orm.Session.execute", broken)
    response = client.get("/ready")
    assert response.status_code == 503
    error = response.get_json()["error"]
    assert error["code"] == "service_unavailable"
    assert error["message"] == "Unavailable: database."
    assert error["details"]["database"] == "unavailable"


def test_docs_and_openapi_document(client: FlaskClient) -> None:
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").get_json()
    assert {"/tasks", "/tasks/{task_id}", "/auth/login", "/health", "/ready"} <= set(spec["paths"])
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    # Errors are documented with the same shape the API returns.
    assert "error" in spec["components"]["schemas"]["Error"]["properties"]


def test_openapi_describes_the_project(client: FlaskClient) -> None:
    spec = client.get("/openapi.json").get_json()
    assert spec["info"]["title"] != "Task API"  # the project's own name
    assert spec["info"]["description"]
    sort = next(p for p in spec["paths"]["/tasks"]["get"]["parameters"] if p["name"] == "sort")
    assert "-priority" in sort["schema"]["items"]["enum"]
    task_id = spec["paths"]["/tasks/{task_id}"]["parameters"][0]["schema"]
    assert task_id["maximum"] == 2**31 - 1
