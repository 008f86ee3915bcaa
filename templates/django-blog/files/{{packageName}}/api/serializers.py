from typing import Any

from django.db import models
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..blog.models import Category, Comment, Post, Tag


class StrictCharField(serializers.CharField):
    """A text field that refuses numbers and booleans, as the schema's ``type: string`` says
    (DRF's own would store ``0`` as ``"0"``)."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


@extend_schema_field({"type": "string", "minLength": 1})
class SlugReferenceField(serializers.SlugRelatedField[Any]):
    """A row referenced by its slug: a non-empty string (a number or ``""`` is a 400,
    as the schema says), never DRF's coercion of ``0`` to ``"0"``."""

    def run_validation(self, data: Any = serializers.empty) -> Any:
        if data == "":  # DRF would read it as null
            self.fail("invalid")
        return super().run_validation(data)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class SlugReferenceListField(serializers.ManyRelatedField):
    """A list of slug references: a JSON array only (DRF alone iterates a dict's keys)."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, list):
            self.fail("not_a_list", input_type=type(data).__name__)
        return super().to_internal_value(data)


# Model text columns become StrictCharField in every serializer below.
STRICT_TEXT_MAPPING = {
    **serializers.ModelSerializer.serializer_field_mapping,
    models.CharField: StrictCharField,
    models.TextField: StrictCharField,
}


class CategorySerializer(serializers.HyperlinkedModelSerializer[Category]):
    serializer_field_mapping = STRICT_TEXT_MAPPING

    url = serializers.HyperlinkedIdentityField(view_name="api:category-detail", lookup_field="slug")

    class Meta:
        model = Category
        fields = ("url", "name", "slug", "description")
        read_only_fields = ("slug",)


class TagSerializer(serializers.HyperlinkedModelSerializer[Tag]):
    serializer_field_mapping = STRICT_TEXT_MAPPING

    url = serializers.HyperlinkedIdentityField(view_name="api:tag-detail", lookup_field="slug")

    class Meta:
        model = Tag
        fields = ("url", "name", "slug")
        read_only_fields = ("slug",)


class PostSerializer(serializers.ModelSerializer[Post]):
    serializer_field_mapping = STRICT_TEXT_MAPPING

    url = serializers.HyperlinkedIdentityField(view_name="api:post-detail", lookup_field="slug")
    author = serializers.CharField(source="author.username", read_only=True)
    category = SlugReferenceField(
        slug_field="slug", queryset=Category.objects.all(), allow_null=True, required=False
    )
    tags = SlugReferenceListField(
        child_relation=SlugReferenceField(slug_field="slug", queryset=Tag.objects.all()),
        required=False,
    )
    summary = serializers.CharField(read_only=True)

    class Meta:
        model = Post
        fields = (
            "url",
            "id",
            "title",
            "slug",
            "author",
            "category",
            "tags",
            "excerpt",
            "summary",
            "body",
            "body_html",
            "status",
            "published_at",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("slug", "body_html", "created_at", "updated_at")
        extra_kwargs = {"excerpt": {"write_only": True}}


class PublishedPostField(SlugReferenceField):
    """A post referenced by slug; only published posts accept comments."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="slug", **kwargs)

    def get_queryset(self) -> QuerySet[Post]:
        # Evaluated per request: "published" depends on the current time.
        return Post.objects.published()


class CommentSerializer(serializers.ModelSerializer[Comment]):
    serializer_field_mapping = STRICT_TEXT_MAPPING

    url = serializers.HyperlinkedIdentityField(view_name="api:comment-detail")
    post = PublishedPostField()
    author = serializers.CharField(source="author.username", read_only=True)

    class Meta:
        model = Comment
        fields = ("url", "id", "post", "author", "body", "is_approved", "created_at")
        read_only_fields = ("is_approved", "created_at")

    def update(self, instance: Comment, validated_data: dict[str, Any]) -> Comment:
        # A comment stays on the post it was written for.
        validated_data.pop("post", None)
        updated: Comment = super().update(instance, validated_data)
        return updated


class TokenRequestSerializer(serializers.Serializer[None]):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenResponseSerializer(serializers.Serializer[None]):
    token = serializers.CharField()
