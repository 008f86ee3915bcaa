"""Public pages (list, detail, category, tag, search) and the author's dashboard.

The dashboard only ever queries the signed-in user's own posts, so another
author's post is a 404 there: its existence is not revealed.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from ..accounts.models import User
from .forms import CommentForm, MarkdownPreviewForm, PostForm
from .markdown import render_markdown
from .models import Category, Comment, Post, Tag


def signed_in_user(request: HttpRequest) -> User:
    """The user of a request that passed ``login_required``."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _listed_posts() -> QuerySet[Post]:
    return Post.objects.published().select_related("author", "category").prefetch_related("tags")


class PostListView(ListView[Post]):
    template_name = "blog/post_list.html"
    context_object_name = "posts"

    def get_paginate_by(self, queryset: QuerySet[Post]) -> int:
        return int(settings.BLOG_PAGE_SIZE)

    def get_queryset(self) -> QuerySet[Post]:
        return _listed_posts()


class CategoryPostListView(PostListView):
    def get_queryset(self) -> QuerySet[Post]:
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return _listed_posts().filter(category=self.category)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(heading=f"Category: {self.category.name}", **kwargs)


class TagPostListView(PostListView):
    def get_queryset(self) -> QuerySet[Post]:
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return _listed_posts().filter(tags=self.tag)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(heading=f"Tag: {self.tag.name}", **kwargs)


class AuthorPostListView(PostListView):
    """An author's published posts and bio. Users with nothing published are a 404:
    the page does not reveal which usernames exist."""

    template_name = "blog/author_detail.html"

    def get_queryset(self) -> QuerySet[Post]:
        self.author = get_object_or_404(User, username=self.kwargs["username"])
        posts = _listed_posts().filter(author=self.author)
        if not posts.exists():
            raise Http404("No such author.")
        return posts

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(author=self.author, **kwargs)


class SearchView(PostListView):
    def get_queryset(self) -> QuerySet[Post]:
        self.query = self.request.GET.get("q", "").strip()
        if not self.query:
            return Post.objects.none()
        return _listed_posts().filter(
            Q(title__icontains=self.query) | Q(body__icontains=self.query)
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        heading = f"Search: {self.query}" if self.query else "Search"
        return super().get_context_data(heading=heading, query=self.query, **kwargs)


class PostDetailView(DetailView[Post]):
    template_name = "blog/post_detail.html"
    context_object_name = "post"

    def get_queryset(self) -> QuerySet[Post]:
        # Drafts are visible to their author only (a preview); everyone else gets 404.
        return (
            Post.objects.visible_to(self.request.user)
            .select_related("author", "category")
            .prefetch_related("tags")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        comments = (
            Comment.objects.visible_to(self.request.user)
            .filter(post=self.object)
            .select_related("author")
        )
        # Link previews (OpenGraph, Twitter) need an absolute URL for the post's picture.
        image = self.object.first_image
        og_image = self.request.build_absolute_uri(image) if image else ""
        return super().get_context_data(
            comments=comments, comment_form=CommentForm(), og_image=og_image, **kwargs
        )


@login_required
@require_POST
def add_comment(request: HttpRequest, slug: str) -> HttpResponse:
    post = get_object_or_404(Post.objects.published(), slug=slug)
    form = CommentForm(request.POST)
    if form.is_valid():
        comment = form.save(commit=False)
        comment.post = post
        comment.author = signed_in_user(request)
        comment.save()
        messages.success(request, "Thanks! Your comment will appear once a moderator approves it.")
    else:
        messages.error(request, "Your comment could not be saved: it must not be empty.")
    return redirect(post)


class AuthorPostMixin(LoginRequiredMixin):
    request: HttpRequest

    """Limits every query to the signed-in author's own posts."""

    def get_queryset(self) -> QuerySet[Post]:
        return Post.objects.filter(author=signed_in_user(self.request)).select_related("category")


class DashboardView(AuthorPostMixin, ListView[Post]):
    template_name = "blog/dashboard.html"
    context_object_name = "posts"
    paginate_by = 20

    def get_queryset(self) -> QuerySet[Post]:
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("comments", queryset=Comment.objects.filter(is_approved=False))
            )
            .order_by("-created_at")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        mine = Post.objects.filter(author=signed_in_user(self.request))
        stats = mine.aggregate(
            published=Count("pk", filter=Q(status=Post.Status.PUBLISHED)),
            drafts=Count("pk", filter=Q(status=Post.Status.DRAFT)),
        )
        stats["pending"] = Comment.objects.filter(post__in=mine, is_approved=False).count()
        stats["approved"] = Comment.objects.filter(post__in=mine, is_approved=True).count()
        return super().get_context_data(stats=stats, **kwargs)


@login_required
@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """The editor's live preview: the same Markdown rendering and sanitising as on save."""
    form = MarkdownPreviewForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(format_html("<p>{}</p>", "The text is too long to preview."))
    return HttpResponse(render_markdown(form.cleaned_data["body"]))


class PostCreateView(LoginRequiredMixin, CreateView[Post, PostForm]):
    model = Post
    form_class = PostForm
    template_name = "blog/post_form.html"

    def form_valid(self, form: PostForm) -> HttpResponse:
        form.instance.author = signed_in_user(self.request)
        messages.success(self.request, "Post created.")
        return super().form_valid(form)


class PostUpdateView(AuthorPostMixin, UpdateView[Post, PostForm]):
    form_class = PostForm
    template_name = "blog/post_form.html"

    def form_valid(self, form: PostForm) -> HttpResponse:
        messages.success(self.request, "Post saved.")
        return super().form_valid(form)


class PostDeleteView(AuthorPostMixin, DeleteView[Post, Any]):
    template_name = "blog/post_confirm_delete.html"
    success_url = reverse_lazy("blog:dashboard")

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, f"Deleted “{self.object.title}”.")
        return super().form_valid(form)
