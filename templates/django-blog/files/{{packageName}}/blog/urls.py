from django.urls import path

from . import views

app_name = "blog"

urlpatterns = [
    path("", views.PostListView.as_view(), name="post_list"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("category/<slug:slug>/", views.CategoryPostListView.as_view(), name="category"),
    path("tag/<slug:slug>/", views.TagPostListView.as_view(), name="tag"),
    path("authors/<str:username>/", views.AuthorPostListView.as_view(), name="author"),
    path("posts/<slug:slug>/", views.PostDetailView.as_view(), name="post_detail"),
    path("posts/<slug:slug>/comments/", views.add_comment, name="add_comment"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("dashboard/preview/", views.markdown_preview, name="markdown_preview"),
    path("dashboard/posts/new/", views.PostCreateView.as_view(), name="post_create"),
    path("dashboard/posts/<slug:slug>/edit/", views.PostUpdateView.as_view(), name="post_update"),
    path("dashboard/posts/<slug:slug>/delete/", views.PostDeleteView.as_view(), name="post_delete"),
]
