from io import StringIO

import pytest
from django.core.management import call_command

from .factories import PostFactory

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent():
    out = StringIO()
    call_command("seed_demo", posts=5, stdout=out)
    assert "Created 5 post(s)" in out.getvalue()
    Post = PostFactory._meta.get_model_class()
    assert Post.objects.count() == 5
    assert Post.objects.published().count() == 4
    demo_post = Post.objects.published().first()
    assert demo_post.tags.exists()
    assert demo_post.comments.filter(is_approved=False).exists()
    assert "<script" not in demo_post.body_html
    assert not demo_post.author.has_usable_password()

    out = StringIO()
    call_command("seed_demo", posts=5, stdout=out)
    assert "Created 0 post(s); 5 already existed." in out.getvalue()
    assert Post.objects.count() == 5


def test_seed_demo_writes_varied_posts_with_a_static_image():
    from django.contrib.staticfiles import finders

    call_command("seed_demo", stdout=StringIO())
    Post = PostFactory._meta.get_model_class()
    posts = list(Post.objects.all())
    assert len(posts) >= 8
    assert len({post.body for post in posts}) == len(posts)
    assert len({post.author_id for post in posts}) >= 2
    html = " ".join(post.body_html for post in posts)
    for element in ("<h2>", "<pre><code", "<blockquote>", "<table>", "<ol>", "<ul>"):
        assert element in html
    image = next(post.first_image for post in posts if post.first_image)
    assert image.startswith("/static/")
    assert finders.find(image.removeprefix("/static/")), f"{image} is not a static file"
    assert all(post.author.bio for post in posts)
