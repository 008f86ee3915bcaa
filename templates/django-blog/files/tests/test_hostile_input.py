"""Hostile input gets a 4xx in the one error shape (HTML pages: a 4xx page), never a 5xx.

Run with DATABASE_URL pointing at PostgreSQL to prove it there too: PostgreSQL
rejects NUL characters and integers beyond its column types where SQLite does not.
"""

import json

import pytest
from django.urls import reverse

from .factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

POSTS = reverse("api:post-list")
COMMENTS = reverse("api:comment-list")
BEYOND_INT64 = "9" * 25


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    if code:
        assert body["error"]["code"] == code
    return body["error"]


@pytest.mark.parametrize(
    "path",
    [
        f"/api/comments/{2**31}/",
        f"/api/comments/{BEYOND_INT64}/",
        f"/api/posts/{BEYOND_INT64}/",
        f"/api/posts/?page={BEYOND_INT64}",
    ],
)
def test_out_of_range_ids_and_pages_are_404(api_client, path):
    PostFactory()
    assert_error(api_client.get(path), 404, "not_found")


@pytest.mark.parametrize(
    "query",
    [
        "page=",
        "page=0",
        "page=-1",
        "page=1.5",
        "page=abc",
        "page_size=false",
        "page_size=0",
        "page_size=101",  # above the schema's maximum: refused, not silently capped
    ],
)
def test_malformed_pagination_is_400(api_client, query):
    error = assert_error(api_client.get(f"{POSTS}?{query}"), 400, "validation_error")
    assert set(error["details"]) & {"page", "page_size"}


def test_page_size_at_the_maximum_and_valid_values_work(api_client):
    PostFactory.create_batch(3)
    body = api_client.get(f"{POSTS}?page_size=100&page=1").json()
    assert body["count"] == 3
    assert len(body["results"]) == 3


@pytest.mark.parametrize("value", ["-1", "maybe", "2"])
def test_invalid_boolean_filter_is_400(api_client, value):
    error = assert_error(api_client.get(f"{COMMENTS}?is_approved={value}"), 400)
    assert "is_approved" in error["details"]


def test_boolean_filter_accepts_true_and_false(api_client, staff_user):
    CommentFactory(is_approved=True)
    CommentFactory(is_approved=False)
    api_client.force_authenticate(staff_user)
    assert api_client.get(f"{COMMENTS}?is_approved=false").json()["count"] == 1
    assert api_client.get(f"{COMMENTS}?is_approved=true").json()["count"] == 1


@pytest.mark.parametrize(
    "path",
    [
        "/api/posts/a%00b/",
        "/api/posts/?search=a%00",
        "/api/comments/?post=%00",
        "/api/posts/?ordering=%00",
    ],
)
def test_nul_in_api_url_is_400(api_client, path):
    assert_error(api_client.get(path), 400, "bad_request")


@pytest.mark.parametrize("path", ["/search/?q=a%00b", "/posts/a%00b/", "/?page=%00"])
def test_nul_in_page_url_is_a_400_page(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert b"NUL" in response.content


@pytest.mark.parametrize(
    "payload",
    [
        {"title": "a\x00b", "body": "x"},
        {"title": "ok", "body": "x", "tags": ["a\x00"]},
        {"title": "ok", "body": "x", "category": "\x00"},
        {"title": "ok", "body": "x", "x\x00": 1},
    ],
)
def test_nul_in_json_is_400(auth_client, payload):
    response = auth_client.post(POSTS, json.dumps(payload), content_type="application/json")
    assert_error(response, 400, "parse_error")


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (reverse("api:token"), '{"username": "\\ud800", "password": "x"}'),
        (POSTS, '{"title": "ok", "body": "x", "status": "\\ud800"}'),
        (POSTS, '{"title": "ok", "body": "x", "\\udfff": 1}'),
    ],
)
def test_lone_surrogate_in_json_is_400(auth_client, path, body):
    # json.loads turns the escape into a str that has no UTF-8 form: it must not reach
    # the cache key or the database driver (500).
    assert_error(auth_client.post(path, body, content_type="application/json"), 400, "parse_error")


def test_nul_in_comment_post_reference_is_400(auth_client):
    payload = json.dumps({"post": "a\x00", "body": "hi"})
    assert_error(auth_client.post(COMMENTS, payload, content_type="application/json"), 400)


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,  # exhausts the parser's recursion
        '{"title": "t", "body": "b", "tags": ' + "[" * 40 + "]" * 40 + "}",  # too deep
        '{"title": NaN, "body": "b"}',
        b'{"title": "\xff\xfe"}',
        "[1, 2, 3]",
        "not json",
    ],
)
def test_malformed_json_is_400(auth_client, body):
    response = auth_client.post(POSTS, body, content_type="application/json")
    assert_error(response, 400)


def test_nulls_and_huge_strings_are_validation_errors(auth_client):
    nulls = auth_client.post(POSTS, {"title": None, "body": None}, format="json")
    assert set(assert_error(nulls, 400, "validation_error")["details"]) == {"title", "body"}
    huge = auth_client.post(POSTS, {"title": "x" * 100_000, "body": "b"}, format="json")
    assert "title" in assert_error(huge, 400, "validation_error")["details"]


def test_token_endpoint_rejects_non_object_json(api_client):
    response = api_client.post(reverse("api:token"), "[1]", content_type="application/json")
    assert_error(response, 400)


@pytest.mark.parametrize("content_type", ["form", "multipart"])
def test_nul_in_form_bodies_is_400(auth_client, content_type):
    data = {"title": "ok", "body": "x", "category": "a\x00b"}
    if content_type == "form":
        from urllib.parse import urlencode

        response = auth_client.post(
            POSTS, urlencode(data), content_type="application/x-www-form-urlencoded"
        )
    else:
        response = auth_client.post(POSTS, data, format="multipart")
    assert_error(response, 400, "parse_error")


def test_schema_bounds_page_parameters(api_client):
    schema = api_client.get(reverse("api:schema"), {"format": "json"}).json()
    parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/posts/"]["get"]["parameters"]
    }
    assert parameters["page"]["minimum"] == 1
    assert parameters["page_size"] == {"type": "integer", "minimum": 1, "maximum": 100}
