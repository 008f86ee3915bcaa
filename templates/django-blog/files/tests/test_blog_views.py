import re

import pytest
from django.urls import reverse

from .factories import CategoryFactory, CommentFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db


def test_list_shows_published_posts_only(client):
    PostFactory(title="Live post")
    PostFactory(title="Secret draft", draft=True)
    response = client.get(reverse("blog:post_list"))
    assert response.status_code == 200
    assert b"Live post" in response.content
    assert b"Secret draft" not in response.content


def test_list_is_paginated(client, settings):
    PostFactory.create_batch(settings.BLOG_PAGE_SIZE + 3)
    first = client.get(reverse("blog:post_list"))
    assert len(first.context["posts"]) == settings.BLOG_PAGE_SIZE
    assert first.context["page_obj"].paginator.num_pages == 2
    second = client.get(reverse("blog:post_list"), {"page": 2})
    assert len(second.context["posts"]) == 3
    assert client.get(reverse("blog:post_list"), {"page": 99}).status_code == 404


def test_detail_of_published_post(client):
    post = PostFactory(title="Readable", body="Some *emphasis*.")
    CommentFactory(post=post, body="Great read", is_approved=True)
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert b"<em>emphasis</em>" in response.content
    assert b"Great read" in response.content


def test_script_in_body_never_reaches_the_page(client):
    post = PostFactory(body='Hello <script>alert("xss")</script><img src=x onerror="alert(2)">')
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert b'alert("xss")' not in response.content
    assert b"onerror" not in response.content


def test_title_is_escaped(client):
    post = PostFactory(title="<b>bold</b> title")
    response = client.get(post.get_absolute_url())
    assert b"&lt;b&gt;bold&lt;/b&gt; title" in response.content


def test_draft_is_hidden_from_public_and_other_users(client, user, other_user):
    draft = PostFactory(author=user, draft=True)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(other_user)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_author_can_preview_own_draft(client, user):
    draft = PostFactory(author=user, draft=True, title="Work in progress")
    client.force_login(user)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert b"only you can see this" in response.content


def test_category_and_tag_pages(client):
    python = CategoryFactory(name="Python")
    orm = TagFactory(name="orm")
    PostFactory(title="In Python", category=python, tags=[orm])
    PostFactory(title="Elsewhere")
    by_category = client.get(reverse("blog:category", kwargs={"slug": "python"}))
    assert [p.title for p in by_category.context["posts"]] == ["In Python"]
    by_tag = client.get(reverse("blog:tag", kwargs={"slug": "orm"}))
    assert [p.title for p in by_tag.context["posts"]] == ["In Python"]
    assert client.get(reverse("blog:tag", kwargs={"slug": "missing"})).status_code == 404


def test_search(client):
    PostFactory(title="Django signals explained")
    PostFactory(title="Cooking", body="Nothing about frameworks")
    PostFactory(title="Hidden Django draft", draft=True)
    response = client.get(reverse("blog:search"), {"q": "django"})
    assert [p.title for p in response.context["posts"]] == ["Django signals explained"]
    empty = client.get(reverse("blog:search"))
    assert list(empty.context["posts"]) == []


def test_comment_requires_login(client):
    post = PostFactory()
    response = client.post(reverse("blog:add_comment", kwargs={"slug": post.slug}), {"body": "x"})
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert post.comments.count() == 0


def test_new_comment_awaits_moderation(client, user, other_user, staff_user):
    post = PostFactory()
    client.force_login(user)
    url = reverse("blog:add_comment", kwargs={"slug": post.slug})
    response = client.post(url, {"body": "First!"}, follow=True)
    comment = post.comments.get()
    assert comment.author == user
    assert not comment.is_approved
    assert b"Awaiting moderation" in response.content

    client.force_login(other_user)
    assert b"First!" not in client.get(post.get_absolute_url()).content
    client.logout()
    assert b"First!" not in client.get(post.get_absolute_url()).content
    client.force_login(staff_user)
    assert b"First!" in client.get(post.get_absolute_url()).content

    comment.is_approved = True
    comment.save()
    client.logout()
    assert b"First!" in client.get(post.get_absolute_url()).content


def test_empty_comment_is_rejected(client, user):
    post = PostFactory()
    client.force_login(user)
    client.post(reverse("blog:add_comment", kwargs={"slug": post.slug}), {"body": ""})
    assert post.comments.count() == 0


def test_dashboard_requires_login(client):
    response = client.get(reverse("blog:dashboard"))
    assert response.status_code == 302


def test_dashboard_lists_only_own_posts(client, user, other_user):
    PostFactory(author=user, title="Mine", draft=True)
    PostFactory(author=other_user, title="Theirs")
    client.force_login(user)
    response = client.get(reverse("blog:dashboard"))
    assert [p.title for p in response.context["posts"]] == ["Mine"]


def test_author_creates_post(client, user):
    category = CategoryFactory()
    tag = TagFactory()
    client.force_login(user)
    response = client.post(
        reverse("blog:post_create"),
        {
            "title": "Fresh post",
            "category": category.pk,
            "tag_names": tag.name,
            "body": "Hello **world**",
            "status": "published",
        },
    )
    post = user.posts.get()
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    assert post.slug == "fresh-post"
    assert post.published_at is not None
    assert list(post.tags.all()) == [tag]


def test_author_edits_own_post(client, user):
    post = PostFactory(author=user)
    client.force_login(user)
    url = reverse("blog:post_update", kwargs={"slug": post.slug})
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Edited", "body": "New body", "status": "draft"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Edited"
    assert post.status == "draft"


def test_user_cannot_edit_or_delete_another_users_post(client, user, other_user):
    post = PostFactory(author=other_user, title="Not yours")
    client.force_login(user)
    edit = reverse("blog:post_update", kwargs={"slug": post.slug})
    delete = reverse("blog:post_delete", kwargs={"slug": post.slug})
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"title": "Hacked", "body": "x", "status": "draft"}).status_code == 404
    assert client.post(delete).status_code == 404
    post.refresh_from_db()
    assert post.title == "Not yours"


def test_author_deletes_own_post(client, user):
    post = PostFactory(author=user)
    client.force_login(user)
    url = reverse("blog:post_delete", kwargs={"slug": post.slug})
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert not user.posts.exists()


def test_unknown_page_uses_html_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_ampersand_in_summary_is_escaped_once_on_the_page(client):
    PostFactory(title="Food", body="Fish & chips", excerpt="")
    content = client.get(reverse("blog:post_list")).content
    assert b"Fish &amp; chips" in content
    assert b"&amp;amp;" not in content


def test_author_creates_new_tags_from_the_post_form(client, user):
    from django.apps import apps

    tag_model = apps.get_model("blog", "Tag")
    tag_model.objects.create(name="Django")
    client.force_login(user)
    response = client.post(
        reverse("blog:post_create"),
        {
            "title": "Tagged",
            "body": "Body",
            "status": "draft",
            "tag_names": "django, Testing,  testing , Deploy  now",
        },
    )
    assert response.status_code == 302
    post = apps.get_model("blog", "Post").objects.get(title="Tagged")
    assert sorted(tag.name for tag in post.tags.all()) == ["Deploy now", "Django", "Testing"]
    assert tag_model.objects.count() == 3


def test_too_many_new_tags_is_a_form_error(client, user):
    client.force_login(user)
    names = ", ".join(f"t{n}" for n in range(11))
    response = client.post(
        reverse("blog:post_create"),
        {"title": "T", "body": "B", "status": "draft", "tag_names": names},
    )
    assert response.status_code == 200
    assert "tag_names" in response.context["form"].errors


def test_pages_link_an_icon_that_is_served(client):
    # Without a linked icon a browser asks for /favicon.ico, a 404 on every first visit.
    page = client.get(reverse("blog:post_list")).content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', page)
    assert icon
    assert client.get(icon.group(1)).status_code == 200
