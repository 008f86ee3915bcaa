import django_filters

from ..blog.models import Comment, Post


class PostFilter(django_filters.FilterSet):
    category = django_filters.CharFilter(field_name="category__slug")
    tag = django_filters.CharFilter(field_name="tags__slug")
    author = django_filters.CharFilter(field_name="author__username")

    class Meta:
        model = Post
        fields = ("category", "tag", "author", "status")


class CommentFilter(django_filters.FilterSet):
    post = django_filters.CharFilter(field_name="post__slug")

    class Meta:
        model = Comment
        fields = ("post", "is_approved")
