"""Registration and a login view that slows down password guessing."""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.views.generic import CreateView

from .forms import RegistrationForm


class RegisterView(CreateView):
    form_class = RegistrationForm
    template_name = "accounts/register.html"
    success_url = reverse_lazy("blog:dashboard")

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            return redirect(self.success_url)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: RegistrationForm) -> HttpResponse:
        response = super().form_valid(form)
        login(self.request, self.object, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(self.request, "Welcome! Your account is ready.")
        return response


class RateLimitedLoginView(auth_views.LoginView):
    """Django's login view plus a cool-down after repeated failures.

    Failures are counted per client address and username in the cache, so one
    attacker cannot lock every account and one account cannot be brute-forced.
    The error never says whether the username exists.
    """

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def _key(self) -> str:
        username = self.request.POST.get("username", "").strip().lower()
        client = self.request.META.get("REMOTE_ADDR", "")
        digest = hashlib.sha256(f"{client}|{username}".encode()).hexdigest()
        return f"login-failures:{digest}"

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if cache.get(self._key(), 0) >= settings.LOGIN_RATE_LIMIT:
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, "Too many failed login attempts. Please try again later.")
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form) -> HttpResponse:
        key = self._key()
        cache.add(key, 0, timeout=settings.LOGIN_RATE_WINDOW_SECONDS)
        cache.incr(key)
        return super().form_invalid(form)

    def form_valid(self, form) -> HttpResponse:
        cache.delete(self._key())
        return super().form_valid(form)
