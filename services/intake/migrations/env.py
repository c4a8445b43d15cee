from alembic import context

from hcs.migrations import run_env
from intake.adapters.orm import metadata

run_env(context, metadata, "intake")
