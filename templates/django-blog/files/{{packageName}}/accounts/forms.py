from django.contrib.auth.forms import AdminUserCreationForm, UserCreationForm, UsernameField
from django.core.exceptions import ValidationError

from .models import User


class CaseInsensitiveEmailMixin:
    """``Bob@Example.com`` and ``bob@example.com`` are one address: refuse the second."""

    cleaned_data: dict[str, object]
    instance: User

    def clean_email(self) -> str:
        email = str(self.cleaned_data.get("email") or "").strip()
        taken = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if email and taken.exists():
            raise ValidationError("A user with that e-mail address already exists.", code="unique")
        return email


class RegistrationForm(CaseInsensitiveEmailMixin, UserCreationForm[User]):
    """Sign-up form: username, e-mail and the password twice (validated by Django's rules)."""

    class Meta:
        model = User
        fields = ("username", "email")
        field_classes = {"username": UsernameField}


class UserAdminCreationForm(CaseInsensitiveEmailMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("username", "email")
        field_classes = {"username": UsernameField}
