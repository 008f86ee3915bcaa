from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate
from webargs.fields import DelimitedList

from ..models import TaskPriority, TaskStatus
from ..schemas import NO_NUL, NOT_BLANK, UTCDateTime

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
# Far below where OFFSET would overflow a 64-bit integer, and far beyond any real list.
MAX_PAGE = 1_000_000
SORT_FIELDS = ("created_at", "updated_at", "due_date", "priority", "status", "title")
SORT_CHOICES = tuple(choice for field in SORT_FIELDS for choice in (field, f"-{field}"))
MAX_TAGS = 20


class TagNameField(ma.fields.String):
    """A tag: trimmed and lower-cased first, then 1-50 characters, no NUL."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(validate=[validate.Length(min=1, max=50), NOT_BLANK], **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text: str = super()._deserialize(value, attr, data, **kwargs)
        return text.strip().lower()


class TaskSchema(ma.Schema):
    """A task as the API returns it; the input schemas below reuse its fields."""

    id = ma.fields.Integer(dump_only=True)
    title = ma.fields.String(required=True, validate=[validate.Length(min=1, max=200), NOT_BLANK])
    description = ma.fields.String(load_default="", validate=[validate.Length(max=5000), NO_NUL])
    status = ma.fields.Enum(TaskStatus, by_value=True, load_default=TaskStatus.TODO)
    priority = ma.fields.Enum(TaskPriority, by_value=True, load_default=TaskPriority.MEDIUM)
    due_date = ma.fields.Date(allow_none=True, load_default=None)
    tags = ma.fields.List(
        TagNameField(),
        load_default=list,
        validate=validate.Length(max=MAX_TAGS),
        attribute="tag_names",
        data_key="tags",
    )
    version = ma.fields.Integer(
        dump_only=True, metadata={"description": "Increases on every change; see the ETag"}
    )
    created_at = UTCDateTime(dump_only=True)
    updated_at = UTCDateTime(dump_only=True)


class TaskReplaceSchema(TaskSchema):
    """PUT replaces the whole task: status and priority are required too."""

    status = ma.fields.Enum(TaskStatus, by_value=True, required=True)
    priority = ma.fields.Enum(TaskPriority, by_value=True, required=True)


class TaskPatchSchema(TaskSchema):
    """PATCH changes only the fields it sends (used with partial=True)."""


class PageMetaSchema(ma.Schema):
    page = ma.fields.Integer()
    per_page = ma.fields.Integer()
    total = ma.fields.Integer(metadata={"description": "Tasks matching the filters"})
    pages = ma.fields.Integer()


class TaskPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(TaskSchema))
    meta = ma.fields.Nested(PageMetaSchema)


class TaskQuerySchema(ma.Schema):
    status = ma.fields.List(
        ma.fields.Enum(TaskStatus, by_value=True),
        metadata={"description": "Repeat to match any of several: ?status=todo&status=done"},
    )
    priority = ma.fields.List(ma.fields.Enum(TaskPriority, by_value=True))
    tag = TagNameField()
    due_before = ma.fields.Date(metadata={"description": "Due on or before this date"})
    due_after = ma.fields.Date(metadata={"description": "Due on or after this date"})
    overdue = ma.fields.Boolean(
        metadata={"description": "Due before today (UTC) and not done; false excludes those"}
    )
    q = ma.fields.String(
        validate=[validate.Length(min=1, max=100), NO_NUL],
        metadata={"description": "Case-insensitive search in title and description"},
    )
    sort = DelimitedList(
        ma.fields.String(validate=validate.OneOf(SORT_CHOICES)),
        load_default=lambda: ["-created_at"],
        validate=validate.Length(min=1, max=len(SORT_FIELDS)),
        metadata={"description": "Comma-separated fields; prefix with '-' for descending"},
    )
    page = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = ma.fields.Integer(
        load_default=DEFAULT_PAGE_SIZE, validate=validate.Range(min=1, max=MAX_PAGE_SIZE)
    )
