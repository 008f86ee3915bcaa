"""Top-level URL configuration."""

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from .accounts import urls as accounts_urls
from .accounts.limits import login_rate_limited
from .api import urls as api_urls
from .blog import urls as blog_urls
from .blog.feeds import LatestPostsFeed
from .blog.sitemaps import sitemaps
from .core import views as core_views

urlpatterns = [
    path("health", core_views.health, name="health"),
    path("ready", core_views.ready, name="ready"),
    # Before admin.site.urls: the admin's login page gets the site's login limit.
    path("admin/login/", login_rate_limited(admin.site.login), name="admin_login"),
    path("admin/", admin.site.urls),
    path("accounts/", include(accounts_urls)),
    path("api/", include(api_urls)),
    path("feed/", LatestPostsFeed(), name="feed"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("", include(blog_urls)),
]

handler400 = core_views.bad_request
handler404 = core_views.page_not_found
handler500 = core_views.server_error
