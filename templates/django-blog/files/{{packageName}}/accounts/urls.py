from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.views import View

from . import views
from .limits import login_rate_limited, reset_rate_limited

app_name = "accounts"


def _account_page(view: type[View], page: str, then: str | None = None, **options: Any) -> Any:
    """One of Django's account views on ``accounts/<page>.html``, going on to the page ``then``."""
    if then is not None:
        options["success_url"] = reverse_lazy(f"accounts:{then}")
    return view.as_view(template_name=f"accounts/{page}.html", **options)


urlpatterns = [
    path("register/", views.RegisterView.as_view(), name="register"),
    path("login/", login_rate_limited(views.LoginView.as_view()), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        _account_page(
            auth_views.PasswordChangeView, "password_change_form", then="password_change_done"
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        _account_page(auth_views.PasswordChangeDoneView, "password_change_done"),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        reset_rate_limited(
            _account_page(
                auth_views.PasswordResetView,
                "password_reset_form",
                then="password_reset_done",
                email_template_name="accounts/password_reset_email.txt",
                subject_template_name="accounts/password_reset_subject.txt",
                extra_email_context={"site_name": settings.SITE_NAME},
            )
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        _account_page(auth_views.PasswordResetDoneView, "password_reset_done"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        _account_page(
            auth_views.PasswordResetConfirmView,
            "password_reset_confirm",
            then="password_reset_complete",
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        _account_page(auth_views.PasswordResetCompleteView, "password_reset_complete"),
        name="password_reset_complete",
    ),
]
