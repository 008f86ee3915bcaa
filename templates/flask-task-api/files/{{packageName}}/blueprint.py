"""flask-smorest's Blueprint, with a request parser that survives hostile JSON."""

from __future__ import annotations

import json
from typing import Any

import flask_smorest
from flask import Request
from webargs.flaskparser import FlaskParser


def _unstorable_text(document: Any) -> bool:
    """A string with a lone surrogate (valid JSON: "\\ud800") anywhere.

    It cannot be encoded to UTF-8 (for the database or a password hash): a 500 further in.
    NUL is refused by the field rules instead (422, naming the field).
    """
    stack = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if any("\ud800" <= c <= "\udfff" for c in value):
                return True
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


class ArgumentsParser(FlaskParser):
    """Hostile JSON is a 400 like any malformed body, never a 500.

    Deep nesting would be a RecursionError; a lone surrogate fails in the database.
    """

    def _raw_load_json(self, req: Request) -> Any:
        try:
            document = super()._raw_load_json(req)
        except RecursionError:
            # A non-empty document: webargs treats an empty one as "no body".
            raise json.JSONDecodeError("JSON nested too deeply", "<body>", 0) from None
        if _unstorable_text(document):
            raise json.JSONDecodeError("lone surrogate in a JSON string", "<body>", 0)
        return document


# flask-smorest ships no type hints, so its Blueprint is Any to the type checker.
class Blueprint(flask_smorest.Blueprint):  # type: ignore[misc]
    ARGUMENTS_PARSER = ArgumentsParser()
