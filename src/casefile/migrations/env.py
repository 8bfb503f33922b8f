from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

connection = context.config.attributes.get("connection")
if connection is None:
    # Command-line alembic use: the URL comes from -x url=...
    url = context.get_x_argument(as_dictionary=True)["url"]
    with create_engine(url).begin() as connection:
        context.configure(connection=connection, render_as_batch=True)
        context.run_migrations()
else:
    context.configure(connection=connection, render_as_batch=True)
    context.run_migrations()
