"""CRUD on the current user's tasks.

Another user's task answers 404, exactly like a task that does not exist: a 403 would
confirm to a stranger that the id exists.

Optimistic concurrency: every task response carries an `ETag`. Send it back in
`If-Match` on PUT, PATCH or DELETE; if the task changed in the meantime the answer is
412 Precondition Failed and nothing is modified. Without `If-Match` the change applies.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, ClassVar

from flask import Response, request, url_for
from flask.views import MethodView
from flask_jwt_extended import current_user, jwt_required
from marshmallow import RAISE
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.http import quote_etag

from ..blueprint import Blueprint
from ..errors import abort
from ..extensions import db
from ..models import Tag, Task
from .queries import page_of_tasks
from .schemas import (
    TaskPageSchema,
    TaskPatchSchema,
    TaskQuerySchema,
    TaskReplaceSchema,
    TaskSchema,
)

blp = Blueprint(
    "tasks",
    __name__,
    url_prefix="/tasks",
    description="Your tasks. Another user's task is a 404.",
)

TaskResponse = tuple[Task, int, dict[str, str]]

ETAG_HEADER = {"ETag": {"description": "Version of the task, for If-Match", "schema": {}}}
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "description": "The ETag you last saw; a stale one gets 412 and changes nothing",
    "schema": {"type": "string"},
}


def _tags_named(names: list[str]) -> list[Tag]:
    """The tags with these names, created if new; safe when concurrent requests race.

    INSERT ... ON CONFLICT DO NOTHING, then SELECT: if another transaction creates the
    same tag at the same moment, ours waits for it and then reads its row, instead of
    failing on the unique constraint.
    """
    wanted = list(dict.fromkeys(names))  # de-duplicated, order kept
    if not wanted:
        return []
    insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    db.session.execute(
        # Sorted, so two transactions take the row locks in the same order (no deadlock).
        insert(Tag).values([{"name": name} for name in sorted(wanted)]).on_conflict_do_nothing()
    )
    existing = {
        tag.name: tag for tag in db.session.scalars(select(Tag).where(Tag.name.in_(wanted)))
    }
    return [existing[name] for name in wanted]


def _apply(task: Task, data: dict[str, Any]) -> None:
    """Set the fields that differ; touch `updated_at` (and the version) only if one did."""
    # No autoflush while looking tags up: the change is written in one UPDATE, at commit.
    with db.session.no_autoflush:
        changed = False
        for field in ("title", "description", "status", "priority", "due_date"):
            if field in data and getattr(task, field) != data[field]:
                setattr(task, field, data[field])
                changed = True
        if "tag_names" in data and sorted(task.tag_names) != sorted(set(data["tag_names"])):
            task.tags = _tags_named(data["tag_names"])
            changed = True
        if changed or task.id is None:
            task.updated_at = datetime.now(UTC)


def _owned_task_or_404(task_id: int) -> Task:
    task = db.session.get(Task, task_id)
    if task is None or task.owner_id != current_user.id:
        abort(404, message="Task not found.")
    return task


def _require_body() -> None:
    """PATCH and PUT need a JSON object; an absent body is not an empty change."""
    if not request.get_data(cache=True):
        abort(
            422,
            message="The request is invalid; see details.",
            errors={"json": {"_schema": ["A JSON object body is required."]}},
        )


def _check_if_match(task: Task) -> None:
    if request.if_match and not request.if_match.contains(task.etag):
        abort(412, message="The task changed since you read it; fetch it again and retry.")


def _save(task: Task) -> TaskResponse:
    try:
        db.session.commit()
    except StaleDataError:
        # Someone else committed between our read and our UPDATE.
        db.session.rollback()
        abort(412, message="The task changed since you read it; fetch it again and retry.")
    return task, 200, {"ETag": quote_etag(task.etag)}


@blp.route("")
class TaskCollection(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [jwt_required()]

    # Unknown query parameters are a 422, so a typo (?stauts=done) is not silently ignored.
    @blp.arguments(TaskQuerySchema, location="query", unknown=RAISE)
    @blp.response(200, TaskPageSchema)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.doc(security=[{"bearerAuth": []}])
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List your tasks: filter, search, sort and paginate

        The body is `{"items": [...], "meta": {"page", "per_page", "total", "pages"}}`;
        `per_page` is at most 100.
        """
        return page_of_tasks(current_user.id, args)

    @blp.arguments(TaskSchema)
    @blp.response(201, TaskSchema, headers={"Location": {"description": "URL of the task"}})
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.doc(security=[{"bearerAuth": []}])
    def post(self, data: dict[str, Any]) -> TaskResponse:
        """Create a task"""
        task = Task(owner_id=current_user.id)
        db.session.add(task)
        _apply(task, data)
        task.created_at = task.updated_at
        db.session.commit()
        headers = {
            "Location": url_for("tasks.TaskItem", task_id=task.id),
            "ETag": quote_etag(task.etag),
        }
        return task, 201, headers


# Ids beyond a 32-bit integer cannot exist: 404 without asking the database (which
# would fail on the out-of-range value).
@blp.route("/<int(max=2147483647):task_id>")
class TaskItem(MethodView):
    decorators: ClassVar[list[Callable[..., Any]]] = [jwt_required()]

    @blp.response(200, TaskSchema, headers=ETAG_HEADER)
    @blp.alt_response(304, description="Not modified (If-None-Match matched)")
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(security=[{"bearerAuth": []}])
    def get(self, task_id: int) -> Response | TaskResponse:
        """Get a task"""
        task = _owned_task_or_404(task_id)
        # Weak comparison, as RFC 9110 requires for If-None-Match: W/"x" matches "x".
        if request.if_none_match.contains_weak(task.etag):
            response = Response(status=304)
            response.set_etag(task.etag)
            return response
        return task, 200, {"ETag": quote_etag(task.etag)}

    @blp.arguments(TaskReplaceSchema)
    @blp.response(200, TaskSchema, headers=ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(412, response="PRECONDITION_FAILED")
    @blp.doc(security=[{"bearerAuth": []}], parameters=[IF_MATCH])
    def put(self, data: dict[str, Any], task_id: int) -> TaskResponse:
        """Replace a task"""
        _require_body()
        task = _owned_task_or_404(task_id)
        _check_if_match(task)
        _apply(task, data)
        return _save(task)

    @blp.arguments(TaskPatchSchema(partial=True))
    @blp.response(200, TaskSchema, headers=ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(412, response="PRECONDITION_FAILED")
    @blp.doc(security=[{"bearerAuth": []}], parameters=[IF_MATCH])
    def patch(self, data: dict[str, Any], task_id: int) -> TaskResponse:
        """Update some fields of a task

        Sending no change (`{}` or the current values) keeps the version and the ETag.
        """
        _require_body()
        task = _owned_task_or_404(task_id)
        _check_if_match(task)
        _apply(task, data)
        return _save(task)

    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(412, response="PRECONDITION_FAILED")
    @blp.doc(security=[{"bearerAuth": []}], parameters=[IF_MATCH])
    def delete(self, task_id: int) -> None:
        """Delete a task"""
        task = _owned_task_or_404(task_id)
        _check_if_match(task)
        db.session.delete(task)
        try:
            db.session.commit()
        except StaleDataError:
            db.session.rollback()
            abort(412, message="The task changed since you read it; fetch it again and retry.")
