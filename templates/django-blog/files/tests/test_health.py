import pytest
from django.db import DatabaseError
from django.test import RequestFactory

from .factories import UserFactory


def test_health_is_ok_without_database(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_ready_checks_the_database(client):
    response = client.get("/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == body["database"] == "ok"
    assert set(body) <= {"status", "database", "redis"}


def test_ready_reports_unreachable_database(client, monkeypatch):
    from django.db import connection

    def broken_cursor():
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/ready")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_server_error_handler_answers_json_under_api_and_html_elsewhere():
    from django.urls import get_resolver

    handler = get_resolver().resolve_error_handler(500)
    api = handler(RequestFactory().get("/api/posts/"))
    assert api.status_code == 500
    assert api["Content-Type"] == "application/json"
    page = handler(RequestFactory().get("/"))
    assert page.status_code == 500
    assert b"Something went wrong" in page.content


@pytest.mark.django_db
def test_context_exposes_site_name(client, settings):
    settings.SITE_NAME = "Testing Blog"
    UserFactory()
    assert b"Testing Blog" in client.get("/").content
