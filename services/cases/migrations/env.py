from alembic import context

from cases.adapters.orm import metadata
from hcs.migrations import run_env

run_env(context, metadata, "cases")
