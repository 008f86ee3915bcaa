"""Registration and login pages; the limits live in ``limits.py``."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.views.generic import CreateView

from .forms import RegistrationForm
from .limits import TOO_MANY_SIGNUPS, registration_allowed, too_many
from .models import User


class RegisterView(CreateView[User, RegistrationForm]):
    form_class = RegistrationForm
    template_name = "accounts/register.html"
    success_url = reverse_lazy("blog:dashboard")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            return redirect(self.success_url)
        if request.method == "POST" and not registration_allowed(request):
            return too_many(request, TOO_MANY_SIGNUPS, settings.REGISTRATION_RATE_WINDOW_SECONDS)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: RegistrationForm) -> HttpResponse:
        try:
            with transaction.atomic():
                response = super().form_valid(form)
        except IntegrityError:
            # Someone registered the same name or address since the form was validated.
            form.add_error(None, "That username or e-mail address is already registered.")
            return self.form_invalid(form)
        assert self.object is not None  # noqa: S101 - set by form_valid
        login(self.request, self.object, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(self.request, "Welcome! Your account is ready.")
        return response


class LoginView(auth_views.LoginView):
    """Django's login view; ``limits.login_rate_limited`` wraps it in the URLconf.

    The error never says whether the username exists.
    """

    template_name = "accounts/login.html"
    redirect_authenticated_user = True
