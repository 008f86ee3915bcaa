"""Building the task list query from the validated query-string arguments."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, selectinload
from sqlalchemy.sql.elements import ColumnElement

from ..extensions import db
from ..models import Tag, Task, TaskPriority, TaskStatus

_PRIORITY_RANK = case(
    {TaskPriority.LOW: 1, TaskPriority.MEDIUM: 2, TaskPriority.HIGH: 3}, value=Task.priority
)
_STATUS_RANK = case(
    {TaskStatus.TODO: 1, TaskStatus.IN_PROGRESS: 2, TaskStatus.DONE: 3}, value=Task.status
)
_SORT_COLUMNS: dict[str, ColumnElement[Any] | InstrumentedAttribute[Any]] = {
    "created_at": Task.created_at,
    "updated_at": Task.updated_at,
    "due_date": Task.due_date,
    "priority": _PRIORITY_RANK,
    "status": _STATUS_RANK,
    "title": func.lower(Task.title),
}


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def filtered_tasks(owner_id: int, args: dict[str, Any]) -> Select[Task]:
    stmt = select(Task).where(Task.owner_id == owner_id)
    if args.get("status"):
        stmt = stmt.where(Task.status.in_(args["status"]))
    if args.get("priority"):
        stmt = stmt.where(Task.priority.in_(args["priority"]))
    if "tag" in args:
        stmt = stmt.where(Task.tags.any(Tag.name == args["tag"]))
    if "due_before" in args:
        stmt = stmt.where(Task.due_date <= args["due_before"])
    if "due_after" in args:
        stmt = stmt.where(Task.due_date >= args["due_after"])
    if "overdue" in args:
        is_overdue = (Task.due_date < datetime.now(UTC).date()) & (Task.status != TaskStatus.DONE)
        stmt = stmt.where(is_overdue if args["overdue"] else ~is_overdue | Task.due_date.is_(None))
    if "q" in args:
        pattern = f"%{_escape_like(args['q'])}%"
        stmt = stmt.where(
            or_(
                Task.title.ilike(pattern, escape="\\"),
                Task.description.ilike(pattern, escape="\\"),
            )
        )
    return stmt


def page_of_tasks(owner_id: int, args: dict[str, Any]) -> dict[str, Any]:
    """One page of the owner's tasks matching `args`, with the total count."""
    stmt = filtered_tasks(owner_id, args)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0

    order_by = []
    for part in dict.fromkeys(args["sort"]):  # each field once, first mention wins
        column = _SORT_COLUMNS[part.removeprefix("-")]
        ordered = column.desc() if part.startswith("-") else column.asc()
        # Tasks without a due date come last in both directions.
        order_by.append(ordered.nulls_last() if part.endswith("due_date") else ordered)
    order_by.append(Task.id.asc())  # a stable order, so pages never overlap

    page, per_page = args["page"], args["per_page"]
    items = db.session.scalars(
        stmt.options(selectinload(Task.tags))
        .order_by(*order_by)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return {
        "items": items,
        "meta": {
            "page": page,
            "per_page": per_page,
            "total": total,
            "pages": (total + per_page - 1) // per_page,
        },
    }
