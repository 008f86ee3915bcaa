from typing import Any

import django_filters
from django import forms

from ..blog.models import Comment, Post


class StrictBooleanField(forms.Field):
    """``true``/``false`` (or ``1``/``0``); anything else is a 400, not "no filter"."""

    TRUE = frozenset({"true", "1"})
    FALSE = frozenset({"false", "0"})

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError("Must be true or false.", code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class PostFilter(django_filters.FilterSet):
    category = django_filters.CharFilter(field_name="category__slug")
    tag = django_filters.CharFilter(field_name="tags__slug")
    author = django_filters.CharFilter(field_name="author__username")

    class Meta:
        model = Post
        fields = ("category", "tag", "author", "status")


class CommentFilter(django_filters.FilterSet):
    post = django_filters.CharFilter(field_name="post__slug")
    is_approved = StrictBooleanFilter()

    class Meta:
        model = Comment
        fields = ("post", "is_approved")
