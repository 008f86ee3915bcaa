"""Alembic environment, driven by Flask-Migrate (`flask db ...`)."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app
from sqlalchemy.exc import OperationalError

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db
engine = target_db.engine
config.set_main_option(
    "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
)


def run_migrations_offline() -> None:
    """Emit SQL to stdout (`flask db upgrade --sql`) instead of running it."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_db.metadata,
        literal_binds=True,
        render_as_batch=engine.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def _skip_empty_autogenerate(_context, _revision, directives) -> None:
    # `flask db migrate` with no model change writes no empty migration file.
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def run_migrations_online() -> None:
    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", _skip_empty_autogenerate)
    conf_args.setdefault("compare_type", True)
    # SQLite cannot ALTER most things: batch mode rebuilds the table instead.
    conf_args.setdefault("render_as_batch", engine.dialect.name == "sqlite")

    try:
        connection = engine.connect()
    except OperationalError as exc:
        raise SystemExit(
            f"Cannot connect to the database at {engine.url.render_as_string()}: "
            f"{str(exc.orig).strip().splitlines()[0]}. "
            "Start the database server or fix DATABASE_URL in .env."
        ) from None
    with connection:
        context.configure(connection=connection, target_metadata=target_db.metadata, **conf_args)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
