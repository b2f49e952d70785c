"""Alembic migrations, shipped inside the package and run by ``ensure_schema``."""
