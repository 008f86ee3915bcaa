"""What a visitor sees on the HTML pages: the site's name, link previews, author pages,
reading time, accessible forms, the dashboard and the editor's preview."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from .factories import CommentFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db


def meta(content: bytes, key: str) -> str | None:
    """The content of <meta property|name="key">, as the page's HTML has it."""
    match = re.search(
        rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', content.decode()
    )
    return match.group(1) if match else None


@pytest.mark.parametrize(
    "name",
    [
        "accounts:login",
        "accounts:register",
        "accounts:password_reset",
        "blog:post_list",
    ],
)
def test_every_page_shows_the_site_name_not_the_host(client, name):
    # Django's login and password views put the request's host into the context as
    # "site_name"; the pages must show the configured name instead.
    content = client.get(reverse(name)).content.decode()
    title = re.search(r"<title>(.*?)</title>", content, re.S)
    assert title
    assert settings.SITE_NAME in title.group(1)
    assert f"<span>{settings.SITE_NAME}</span>" in content
    assert "testserver" not in title.group(1)
    assert "<span>testserver</span>" not in content


def test_post_page_has_opengraph_and_twitter_tags(client):
    post = PostFactory(
        title="Fish & chips",
        excerpt="Salt & vinegar",
        body="Intro\n\n![Plate](/static/plate.png)",
    )
    post.tags.add(TagFactory(name="food"))
    content = client.get(post.get_absolute_url()).content
    assert meta(content, "og:type") == "article"
    assert meta(content, "og:title") == "Fish &amp; chips"  # escaped once, not "&amp;amp;"
    assert meta(content, "og:description") == "Salt &amp; vinegar"
    assert meta(content, "og:image") == "http://testserver/static/plate.png"
    assert meta(content, "og:url") == f"http://testserver{post.get_absolute_url()}"
    assert meta(content, "og:site_name") == settings.SITE_NAME
    assert meta(content, "article:tag") == "food"
    assert meta(content, "twitter:card") == "summary_large_image"
    assert meta(content, "twitter:title") == "Fish &amp; chips"
    assert b"&amp;amp;" not in content


def test_post_without_a_picture_gets_a_small_card_and_no_image(client):
    content = client.get(PostFactory(body="Only words.").get_absolute_url()).content
    assert meta(content, "twitter:card") == "summary"
    assert meta(content, "og:image") is None
    assert meta(content, "og:description") == "Only words."


def test_home_page_describes_the_site_for_link_previews(client):
    content = client.get(reverse("blog:post_list")).content
    assert meta(content, "og:type") == "website"
    assert meta(content, "og:title") == settings.SITE_NAME
    assert meta(content, "description")


def test_cards_and_post_show_reading_time_and_link_the_author(client):
    author = UserFactory(username="maya", first_name="Maya", last_name="Okafor")
    post = PostFactory(author=author, body="word " * 450)
    author_url = reverse("blog:author", kwargs={"username": "maya"})
    for url in (reverse("blog:post_list"), post.get_absolute_url()):
        content = client.get(url).content.decode()
        assert "3 min read" in content
        assert f'href="{author_url}"' in content


def test_author_page_lists_their_published_posts_and_bio(client):
    author = UserFactory(username="maya", bio="Writes about databases & queries.")
    PostFactory(author=author, title="Her published post")
    PostFactory(author=author, title="Her draft", draft=True)
    PostFactory(title="Someone else's post")
    response = client.get(reverse("blog:author", kwargs={"username": "maya"}))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Her published post" in content
    assert "Her draft" not in content
    assert "Someone else&#x27;s post" not in content
    assert "Writes about databases &amp; queries." in content
    assert "1 published post" in content
    assert meta(response.content, "og:type") == "profile"


def test_author_page_does_not_reveal_users_without_published_posts(client):
    UserFactory(username="quiet")
    PostFactory(author=UserFactory(username="drafter"), draft=True)
    for username in ("quiet", "drafter", "nobody-at-all"):
        assert client.get(reverse("blog:author", kwargs={"username": username})).status_code == 404


def test_forms_label_every_field_and_describe_help_and_errors(client):
    response = client.post(
        reverse("accounts:register"),
        {"username": "", "email": "not-an-email", "password1": "x", "password2": "y"},
    )
    content = response.content.decode()
    for field in ("username", "email", "password1", "password2"):
        assert f'<label for="id_{field}">' in content
    # The e-mail error is announced with the field: aria-invalid and aria-describedby.
    email = re.search(r"<input[^>]*name=\"email\"[^>]*>", content)
    assert email
    assert 'aria-invalid="true"' in email.group(0)
    assert 'aria-describedby="id_email_error"' in email.group(0)
    assert 'id="id_email_error"' in content
    assert 'id="id_username_helptext"' in content
    assert "<p><label" not in content  # no bare form.as_p


def test_comment_form_is_labelled(client, user):
    post = PostFactory()
    client.force_login(user)
    content = client.get(post.get_absolute_url()).content.decode()
    assert '<label for="id_body">Your comment</label>' in content


def test_dashboard_counts_posts_and_comments(client, user):
    published = PostFactory(author=user)
    PostFactory(author=user, draft=True)
    PostFactory(author=user, draft=True)
    CommentFactory(post=published, is_approved=True)
    CommentFactory(post=published, is_approved=False)
    CommentFactory(post=PostFactory(), is_approved=False)  # someone else's post
    client.force_login(user)
    response = client.get(reverse("blog:dashboard"))
    assert response.context["stats"] == {"published": 1, "drafts": 2, "approved": 1, "pending": 1}
    assert reverse("blog:author", kwargs={"username": user.username}) in response.content.decode()


def test_dashboard_without_published_posts_does_not_link_a_missing_author_page(client, user):
    client.force_login(user)
    content = client.get(reverse("blog:dashboard")).content.decode()
    assert reverse("blog:author", kwargs={"username": user.username}) not in content
    assert "You have not written anything yet." in content


def test_editor_prefills_tags_and_offers_existing_ones(client, user):
    post = PostFactory(author=user)
    post.tags.add(TagFactory(name="orm"), TagFactory(name="testing"))
    TagFactory(name="security")
    client.force_login(user)
    response = client.get(reverse("blog:post_update", kwargs={"slug": post.slug}))
    form = response.context["form"]
    assert form["tag_names"].value() == "orm, testing"
    assert 'data-tag="security"' in response.content.decode()


def test_editing_tags_replaces_them_and_creates_new_ones(client, user):
    post = PostFactory(author=user)
    post.tags.add(TagFactory(name="orm"))
    client.force_login(user)
    response = client.post(
        reverse("blog:post_update", kwargs={"slug": post.slug}),
        {
            "title": post.title,
            "body": post.body,
            "status": "published",
            "tag_names": "ORM, brand new",
        },
    )
    assert response.status_code == 302
    assert sorted(tag.name for tag in post.tags.all()) == ["brand new", "orm"]


def test_markdown_preview_renders_and_sanitises_like_a_saved_post(client, user):
    client.force_login(user)
    url = reverse("blog:markdown_preview")
    response = client.post(url, {"body": "## Hi & bye\n\n<script>alert(1)</script>**bold**"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h2>Hi &amp; bye</h2>" in html
    assert "<strong>bold</strong>" in html
    assert "<script" not in html


def test_markdown_preview_needs_a_signed_in_post(client, user):
    url = reverse("blog:markdown_preview")
    assert client.post(url, {"body": "x"}).status_code == 302  # to the login page
    client.force_login(user)
    assert client.get(url).status_code == 405
    assert client.post(url, {"body": "x" * 100_001}).status_code == 400


def test_editor_page_loads_its_script_from_the_site(client, user):
    client.force_login(user)
    content = client.get(reverse("blog:post_create")).content.decode()
    assert 'src="/static/js/editor.js"' in content
    assert 'data-preview-url="/dashboard/preview/"' in content
    assert "http://" not in re.sub(r'content="[^"]*"', "", content).replace("http://testserver", "")
