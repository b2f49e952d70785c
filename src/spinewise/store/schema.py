"""Run the packaged Alembic migrations programmatically (no alembic.ini needed)."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

if TYPE_CHECKING:
    from alembic.config import Config

HEAD = "head"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic ``Config`` whose ``script_location`` points into the package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("spinewise.store").joinpath("migrations")))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (``None`` for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None  # the package always ships migrations
    return head


def upgrade(engine: Engine, revision: str = HEAD) -> None:
    """``alembic upgrade <revision>`` on this engine, in one transaction."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)


NEWER_DATABASE = "this database was written by a newer spinewise"
"""The one line for a database whose schema revision this release does not know."""


def known_revisions() -> set[str]:
    """Every schema revision this release ships a migration for."""
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def ensure_schema(engine: Engine) -> None:
    """Create or migrate the schema to the latest revision; a no-op when up to date.

    A database stamped with a revision this release does not know was written by a
    newer spinewise: it is left untouched and ``NewerDatabase`` says so (migrating it
    "down" would lose what the newer release stored)."""
    current = current_revision(engine)
    if current == head_revision():
        return
    if current is not None and current not in known_revisions():
        from spinewise.store.unit_of_work import NewerDatabase

        raise NewerDatabase(f"{NEWER_DATABASE} (schema {current}); update spinewise to open it")
    upgrade(engine, HEAD)
