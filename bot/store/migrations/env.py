"""Alembic environment: runs on the engine handed over by `bot.store.migrate`."""

from alembic import context

from bot.store.models import every_table

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=every_table(), render_as_batch=True)
    context.run_migrations()
