import hashlib
import re

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from .factories import PASSWORD, CategoryFactory, CommentFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db

POSTS = reverse("api:post-list")
COMMENTS = reverse("api:comment-list")
TOKEN = reverse("api:token")
ApiToken = apps.get_model("accounts", "ApiToken")


def post_url(post) -> str:
    return reverse("api:post-detail", kwargs={"slug": post.slug})


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


# --- reading -----------------------------------------------------------------------------


def test_list_shows_published_posts_with_total_count(api_client):
    PostFactory.create_batch(3)
    PostFactory(draft=True)
    body = api_client.get(POSTS).json()
    assert body["count"] == 3
    assert len(body["results"]) == 3
    first = body["results"][0]
    assert {"url", "title", "slug", "author", "summary", "body_html", "tags"} <= set(first)
    assert "excerpt" not in first


def test_page_size_is_capped(api_client):
    author = PostFactory().author
    PostFactory.create_batch(104, author=author, category=None)
    body = api_client.get(POSTS, {"page_size": 100}).json()
    assert body["count"] == 105
    assert len(body["results"]) == 100
    assert body["next"] is not None
    assert len(api_client.get(POSTS, {"page_size": 5}).json()["results"]) == 5


def test_author_sees_own_drafts_others_do_not(api_client, user, other_user):
    draft = PostFactory(author=user, draft=True)
    assert api_client.get(POSTS).json()["count"] == 0
    assert_error(api_client.get(post_url(draft)), 404, "not_found")
    api_client.force_authenticate(other_user)
    assert_error(api_client.get(post_url(draft)), 404, "not_found")
    api_client.force_authenticate(user)
    assert api_client.get(post_url(draft)).json()["status"] == "draft"


def test_filter_search_and_order(api_client):
    django = CategoryFactory(name="Django")
    orm = TagFactory(name="orm")
    PostFactory(title="Beta querysets", category=django, tags=[orm])
    PostFactory(title="Alpha views", category=django)
    PostFactory(title="Gamma cooking")

    def titles(**params):
        return [p["title"] for p in api_client.get(POSTS, params).json()["results"]]

    assert sorted(titles(category="django")) == ["Alpha views", "Beta querysets"]
    assert titles(tag="orm") == ["Beta querysets"]
    assert titles(search="cooking") == ["Gamma cooking"]
    assert titles(ordering="title") == ["Alpha views", "Beta querysets", "Gamma cooking"]


# --- writing -----------------------------------------------------------------------------


def test_create_requires_authentication(api_client):
    response = api_client.post(POSTS, {"title": "x", "body": "y"})
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_create_post_returns_201_with_location(auth_client, user):
    CategoryFactory(name="News")
    TagFactory(name="release")
    response = auth_client.post(
        POSTS,
        {
            "title": "Launch day",
            "body": "We <script>x()</script>**shipped**",
            "category": "news",
            "tags": ["release"],
            "status": "published",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["slug"] == "launch-day"
    assert body["author"] == "alice"
    assert body["tags"] == ["release"]
    assert body["published_at"] is not None
    assert "<script" not in body["body_html"]
    assert response["Location"].endswith(reverse("api:post-detail", kwargs={"slug": "launch-day"}))


def test_create_post_validation_error_shape(auth_client):
    error = assert_error(auth_client.post(POSTS, {"body": "no title"}), 400, "validation_error")
    assert "title" in error["details"]
    error = assert_error(
        auth_client.post(POSTS, {"title": "t", "body": "b", "category": "nope"}),
        400,
        "validation_error",
    )
    assert "category" in error["details"]


def test_author_updates_and_deletes_own_post(auth_client, user):
    post = PostFactory(author=user)
    response = auth_client.patch(post_url(post), {"title": "Renamed"})
    assert response.status_code == 200
    assert response.json()["title"] == "Renamed"
    assert auth_client.delete(post_url(post)).status_code == 204
    assert not user.posts.exists()


def test_user_cannot_change_another_users_post(auth_client, other_user):
    post = PostFactory(author=other_user, title="Theirs")
    assert_error(auth_client.patch(post_url(post), {"title": "Mine now"}), 403, "permission_denied")
    assert_error(auth_client.delete(post_url(post)), 403, "permission_denied")
    post.refresh_from_db()
    assert post.title == "Theirs"


def test_only_staff_manage_categories_and_duplicates_conflict(api_client, user, staff_user):
    url = reverse("api:category-list")
    api_client.force_authenticate(user)
    assert_error(api_client.post(url, {"name": "Python"}), 403, "permission_denied")
    api_client.force_authenticate(staff_user)
    created = api_client.post(url, {"name": "Python"})
    assert created.status_code == 201
    assert created.json()["slug"] == "python"
    assert_error(api_client.post(url, {"name": "Python"}), 409, "conflict")
    tag = api_client.post(reverse("api:tag-list"), {"name": "tips"})
    assert tag.status_code == 201
    assert api_client.get(reverse("api:tag-list")).json()["count"] == 1


# --- comments ----------------------------------------------------------------------------


def test_comment_moderation_flow(api_client, user, other_user, staff_user):
    post = PostFactory()
    api_client.force_authenticate(user)
    created = api_client.post(COMMENTS, {"post": post.slug, "body": "Nice", "is_approved": True})
    assert created.status_code == 201
    comment = created.json()
    assert comment["is_approved"] is False
    assert comment["author"] == "alice"

    assert api_client.get(COMMENTS, {"post": post.slug}).json()["count"] == 1
    api_client.force_authenticate(other_user)
    assert api_client.get(COMMENTS, {"post": post.slug}).json()["count"] == 0
    assert_error(api_client.post(comment["url"] + "approve/"), 403, "permission_denied")

    api_client.force_authenticate(staff_user)
    approved = api_client.post(comment["url"] + "approve/")
    assert approved.status_code == 200
    assert approved.json()["is_approved"] is True
    api_client.force_authenticate(None)
    assert api_client.get(COMMENTS, {"post": post.slug}).json()["count"] == 1


def test_cannot_comment_on_draft(auth_client):
    draft = PostFactory(draft=True)
    error = assert_error(
        auth_client.post(COMMENTS, {"post": draft.slug, "body": "hi"}), 400, "validation_error"
    )
    assert "post" in error["details"]


def test_comment_author_edits_others_cannot(api_client, user, other_user):
    comment = CommentFactory(author=user)
    url = reverse("api:comment-detail", kwargs={"pk": comment.pk})
    api_client.force_authenticate(other_user)
    assert_error(api_client.patch(url, {"body": "vandalised"}), 403, "permission_denied")
    api_client.force_authenticate(user)
    assert api_client.patch(url, {"body": "fixed typo"}).json()["body"] == "fixed typo"


# --- authentication and throttling -------------------------------------------------------


def test_token_login_and_token_auth(api_client, user):
    response = api_client.post(TOKEN, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    created = api_client.post(POSTS, {"title": "Via token", "body": "b"})
    assert created.status_code == 201
    assert created.json()["status"] == "draft"
    assert api_client.delete(TOKEN).status_code == 204
    assert not ApiToken.objects.filter(user=user).exists()
    assert_error(api_client.get(POSTS), 401, "authentication_failed")


def test_tokens_are_stored_as_digests_only(api_client, user):
    key = api_client.post(TOKEN, {"username": "alice", "password": PASSWORD}).json()["token"]
    stored = ApiToken.objects.get(user=user)
    assert stored.digest == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {value for value in vars(stored).values() if isinstance(value, str)}
    # Knowing the digest is not knowing the token.
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {stored.digest}")
    assert_error(api_client.get(POSTS), 401, "authentication_failed")


def test_each_client_gets_its_own_token_and_revokes_only_it(api_client, user):
    laptop = api_client.post(TOKEN, {"username": "alice", "password": PASSWORD}).json()["token"]
    phone = api_client.post(TOKEN, {"username": "alice", "password": PASSWORD}).json()["token"]
    assert laptop != phone
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {laptop}")
    assert api_client.delete(TOKEN).status_code == 204
    assert_error(api_client.get(POSTS), 401, "authentication_failed")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {phone}")
    assert api_client.get(POSTS).status_code == 200


def test_a_session_revokes_every_token_of_its_user(api_client, user):
    for _ in range(2):
        api_client.post(TOKEN, {"username": "alice", "password": PASSWORD})
    api_client.force_login(user)
    assert api_client.delete(TOKEN).status_code == 204
    assert not ApiToken.objects.filter(user=user).exists()


def test_an_inactive_users_token_is_refused(api_client, user):
    key = api_client.post(TOKEN, {"username": "alice", "password": PASSWORD}).json()["token"]
    user.is_active = False
    user.save()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert_error(api_client.get(POSTS), 401, "authentication_failed")


def test_token_revocation_requires_authentication(api_client):
    assert_error(api_client.delete(TOKEN), 401, "not_authenticated")


def test_bad_credentials_do_not_reveal_user_existence(api_client, user):
    wrong_password = api_client.post(TOKEN, {"username": "alice", "password": "nope"})
    no_such_user = api_client.post(TOKEN, {"username": "ghost", "password": "nope"})
    assert wrong_password.status_code == no_such_user.status_code == 401
    assert wrong_password.json() == no_such_user.json()
    assert_error(wrong_password, 401, "authentication_failed")
    assert wrong_password["WWW-Authenticate"] == "Token"


def test_token_request_missing_a_field_is_400(api_client):
    assert_error(api_client.post(TOKEN, {"username": "alice"}), 400, "validation_error")


def test_text_fields_refuse_numbers(api_client, user):
    api_client.force_authenticate(user)
    response = api_client.post(POSTS, {"title": 0, "body": "Body"}, format="json")
    error = assert_error(response, 400, "validation_error")
    assert "title" in error["details"]


@pytest.mark.parametrize(
    "payload",
    [
        {"title": "t", "body": "b", "tags": [0]},
        {"title": "t", "body": "b", "category": 0},
        {"title": "t", "body": "b", "category": ""},
        {"title": "t", "body": "b", "tags": [""]},
        {"title": "t", "body": "b", "tags": {}},
        {"title": "t", "body": "b", "tags": "0"},
    ],
)
def test_slug_references_must_be_non_empty_strings(api_client, user, payload):
    # The schema says minLength 1 strings; DRF alone reads "" as null and 0 as "0".
    CategoryFactory(name="0", slug="0")
    TagFactory(name="0", slug="0")
    api_client.force_authenticate(user)
    error = assert_error(api_client.post(POSTS, payload, format="json"), 400, "validation_error")
    assert set(error["details"]) & {"tags", "category"}


def test_empty_comment_post_reference_is_400(api_client, user):
    api_client.force_authenticate(user)
    response = api_client.post(COMMENTS, {"post": "", "body": "hi"}, format="json")
    assert "post" in assert_error(response, 400, "validation_error")["details"]


def test_body_over_the_limit_is_413_in_the_error_shape(api_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    payload = '{"username": "%s", "password": "x"}' % ("a" * 2048)
    response = api_client.post(TOKEN, payload, content_type="application/json")
    assert_error(response, 413, "payload_too_large")


def test_schema_documents_json_bodies_and_nul_free_parameters(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    post = schema["paths"]["/api/posts/"]["post"]
    assert set(post["requestBody"]["content"]) == {"application/json"}
    search = next(
        p for p in schema["paths"]["/api/posts/"]["get"]["parameters"] if p["name"] == "search"
    )
    assert search["schema"]["pattern"] == "^[^\\u0000]*$"
    page_size = next(
        p for p in schema["paths"]["/api/posts/"]["get"]["parameters"] if p["name"] == "page_size"
    )
    assert page_size["schema"]["maximum"] == 100


def test_token_endpoint_is_throttled(api_client, user):
    for _ in range(5):
        assert api_client.post(TOKEN, {"username": "alice", "password": "nope"}).status_code == 401
    response = api_client.post(TOKEN, {"username": "alice", "password": PASSWORD})
    assert_error(response, 429, "throttled")
    assert "Retry-After" in response


def test_unknown_api_path_returns_json_404(api_client):
    assert_error(api_client.get("/api/nothing-here/"), 404, "not_found")


# --- schema ------------------------------------------------------------------------------


def test_openapi_schema_and_docs(api_client):
    schema = api_client.get(reverse("api:schema"), {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/posts/" in paths
    assert "/api/comments/{id}/approve/" in paths
    assert api_client.get(reverse("api:docs")).status_code == 200


# --- moderation --------------------------------------------------------------------------


def test_author_edit_sends_approved_comment_back_to_moderation(api_client, user, other_user):
    comment = CommentFactory(author=user, is_approved=True)
    url = reverse("api:comment-detail", kwargs={"pk": comment.pk})
    api_client.force_authenticate(user)
    response = api_client.patch(url, {"body": "BUY CHEAP PILLS"})
    assert response.status_code == 200
    assert response.json()["is_approved"] is False
    api_client.force_authenticate(other_user)
    assert api_client.get(url).status_code == 404  # hidden again until approved


def test_staff_edit_keeps_approval(api_client, staff_user):
    comment = CommentFactory(author=staff_user, is_approved=True)
    api_client.force_authenticate(staff_user)
    url = reverse("api:comment-detail", kwargs={"pk": comment.pk})
    assert api_client.patch(url, {"body": "typo fixed"}).json()["is_approved"] is True


def test_staff_can_delete_any_comment(api_client, staff_user, other_user):
    comment = CommentFactory()
    url = reverse("api:comment-detail", kwargs={"pk": comment.pk})
    api_client.force_authenticate(other_user)
    assert_error(api_client.delete(url), 403, "permission_denied")
    api_client.force_authenticate(staff_user)
    assert api_client.delete(url).status_code == 204
    assert api_client.get(url).status_code == 404


# --- schema and docs ---------------------------------------------------------------------


def test_schema_documents_error_responses(api_client):
    schema = api_client.get(reverse("api:schema"), {"format": "json"}).json()
    list_posts = schema["paths"]["/api/posts/"]["get"]["responses"]
    assert {"200", "400", "401", "404", "429", "503"} <= set(list_posts)
    create_post = schema["paths"]["/api/posts/"]["post"]["responses"]
    assert {"201", "400", "401", "403", "409", "415"} <= set(create_post)
    error = list_posts["400"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}


@pytest.mark.parametrize("path", ["/api/categories/", "/api/tags/", "/api/posts/"])
def test_schema_marks_public_reads_as_needing_no_auth(api_client, path):
    schema = api_client.get(reverse("api:schema"), {"format": "json"}).json()
    assert {} in schema["paths"][path]["get"]["security"]
    assert {} not in schema["paths"][path]["post"]["security"]


@pytest.mark.parametrize("name", ["api:docs", "api:redoc"])
def test_docs_pages_load_their_assets_from_this_site(api_client, name):
    page = api_client.get(reverse(name)).content.decode()
    assert "cdn." not in page
    assert "fonts.googleapis" not in page
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets
    for asset in assets:
        assert asset.startswith("/"), asset
        assert not asset.startswith("//"), asset
        assert api_client.get(asset).status_code == 200, asset


def test_docs_scripts_ask_no_third_party_for_anything(api_client):
    # ReDoc's bundle shows Redocly's logo from their CDN; Swagger UI asks validator.swagger.io
    # for a badge on any host but localhost.
    redoc = api_client.get(reverse("api:redoc-js")).content
    assert b"Redoc" in redoc
    assert b"cdn.redoc.ly" not in redoc
    assert '"validatorUrl": null' in api_client.get(reverse("api:docs")).content.decode()


def test_docs_assets_are_served(client):
    response = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert response.status_code == 200


def test_tokens_expire_and_a_new_login_issues_a_fresh_one(api_client, user, settings):
    from datetime import timedelta

    from django.utils import timezone

    old = api_client.post(TOKEN, {"username": "alice", "password": PASSWORD}).json()["token"]
    expired = timezone.now() - timedelta(seconds=settings.API_TOKEN_TTL_SECONDS + 1)
    ApiToken.objects.filter(digest=ApiToken.digest_of(old)).update(created=expired)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert_error(api_client.get(POSTS), 401, "authentication_failed")
    assert not ApiToken.objects.filter(digest=ApiToken.digest_of(old)).exists()
    api_client.credentials()
    stale = ApiToken.objects.create(user=user, digest="0" * 64, created=expired)
    fresh = api_client.post(TOKEN, {"username": "alice", "password": PASSWORD}).json()["token"]
    assert fresh != old
    # Issuing a token clears the user's expired ones.
    assert not ApiToken.objects.filter(pk=stale.pk).exists()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {fresh}")
    assert api_client.get(POSTS).status_code == 200


def test_unknown_api_route_is_json_even_with_debug_on(api_client, settings):
    # With DEBUG on, Django answers an unmatched URL with its own HTML page, not handler404.
    settings.DEBUG = True
    assert_error(api_client.get("/api/no-such-route/"), 404, "not_found")
    assert_error(api_client.get("/api/posts/1/nothing-here/"), 404, "not_found")
    # Writes with a session cookie get the same JSON 404, not Django's CSRF failure page.
    strict = Client(enforce_csrf_checks=True)
    strict.cookies["sessionid"] = "x"
    for method in (strict.post, strict.put, strict.delete):
        assert_error(method("/api/comments/0.5/approve/"), 404, "not_found")
    # The catch-all takes only paths ending in "/": APPEND_SLASH still redirects the rest.
    assert api_client.get("/api/posts").status_code == 301
