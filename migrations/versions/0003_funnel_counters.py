"""Funnel counters instead of per-case events; invite progress kept on the invite.

The old `step_event` rows recorded each case's path (which steps it saw, in order); the
new `funnel_count` table keeps only daily counts per step, so no row can be joined into
one patient's path. Invites now note when their patient started, answered and finished.

Revision ID: 0003_funnel
Revises: 0002_staff
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_funnel"
down_revision: str | None = "0002_staff"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "funnel_count",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("step_id", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "step_id", "kind", "lang"),
    )
    op.drop_index("ix_step_event_at", table_name="step_event")
    op.drop_index("ix_step_event_analytics_id", table_name="step_event")
    op.drop_table("step_event")
    with op.batch_alter_table("staff_invite") as batch:
        batch.drop_index("ix_staff_invite_analytics_id")
        batch.drop_column("analytics_id")
        batch.add_column(sa.Column("started_at", UTC_TIME, nullable=True))
        batch.add_column(sa.Column("answered_at", UTC_TIME, nullable=True))
        batch.add_column(sa.Column("finished_at", UTC_TIME, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staff_invite") as batch:
        batch.drop_column("finished_at")
        batch.drop_column("answered_at")
        batch.drop_column("started_at")
        batch.add_column(sa.Column("analytics_id", sa.String(length=40), nullable=True))
        batch.create_index("ix_staff_invite_analytics_id", ["analytics_id"], unique=False)
    op.create_table(
        "step_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("analytics_id", sa.String(length=40), nullable=False),
        sa.Column("step_id", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_step_event_analytics_id", "step_event", ["analytics_id"], unique=False)
    op.create_index("ix_step_event_at", "step_event", ["at"], unique=False)
    op.drop_table("funnel_count")
