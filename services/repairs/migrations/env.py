from alembic import context

from hcs.migrations import run_env
from repairs.adapters.orm import metadata

run_env(context, metadata, "repairs")
