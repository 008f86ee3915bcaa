"""flask-smorest's Blueprint, with a request parser that survives hostile JSON."""

from __future__ import annotations

import json
from typing import Any

import flask_smorest
from flask import Request
from webargs.flaskparser import FlaskParser


class ArgumentsParser(FlaskParser):
    """Deeply nested JSON is a 400 like any malformed body, not a RecursionError (500)."""

    def _raw_load_json(self, req: Request) -> Any:
        try:
            return super()._raw_load_json(req)
        except RecursionError:
            # A non-empty document: webargs treats an empty one as "no body".
            raise json.JSONDecodeError("JSON nested too deeply", "<body>", 0) from None


# flask-smorest ships no type hints, so its Blueprint is Any to the type checker.
class Blueprint(flask_smorest.Blueprint):  # type: ignore[misc]
    ARGUMENTS_PARSER = ArgumentsParser()
