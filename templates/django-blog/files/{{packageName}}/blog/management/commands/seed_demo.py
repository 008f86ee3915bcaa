"""``python manage.py seed_demo``: sample authors, categories, tags, posts and comments.

Safe to run twice: existing rows are reused. The demo authors cannot log in (no
usable password); sign in with your own ``createsuperuser`` account instead.
"""

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.templatetags.static import static
from django.utils import timezone

from ...models import Category, Comment, Post, Tag
from ..demo_posts import AUTHORS, CATEGORIES, POSTS

IMAGE = "blog/demo/request-flow.svg"


class Command(BaseCommand):
    help = "Create sample authors, categories, tags, posts and comments."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--posts",
            type=int,
            default=len(POSTS),
            choices=range(1, len(POSTS) + 1),
            metavar=f"1..{len(POSTS)}",
            help=f"How many of the sample posts (default all {len(POSTS)}).",
        )

    @transaction.atomic
    def handle(self, *args: Any, posts: int, **options: Any) -> None:
        authors: dict[str, Any] = {}
        for person in AUTHORS:
            author, created = get_user_model().objects.get_or_create(
                username=person["username"],
                defaults={**person, "email": f"{person['username']}@example.com"},
            )
            if created:
                author.set_unusable_password()
                author.save(update_fields=["password"])
            authors[person["username"]] = author
        readers = list(authors.values())

        categories = {name: Category.objects.get_or_create(name=name)[0] for name in CATEGORIES}
        now = timezone.now()
        made = 0
        for n, spec in enumerate(POSTS[:posts]):
            post, was_created = Post.objects.get_or_create(
                title=spec["title"],
                defaults={
                    "author": authors[spec["author"]],
                    "category": categories[spec["category"]],
                    "excerpt": spec["excerpt"],
                    "body": spec["body"].replace("{image}", static(IMAGE)),
                    "status": Post.Status.DRAFT if spec["draft"] else Post.Status.PUBLISHED,
                    # The first post is the newest, so the home page opens on it.
                    "published_at": None if spec["draft"] else now - timedelta(days=3 * n, hours=2),
                },
            )
            if not was_created:
                continue
            made += 1
            post.tags.set([Tag.objects.get_or_create(name=name)[0] for name in spec["tags"]])
            for i, (text, approved) in enumerate(spec["comments"]):
                reader = readers[(n + i + 1) % len(readers)]
                Comment.objects.create(post=post, author=reader, body=text, is_approved=approved)

        self.stdout.write(
            self.style.SUCCESS(f"Created {made} post(s); {posts - made} already existed.")
        )
