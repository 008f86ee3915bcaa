from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from .models import Category, Post


class PostSitemap(Sitemap[Post]):
    changefreq = "weekly"
    priority = 0.8

    def items(self) -> QuerySet[Post]:
        return Post.objects.published()

    def lastmod(self, item: Post) -> datetime:
        return item.updated_at


class CategorySitemap(Sitemap[Category]):
    changefreq = "weekly"
    priority = 0.5

    def items(self) -> QuerySet[Category]:
        return Category.objects.all()


class StaticSitemap(Sitemap[str]):
    priority = 1.0
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["blog:post_list"]

    def location(self, item: str) -> str:
        return reverse(item)


sitemaps: dict[str, type[Sitemap[Any]]] = {
    "static": StaticSitemap,
    "posts": PostSitemap,
    "categories": CategorySitemap,
}
