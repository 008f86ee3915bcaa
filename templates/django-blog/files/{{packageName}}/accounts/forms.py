from django.contrib.auth.forms import AdminUserCreationForm, UserCreationForm

from .models import User


class RegistrationForm(UserCreationForm):
    """Sign-up form: username, e-mail and the password twice (validated by Django's rules)."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")


class UserAdminCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "email")
