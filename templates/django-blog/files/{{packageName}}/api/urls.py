from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from ..core.views import api_not_found
from . import views
from .redoc import RedocView, redoc_js

app_name = "api"

router = DefaultRouter()
router.register("posts", views.PostViewSet, basename="post")
router.register("comments", views.CommentViewSet, basename="comment")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("tags", views.TagViewSet, basename="tag")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI and ReDoc load their assets from this site (drf-spectacular-sidecar).
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", RedocView.as_view(url_name="api:schema"), name="redoc"),
    path("redoc/redoc.standalone.js", redoc_js, name="redoc-js"),
    *router.urls,
    # Last: only a path ending in "/" that nothing above matched, so APPEND_SLASH still
    # redirects /api/posts to /api/posts/.
    re_path(r"^(?P<unmatched>.+/)$", api_not_found),
]
