"""Extra `flask` commands."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import check, upgrade

from .auth.tokens import purge_expired


@click.command("check-migrations")
@with_appcontext
def check_migrations() -> None:
    """Fail if the models changed without a migration.

    Applies every migration to a throwaway SQLite database and compares the result
    with the models, so it never touches (or needs) your real database.
    """
    from . import create_app  # the package imports this module first

    settings = current_app.extensions["settings"]
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'check.db'}"
        app = create_app(settings.model_copy(update={"database_url": url}))
        with app.app_context():
            upgrade()
            check()
    click.echo("Migrations are in sync with the models.")


@click.command("prune-tokens")
@with_appcontext
def prune_tokens() -> None:
    """Delete refresh tokens that have expired (run it daily, e.g. from cron)."""
    click.echo(f"Deleted {purge_expired()} expired refresh token(s).")
