"""Settings split by environment: base, development, test and production.

``manage.py`` defaults to development, ``wsgi.py``/``asgi.py`` to production and
pytest to test; set ``DJANGO_SETTINGS_MODULE`` to choose explicitly.
"""
