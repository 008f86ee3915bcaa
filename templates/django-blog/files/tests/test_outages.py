"""A database or Redis outage is 503 in the error shape (pages: a 503 page), and /ready says which."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from .factories import PostFactory

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    settings.REDIS_URL = DEAD_REDIS
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def refuse(*args, **kwargs):
    raise OperationalError("connection refused")


def test_database_outage_in_the_api_is_503(api_client, monkeypatch):
    from rest_framework.viewsets import ModelViewSet

    monkeypatch.setattr(ModelViewSet, "list", refuse)
    response = api_client.get(reverse("api:post-list"))
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "service_unavailable"
    assert response["Retry-After"]


def test_database_outage_on_a_page_is_a_503_page(client, monkeypatch):
    from django.views.generic import ListView

    client.raise_request_exception = False
    monkeypatch.setattr(ListView, "get", refuse)
    response = client.get(reverse("blog:post_list"))
    assert response.status_code == 503
    assert b"Temporarily unavailable" in response.content


def test_other_errors_stay_500(client, monkeypatch):
    from django.views.generic import ListView

    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    client.raise_request_exception = False
    monkeypatch.setattr(ListView, "get", broken)
    assert client.get(reverse("blog:post_list")).status_code == 500


def test_redis_outage_in_the_api_is_503(api_client, redis_down):
    PostFactory()
    response = api_client.get(reverse("api:post-list"))  # the throttle needs Redis
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "service_unavailable"


def test_redis_outage_at_login_is_a_503_page(client, user, redis_down):
    client.raise_request_exception = False
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": "x"})
    assert response.status_code == 503


def test_ready_names_redis_when_it_is_down(client, redis_down):
    response = client.get("/ready")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "redis": "unreachable"}


def test_ready_reports_redis_when_configured(client, settings):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    assert client.get("/ready").json() == {"status": "ok", "database": "ok", "redis": "ok"}
