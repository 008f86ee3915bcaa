import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from .factories import UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    """Throttle and login counters live in the cache: start every test from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory(username="alice")


@pytest.fixture
def other_user(db):
    return UserFactory(username="bob")


@pytest.fixture
def staff_user(db):
    return UserFactory(username="editor", is_staff=True, is_superuser=True)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def auth_client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client
