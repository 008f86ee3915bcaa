"""docker-compose.yml and the Dockerfile deploy the way the README promises.

Read as data, because a wrong port binding or a missing password does not fail any
request the other tests send: it only shows once the stack runs on a real host.
"""

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    return compose["services"]


def test_only_the_api_is_published_beyond_this_machine(services: dict[str, Any]) -> None:
    for name, service in services.items():
        if name == "api":
            continue
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), (name, port)


def test_redis_asks_for_the_password_from_env(services: dict[str, Any]) -> None:
    redis = services["redis"]
    password = redis["environment"]["REDISCLI_AUTH"]
    assert password.startswith("${REDIS_PASSWORD:?"), "compose must refuse to start without it"
    assert '--requirepass "$$REDISCLI_AUTH"' in redis["command"][-1]
    # The health check authenticates too: without it a protected Redis never turns healthy.
    assert redis["healthcheck"]["test"] == ["CMD-SHELL", "redis-cli ping | grep -q PONG"]


def test_the_api_and_migrations_connect_to_redis_with_the_password(services: dict[str, Any]) -> None:
    for name in ("api", "migrate"):
        url = services[name]["environment"]["REDIS_URL"]
        assert re.fullmatch(r"redis://:\$\{REDIS_PASSWORD[^}]*\}@redis:6379/\d+", url), (name, url)


def test_env_example_names_the_redis_password() -> None:
    assert re.search(r"^REDIS_PASSWORD=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M)


def test_migrations_are_a_one_off_step_not_part_of_the_api_start(services: dict[str, Any]) -> None:
    assert services["migrate"]["command"] == ["alembic", "upgrade", "head"]
    assert services["api"]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert "command" not in services["api"], "the API runs the image's CMD"
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    (cmd,) = re.findall(r"^CMD (.*)$", dockerfile, re.M)
    assert "alembic" not in cmd
    assert "uvicorn" in cmd
