from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from .factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def run_action(client, changelist: str, action: str, objects) -> None:
    response = client.post(
        reverse(changelist),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
        follow=True,
    )
    assert response.status_code == 200


def test_bulk_publish_keeps_scheduled_dates(client, staff_user):
    client.force_login(staff_user)
    draft = PostFactory(draft=True)
    scheduled_at = timezone.now() + timedelta(days=3)
    scheduled = PostFactory(status="draft", published_at=scheduled_at)
    run_action(client, "admin:blog_post_changelist", "publish_posts", [draft, scheduled])
    draft.refresh_from_db()
    scheduled.refresh_from_db()
    assert draft.status == scheduled.status == "published"
    assert draft.is_published
    assert scheduled.published_at == scheduled_at


def test_bulk_unpublish(client, staff_user):
    client.force_login(staff_user)
    post = PostFactory()
    run_action(client, "admin:blog_post_changelist", "unpublish_posts", [post])
    post.refresh_from_db()
    assert post.status == "draft"


def test_bulk_approve_comments(client, staff_user):
    client.force_login(staff_user)
    pending = CommentFactory.create_batch(2, is_approved=False)
    run_action(client, "admin:blog_comment_changelist", "approve_comments", pending)
    for comment in pending:
        comment.refresh_from_db()
        assert comment.is_approved


@pytest.mark.parametrize(
    "name",
    [
        "admin:blog_post_changelist",
        "admin:blog_post_add",
        "admin:blog_comment_changelist",
        "admin:blog_category_changelist",
        "admin:blog_tag_changelist",
    ],
)
def test_admin_pages_load(client, staff_user, name):
    PostFactory()
    client.force_login(staff_user)
    params = {"q": "post"} if name.endswith("changelist") else {}
    assert client.get(reverse(name), params).status_code == 200


def test_comment_list_shows_the_text_and_can_hide_comments(client, staff_user):
    client.force_login(staff_user)
    comment = CommentFactory(body="A very specific remark", is_approved=True)
    page = client.get(reverse("admin:blog_comment_changelist"))
    assert b"A very specific remark" in page.content
    run_action(client, "admin:blog_comment_changelist", "unapprove_comments", [comment])
    comment.refresh_from_db()
    assert not comment.is_approved
