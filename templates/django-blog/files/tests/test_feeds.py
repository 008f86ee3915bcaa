import pytest
from django.urls import reverse

from .factories import PostFactory

pytestmark = pytest.mark.django_db


def test_rss_feed_lists_published_posts(client):
    PostFactory(title="In the feed", excerpt="Short summary")
    PostFactory(title="Draft not in feed", draft=True)
    response = client.get(reverse("feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert b"<title>In the feed</title>" in response.content
    assert b"Short summary" in response.content
    assert b"Draft not in feed" not in response.content


def test_sitemap_lists_published_posts(client):
    live = PostFactory(title="Mapped")
    draft = PostFactory(title="Unmapped", draft=True)
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    assert live.get_absolute_url().encode() in response.content
    assert live.category.get_absolute_url().encode() in response.content
    assert draft.get_absolute_url().encode() not in response.content


def test_ampersand_is_escaped_once_in_the_feed(client):
    PostFactory(title="Salt & pepper", body="Fish & chips, *really*.")
    content = client.get(reverse("feed")).content
    assert b"Fish &amp; chips" in content
    assert b"Salt &amp; pepper" in content
    assert b"&amp;amp;" not in content
