"""Herald's persistence: SQLAlchemy models, repositories and Alembic migrations."""
