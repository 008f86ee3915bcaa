from django import forms

from .models import Comment, Post, Tag

MAX_NEW_TAGS = 10


class PostForm(forms.ModelForm[Post]):
    new_tags = forms.CharField(
        required=False,
        max_length=500,
        label="New tags",
        help_text="Comma-separated, e.g. “django, testing”. Tags that do not exist yet are created.",
    )

    class Meta:
        model = Post
        fields = (
            "title",
            "category",
            "tags",
            "new_tags",
            "excerpt",
            "body",
            "status",
            "published_at",
        )
        widgets = {
            "body": forms.Textarea(attrs={"rows": 16}),
            "excerpt": forms.Textarea(attrs={"rows": 3}),
            "tags": forms.CheckboxSelectMultiple,
            "published_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
        help_texts = {"published_at": "Optional: a future time schedules the post."}

    def clean_new_tags(self) -> list[str]:
        names: dict[str, str] = {}
        for raw in str(self.cleaned_data.get("new_tags") or "").split(","):
            name = " ".join(raw.split())
            if not name:
                continue
            if len(name) > Tag._meta.get_field("name").max_length:  # type: ignore[operator]
                raise forms.ValidationError(f"“{name[:20]}…” is too long for a tag.")
            names.setdefault(name.lower(), name)
        if len(names) > MAX_NEW_TAGS:
            raise forms.ValidationError(f"At most {MAX_NEW_TAGS} new tags at a time.")
        return list(names.values())

    def _save_m2m(self) -> None:
        super()._save_m2m()  # type: ignore[misc]
        for name in self.cleaned_data.get("new_tags", []):
            # get_or_create survives a concurrent create of the same tag (unique name).
            tag, _ = Tag.objects.get_or_create(name__iexact=name, defaults={"name": name})
            self.instance.tags.add(tag)


class CommentForm(forms.ModelForm[Comment]):
    class Meta:
        model = Comment
        fields = ("body",)
        labels = {"body": "Your comment"}
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}
