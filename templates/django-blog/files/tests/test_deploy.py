"""Production settings: ``check --deploy`` is clean and a weak secret is refused."""

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


def production_env(**overrides: str) -> dict[str, str]:
    module = os.environ["DJANGO_SETTINGS_MODULE"].rsplit(".", 1)[0] + ".production"
    return {
        "DJANGO_SETTINGS_MODULE": module,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
        "DJANGO_ALLOWED_HOSTS": "blog.example.com",
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
