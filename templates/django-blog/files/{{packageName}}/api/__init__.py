"""The REST API: posts, comments, categories and tags under /api/."""
