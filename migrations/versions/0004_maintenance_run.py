"""The last run of each background job (the hourly purge), shared by every app instance.

Revision ID: 0004_maintenance
Revises: 0003_funnel
Create Date: 2026-12-12
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_maintenance"
down_revision: str | None = "0003_funnel"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "maintenance_run",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("claimed_at", UTC_TIME, nullable=True),
        sa.Column("finished_at", UTC_TIME, nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("maintenance_run")
