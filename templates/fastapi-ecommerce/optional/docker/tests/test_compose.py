"""docker-compose.yml keeps PostgreSQL private and its password out of the repository.

Read as data, because a port open to the network or a default password does not fail any
request the other tests send: it only shows once the stack runs on a real host.
"""

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]


def test_every_published_port_is_on_this_machine_only(services: dict[str, Any]) -> None:
    published = [(name, str(p)) for name, svc in services.items() for p in svc.get("ports", [])]
    assert published, "the API and the database are reachable from this machine"
    for name, port in published:
        assert port.startswith("127.0.0.1:"), (name, port)


def test_the_database_password_comes_from_env(services: dict[str, Any]) -> None:
    password = services["db"]["environment"]["POSTGRES_PASSWORD"]
    assert password.startswith("${POSTGRES_PASSWORD:?"), "compose must refuse to start without it"
    for name in ("migrate", "api"):
        url = services[name]["environment"]["DATABASE_URL"]
        assert re.fullmatch(r"postgresql://postgres:\$\{POSTGRES_PASSWORD\}@db:5432/\w+", url), url
    assert not re.search(r"postgres:postgres@", COMPOSE.read_text(encoding="utf-8"))
    env_example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert re.search(r"^POSTGRES_PASSWORD=", env_example, re.M)


def test_migrations_are_a_one_off_step_before_the_api(services: dict[str, Any]) -> None:
    assert services["migrate"]["command"] == ["alembic", "upgrade", "head"]
    after_migrations = {"condition": "service_completed_successfully"}
    assert services["api"]["depends_on"]["migrate"] == after_migrations
    (cmd,) = re.findall(r"^CMD (.*)$", (ROOT / "Dockerfile").read_text(encoding="utf-8"), re.M)
    assert "alembic" not in cmd
    assert "--workers" in cmd
