from typing import Any

from django import forms

from .models import Comment, Post, Tag

MAX_TAGS = 10


class PostForm(forms.ModelForm[Post]):
    """The author's post editor. Tags are typed as a comma-separated list; new ones are created."""

    tag_names = forms.CharField(
        required=False,
        max_length=500,
        label="Tags",
        help_text="Comma-separated, e.g. “django, testing”. Tags that do not exist yet are created.",
    )

    class Meta:
        model = Post
        fields = ("title", "category", "tag_names", "excerpt", "body", "status", "published_at")
        widgets = {
            "body": forms.Textarea(attrs={"rows": 18, "spellcheck": "true"}),
            "excerpt": forms.Textarea(attrs={"rows": 3}),
            "published_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
        labels = {"published_at": "Publish at"}
        help_texts = {
            "body": "Markdown: headings, lists, code blocks, quotes, links and images.",
            "published_at": "Optional: a future time schedules the post.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            names = [tag.name for tag in self.instance.tags.all()]
            self.fields["tag_names"].initial = ", ".join(names)
        # The list the editor offers to pick from (suggestions; any new name is fine too).
        self.known_tags = list(Tag.objects.values_list("name", flat=True)[:50])

    def clean_tag_names(self) -> list[str]:
        names: dict[str, str] = {}
        for raw in str(self.cleaned_data.get("tag_names") or "").split(","):
            name = " ".join(raw.split())
            if not name:
                continue
            if len(name) > Tag._meta.get_field("name").max_length:  # type: ignore[operator]
                raise forms.ValidationError(f"“{name[:20]}…” is too long for a tag.")
            names.setdefault(name.lower(), name)
        if len(names) > MAX_TAGS:
            raise forms.ValidationError(f"At most {MAX_TAGS} tags per post.")
        return list(names.values())

    def _save_m2m(self) -> None:
        super()._save_m2m()  # type: ignore[misc]
        tags = []
        for name in self.cleaned_data.get("tag_names", []):
            # Case-insensitive: "Django" reuses "django". get_or_create survives a concurrent
            # create of the same tag (unique name) by reading the winner's row.
            tag, _ = Tag.objects.get_or_create(name__iexact=name, defaults={"name": name})
            tags.append(tag)
        self.instance.tags.set(tags)


class CommentForm(forms.ModelForm[Comment]):
    class Meta:
        model = Comment
        fields = ("body",)
        labels = {"body": "Your comment"}
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}


class MarkdownPreviewForm(forms.Form):
    body = forms.CharField(required=False, max_length=100_000, strip=False)
