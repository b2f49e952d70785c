"""Storage: SQLAlchemy 2 Core tables mapped onto spinewise's records from outside.

``make_engine(url)`` builds an engine (SQLite tuned for a single user, or PostgreSQL
through psycopg 3), ``ensure_schema(engine)`` runs the packaged Alembic migrations, and
the repositories turn rows into records and back. Nothing here runs at import.
"""
