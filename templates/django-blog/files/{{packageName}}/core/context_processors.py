from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    """Expose the site's name to every template as ``site_title``.

    Not ``site_name``: Django's login and password views put the request's host
    ("127.0.0.1:8000") into the context under that name, which would win.
    """
    return {"site_title": settings.SITE_NAME, "site_description": settings.SITE_DESCRIPTION}
