from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import Truncator

from .models import Category, Comment, Post, Tag


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin[Tag]):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


class CommentInline(admin.TabularInline[Comment, Post]):
    model = Comment
    extra = 0
    fields = ("author", "body", "is_approved", "created_at")
    readonly_fields = ("created_at",)
    raw_id_fields = ("author",)


@admin.register(Post)
class PostAdmin(admin.ModelAdmin[Post]):
    list_display = ("title", "author", "category", "status", "published_at")
    list_filter = ("status", "category", "tags", "published_at")
    search_fields = ("title", "body", "author__username")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("tags", "category")
    raw_id_fields = ("author",)
    date_hierarchy = "published_at"
    list_select_related = ("author", "category")
    inlines = (CommentInline,)
    actions = ("publish_posts", "unpublish_posts")

    @admin.action(description="Publish selected posts", permissions=["change"])
    def publish_posts(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        drafts = queryset.exclude(status=Post.Status.PUBLISHED)
        updated = drafts.filter(published_at__isnull=True).update(
            status=Post.Status.PUBLISHED, published_at=timezone.now()
        )
        updated += drafts.update(status=Post.Status.PUBLISHED)
        self.message_user(request, f"Published {updated} post(s).", messages.SUCCESS)

    @admin.action(description="Move selected posts back to draft", permissions=["change"])
    def unpublish_posts(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        updated = queryset.update(status=Post.Status.DRAFT)
        self.message_user(request, f"Moved {updated} post(s) to draft.", messages.SUCCESS)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin[Comment]):
    list_display = ("text", "post", "author", "created_at", "is_approved")
    list_filter = ("is_approved", "created_at")
    search_fields = ("body", "author__username", "post__title")
    list_select_related = ("post", "author")
    raw_id_fields = ("post", "author")
    actions = ("approve_comments", "unapprove_comments")

    @admin.display(description="Comment")
    def text(self, comment: Comment) -> str:
        return Truncator(comment.body).chars(80)

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve_comments(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        updated = queryset.update(is_approved=True)
        self.message_user(request, f"Approved {updated} comment(s).", messages.SUCCESS)

    @admin.action(description="Hide selected comments (back to moderation)", permissions=["change"])
    def unapprove_comments(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        updated = queryset.update(is_approved=False)
        self.message_user(request, f"Hid {updated} comment(s).", messages.SUCCESS)
