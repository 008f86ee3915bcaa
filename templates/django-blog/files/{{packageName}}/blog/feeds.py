from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse_lazy

from .models import Post


class LatestPostsFeed(Feed[Post, None]):
    """RSS 2.0 feed of the 20 most recently published posts."""

    link = reverse_lazy("blog:post_list")
    description = "The latest published posts."

    def title(self) -> str:
        return str(settings.SITE_NAME)

    def items(self) -> QuerySet[Post]:
        return Post.objects.published().select_related("author")[:20]

    def item_title(self, item: Post) -> str:
        return item.title

    def item_description(self, item: Post) -> str:
        return item.summary

    def item_author_name(self, item: Post) -> str:
        return str(item.author)

    def item_pubdate(self, item: Post) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Post) -> datetime:
        return item.updated_at
