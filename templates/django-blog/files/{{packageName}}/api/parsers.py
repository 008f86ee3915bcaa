"""Body parsers that refuse what the database or the interpreter cannot take."""

import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32


def _check(value: object, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise ParseError(f"JSON nested deeper than {MAX_DEPTH} levels.")
    if isinstance(value, str):
        if "\x00" in value:
            raise ParseError("Strings must not contain NUL characters.")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate, from a JSON \ud800 escape
            raise ParseError("Strings must be valid Unicode (no lone surrogates).") from exc
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, depth + 1)
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)


class JSONParser(parsers.JSONParser):
    """DRF's parser plus: 400 for NUL characters (PostgreSQL text cannot store them),
    for lone surrogates (they have no UTF-8 form, so the database driver would fail
    on them), for nesting deeper than ``MAX_DEPTH`` and for nesting that exhausts
    the parser.
    """

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding)
            data = json.loads(text, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
        _check(data)
        return data


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


def _check_form(data: Any) -> None:
    for key, values in data.lists():
        _check([key, *[value for value in values if isinstance(value, str)]])


class _FieldsChecked(parsers.BaseParser):
    """Put before a DRF form parser: 400 for NUL characters in any field."""

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        result = super().parse(stream, media_type, parser_context)
        # A multipart parser answers fields and files; a form parser only the fields.
        _check_form(getattr(result, "data", result))
        return result


class FormParser(_FieldsChecked, parsers.FormParser):
    """DRF's form parser plus: 400 for NUL characters in any field."""


class MultiPartParser(_FieldsChecked, parsers.MultiPartParser):
    """DRF's multipart parser plus: 400 for NUL characters in any field."""
