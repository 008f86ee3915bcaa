"""OpenAPI post-processing: every operation documents its error responses too.

drf-spectacular describes the success response of each view; the errors come from
cross-cutting code (authentication, throttles, pagination, the exception handler),
so they are added here, all with the one error shape.
"""

from typing import Any

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string", "example": "validation_error"},
                "message": {"type": "string"},
                "details": {"oneOf": [{"type": "object"}, {"type": "array", "items": {}}]},
            },
        }
    },
}

DESCRIPTIONS = {
    "400": "Invalid input or query parameters.",
    "401": "Missing or invalid credentials.",
    "403": "Signed in, but not allowed to do this.",
    "404": "Not found, or not visible to you (other authors' drafts).",
    "405": "Method not allowed.",
    "406": "The requested representation is not available.",
    "409": "Conflicts with an existing resource.",
    "413": "Request body too large.",
    "415": "Unsupported media type.",
    "429": "Too many requests (throttled, or too many failed logins).",
    "503": "The database or Redis is unavailable; retry later.",
}
EVERY_OPERATION = ("400", "401", "403", "404", "405", "406", "429", "503")
WITH_BODY = ("409", "413", "415")
# PostgreSQL text cannot hold NUL, so every URL with one is refused (400) before routing.
NO_NUL = "^[^\\u0000]*$"


def _forbid_nul(parameters: list[dict[str, Any]]) -> None:
    for parameter in parameters:
        schema = parameter.get("schema", {})
        if schema.get("type") == "string" and "pattern" not in schema:
            schema["pattern"] = NO_NUL


def add_error_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        _forbid_nul(path_item.get("parameters", []))
        for method, operation in path_item.items():
            if not isinstance(operation, dict):
                continue
            _forbid_nul(operation.get("parameters", []))
            codes = list(EVERY_OPERATION)
            if method in ("post", "put", "patch"):
                codes += WITH_BODY
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(
                    code,
                    {
                        "description": DESCRIPTIONS[code],
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    return result
