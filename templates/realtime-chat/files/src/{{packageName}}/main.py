"""ASGI entry point: `fastapi dev` / `fastapi run` (see [tool.fastapi] in pyproject.toml)."""

import logging

from .application import create_app
from .config import get_settings

settings = get_settings()
logging.basicConfig(level=settings.log_level, format="%(levelname)s:     %(name)s: %(message)s")
app = create_app(settings)
