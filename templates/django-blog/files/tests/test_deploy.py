"""Settings as the commands see them: deploy checks, refused secrets, one-line errors."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_module(name: str) -> str:
    """The sibling of the test settings module, e.g. ``<package>.settings.production``."""
    return os.environ["DJANGO_SETTINGS_MODULE"].rsplit(".", 1)[0] + f".{name}"


def dev_settings() -> str:
    return settings_module("development")


def production_env(**overrides: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": settings_module("production"),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
        "DJANGO_ALLOWED_HOSTS": "blog.example.com",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        **overrides,
    }


@pytest.mark.slow
def test_production_settings_pass_deploy_checks():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("secret", ["", "change-me", "short-secret"])
def test_production_refuses_weak_secret(secret):
    result = run_manage("check", **production_env(DJANGO_SECRET_KEY=secret))
    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_production_requires_allowed_hosts():
    result = run_manage("check", **production_env(DJANGO_ALLOWED_HOSTS=""))
    assert result.returncode == 1
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


@pytest.mark.slow
def test_production_requires_redis():
    result = run_manage("check", **production_env(REDIS_URL=""))
    assert result.returncode == 1
    assert "REDIS_URL" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_production_counts_limits_in_redis():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = run_manage("shell", "-c", code, **production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "django.core.cache.backends.redis.RedisCache"


@pytest.mark.slow
def test_development_without_secret_explains_the_fix():
    result = run_manage("check", DJANGO_SETTINGS_MODULE=dev_settings(), DJANGO_SECRET_KEY="")
    assert result.returncode == 1
    assert "Copy .env.example to .env" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_unreachable_database_is_one_line_with_a_hint(tmp_path):
    missing = tmp_path / "no-such-dir" / "db.sqlite3"
    result = run_manage(
        "migrate",
        DJANGO_SETTINGS_MODULE=dev_settings(),
        DATABASE_URL=f"sqlite:///{missing}",
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Cannot use the database:")
    assert "Traceback" not in result.stderr
