from datetime import UTC, datetime, timedelta

import pytest
from flask.testing import FlaskClient

TODAY = datetime.now(UTC).date()
YESTERDAY = (TODAY - timedelta(days=1)).isoformat()
NEXT_WEEK = (TODAY + timedelta(days=7)).isoformat()


@pytest.fixture
def tasks(create_task) -> dict[str, dict]:
    """A small, varied task list for the current user."""
    return {
        "late": create_task(
            title="Pay the rent", priority="high", due_date=YESTERDAY, tags=["home"]
        ),
        "late_done": create_task(
            title="File taxes", status="done", priority="low", due_date=YESTERDAY, tags=["admin"]
        ),
        "soon": create_task(
            title="Book flights",
            description="100% refundable fares_only",
            status="in_progress",
            due_date=NEXT_WEEK,
            tags=["travel", "home"],
        ),
        "undated": create_task(title="Learn Rust", priority="low"),
    }


def titles(client: FlaskClient, auth: dict[str, str], query: str = "") -> list[str]:
    response = client.get(f"/tasks{query}", headers=auth)
    assert response.status_code == 200, response.get_json()
    return [task["title"] for task in response.get_json()["items"]]


def test_list_envelope(client: FlaskClient, auth: dict[str, str], tasks) -> None:
    body = client.get("/tasks", headers=auth).get_json()
    assert body["meta"] == {"page": 1, "per_page": 20, "total": 4, "pages": 1}
    # Newest first by default.
    assert [task["title"] for task in body["items"]] == [
        "Learn Rust",
        "Book flights",
        "File taxes",
        "Pay the rent",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=done", {"File taxes"}),
        ("?status=todo&status=in_progress", {"Pay the rent", "Book flights", "Learn Rust"}),
        ("?priority=low", {"File taxes", "Learn Rust"}),
        ("?priority=high&priority=medium", {"Pay the rent", "Book flights"}),
        ("?tag=home", {"Pay the rent", "Book flights"}),
        ("?tag=HOME", {"Pay the rent", "Book flights"}),
        ("?tag=nothing", set()),
        (f"?due_before={TODAY.isoformat()}", {"Pay the rent", "File taxes"}),
        (f"?due_after={TODAY.isoformat()}", {"Book flights"}),
        (f"?due_after={YESTERDAY}&due_before={YESTERDAY}", {"Pay the rent", "File taxes"}),
        ("?overdue=true", {"Pay the rent"}),
        ("?overdue=false", {"File taxes", "Book flights", "Learn Rust"}),
        ("?q=RENT", {"Pay the rent"}),
        ("?q=refundable", {"Book flights"}),
        ("?q=100%25", {"Book flights"}),  # % is matched literally, not as a wildcard
        ("?q=p_y", set()),  # _ too (it would match "Pay" as a wildcard)
        ("?q=fares_only", {"Book flights"}),
        ("?status=todo&tag=home&overdue=true", {"Pay the rent"}),
    ],
)
def test_filters(client: FlaskClient, auth: dict[str, str], tasks, query, expected) -> None:
    assert set(titles(client, auth, query)) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("priority", ["File taxes", "Learn Rust", "Book flights", "Pay the rent"]),
        ("-priority,title", ["Pay the rent", "Book flights", "File taxes", "Learn Rust"]),
        ("title", ["Book flights", "File taxes", "Learn Rust", "Pay the rent"]),
        ("-status,title", ["File taxes", "Book flights", "Learn Rust", "Pay the rent"]),
        # Tasks without a due date come last in both directions.
        ("due_date,title", ["File taxes", "Pay the rent", "Book flights", "Learn Rust"]),
        ("-due_date,title", ["Book flights", "File taxes", "Pay the rent", "Learn Rust"]),
        ("created_at", ["Pay the rent", "File taxes", "Book flights", "Learn Rust"]),
        ("-updated_at", ["Learn Rust", "Book flights", "File taxes", "Pay the rent"]),
    ],
)
def test_sort(client: FlaskClient, auth: dict[str, str], tasks, sort, expected) -> None:
    assert titles(client, auth, f"?sort={sort}") == expected


def test_pagination(client: FlaskClient, auth: dict[str, str], create_task) -> None:
    for number in range(1, 6):
        create_task(title=f"Task {number}")
    first = client.get("/tasks?sort=title&per_page=2", headers=auth).get_json()
    second = client.get("/tasks?sort=title&per_page=2&page=2", headers=auth).get_json()
    last = client.get("/tasks?sort=title&per_page=2&page=3", headers=auth).get_json()
    beyond = client.get("/tasks?sort=title&per_page=2&page=4", headers=auth).get_json()

    assert [t["title"] for t in first["items"]] == ["Task 1", "Task 2"]
    assert [t["title"] for t in second["items"]] == ["Task 3", "Task 4"]
    assert [t["title"] for t in last["items"]] == ["Task 5"]
    assert beyond["items"] == []
    assert first["meta"] == {"page": 1, "per_page": 2, "total": 5, "pages": 3}
    assert beyond["meta"]["total"] == 5


def test_the_largest_page_is_allowed(client: FlaskClient, auth: dict[str, str]) -> None:
    assert client.get("/tasks?per_page=100", headers=auth).status_code == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?per_page=101", "per_page"),
        ("?per_page=0", "per_page"),
        ("?page=0", "page"),
        ("?page=abc", "page"),
        ("?sort=owner_id", "sort"),
        ("?sort=title,-nope", "sort"),
        ("?status=someday", "status"),
        ("?due_before=soon", "due_before"),
        ("?overdue=maybe", "overdue"),
        ("?colour=red", "colour"),
    ],
)
def test_invalid_query_arguments(client: FlaskClient, auth: dict[str, str], query, field) -> None:
    response = client.get(f"/tasks{query}", headers=auth)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["details"]["query"]
