"""Alembic migrations, numbered and append-only: add a new file, never edit a released one.

`Database.upgrade()` runs them; there is no alembic.ini. To add one, run this, then review and ruff it:

    python -c "from alembic import command; from assistant.storage.database import alembic_config; \
    command.revision(alembic_config(url='sqlite:///data/assistant.db'), 'what changed', \
    autogenerate=True, rev_id='0002')"
"""
