"""Alembic environment: run the migrations online on the URL that ``geo.storage.migrate`` set."""

from alembic import context
from sqlalchemy import create_engine, pool

url = context.config.get_main_option("sqlalchemy.url")
assert url, "set sqlalchemy.url (python -m geo.storage migrate does)"
engine = create_engine(url, poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, version_table="alembic_version")
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
