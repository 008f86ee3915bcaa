"""``python manage.py seed_demo``: sample categories, tags, posts and comments to click through.

Safe to run twice: existing rows are reused. The demo author cannot log in (no
usable password); sign in with your own ``createsuperuser`` account instead.
"""

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from ...models import Category, Comment, Post, Tag

CATEGORIES = ["Django", "Python", "Databases"]
TAGS = ["orm", "testing", "security", "performance", "tutorial"]
BODY = """Every post body is **Markdown**. Code blocks, tables and links work:

```python
Post.objects.published().select_related("author")
```

| Feature | Where |
| --- | --- |
| Sanitised HTML | `blog/markdown.py` |
| Permissions | `api/permissions.py` |

Raw HTML such as <script>alert("no")</script> is stripped before it is stored.
"""


class Command(BaseCommand):
    help = "Create sample categories, tags, posts and comments."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--posts", type=int, default=12, help="How many posts (default 12).")

    @transaction.atomic
    def handle(self, *args: Any, posts: int, **options: Any) -> None:
        author, created = get_user_model().objects.get_or_create(
            username="demo-author",
            defaults={
                "email": "demo-author@example.com",
                "first_name": "Demo",
                "last_name": "Author",
            },
        )
        if created:
            author.set_unusable_password()
            author.save(update_fields=["password"])

        categories = [Category.objects.get_or_create(name=name)[0] for name in CATEGORIES]
        tags = [Tag.objects.get_or_create(name=name)[0] for name in TAGS]
        now = timezone.now()
        made = 0
        for n in range(1, posts + 1):
            post, was_created = Post.objects.get_or_create(
                title=f"Sample post {n}: notes on {categories[n % len(categories)].name}",
                defaults={
                    "author": author,
                    "category": categories[n % len(categories)],
                    "body": BODY,
                    "status": Post.Status.DRAFT if n % 5 == 0 else Post.Status.PUBLISHED,
                    "published_at": None if n % 5 == 0 else now - timedelta(days=posts - n),
                },
            )
            if was_created:
                made += 1
                post.tags.set([tags[n % len(tags)], tags[(n + 1) % len(tags)]])
                Comment.objects.create(post=post, author=author, body="Approved.", is_approved=True)
                Comment.objects.create(post=post, author=author, body="Waiting for moderation.")

        self.stdout.write(
            self.style.SUCCESS(f"Created {made} post(s); {posts - made} already existed.")
        )
