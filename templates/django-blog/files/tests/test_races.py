"""Concurrent writes that collide on a unique value: one winner each, never a 500."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import IntegrityError, connection, connections
from django.urls import reverse
from rest_framework.test import APIClient

from .factories import PostFactory, UserFactory

POSTS = reverse("api:post-list")


@pytest.mark.django_db
def test_slug_taken_between_check_and_insert_gets_a_suffix(user, monkeypatch):
    """The lost race, made deterministic: the free-slug check says "hello", which is taken."""
    from django.apps import apps

    post_model = apps.get_model("blog", "Post")
    models_module = __import__(post_model.__module__, fromlist=["unique_slug"])
    PostFactory(title="Hello", author=user)
    real = models_module.unique_slug
    stale = iter(["hello"])
    monkeypatch.setattr(
        models_module, "unique_slug", lambda *a, **k: next(stale, None) or real(*a, **k)
    )
    post = post_model.objects.create(title="Hello", author=user, body="x")
    assert post.slug == "hello-2"


@pytest.mark.django_db
def test_integrity_error_in_the_api_is_409(api_client, staff_user, monkeypatch):
    from rest_framework.mixins import CreateModelMixin

    def lose_the_race(self, serializer):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(CreateModelMixin, "perform_create", lose_the_race)
    api_client.force_authenticate(staff_user)
    response = api_client.post(reverse("api:tag-list"), {"name": "late"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_with_one_title_all_succeed(settings):
    if connection.vendor == "sqlite":
        pytest.skip("needs a server database (set DATABASE_URL to PostgreSQL)")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    author = UserFactory(username="racer")
    writers = 8
    barrier = threading.Barrier(writers)

    def create(_: int) -> int:
        client = APIClient()
        client.force_authenticate(author)
        try:
            barrier.wait(timeout=10)
            return client.post(POSTS, {"title": "Same title", "body": "b"}).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=writers) as pool:
        statuses = list(pool.map(create, range(writers)))
    assert statuses == [201] * writers
    from django.apps import apps

    slugs = set(apps.get_model("blog", "Post").objects.values_list("slug", flat=True))
    assert len(slugs) == writers
    assert "same-title" in slugs
