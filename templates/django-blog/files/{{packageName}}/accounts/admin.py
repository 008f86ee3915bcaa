from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .forms import UserAdminCreationForm
from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    add_form = UserAdminCreationForm
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("Profile", {"fields": ("bio",)}))
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "email", "password1", "password2")}),
    )
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "date_joined")
