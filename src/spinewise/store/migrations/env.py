"""Alembic environment: runs on the connection ``ensure_schema`` hands over.

Run from the command line too: ``alembic -c src/spinewise/store/alembic.ini upgrade head``
with ``SPINEWISE_DATABASE_URL`` set.
"""

from __future__ import annotations

from alembic import context

from spinewise.store.tables import metadata

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
        return
    from spinewise.config import load_settings
    from spinewise.store.engine import make_engine

    engine = make_engine(load_settings().database_url)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=metadata,
                          render_as_batch=conn.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():  # pragma: no cover - offline SQL scripts are not used
    raise SystemExit("spinewise migrations run online only")
run_migrations_online()
