"""Patient cases: a lookup hash, a sealed blob and timestamps; no readable answers.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "patient_case",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("lookup_hash", sa.String(length=64), nullable=False),
        sa.Column("scheme", sa.Integer(), nullable=False),
        sa.Column("blob", sa.LargeBinary(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("patient_case") as batch_op:
        batch_op.create_index("ix_patient_case_expires_at", ["expires_at"], unique=False)
        batch_op.create_index("ix_patient_case_lookup_hash", ["lookup_hash"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("patient_case") as batch_op:
        batch_op.drop_index("ix_patient_case_lookup_hash")
        batch_op.drop_index("ix_patient_case_expires_at")
    op.drop_table("patient_case")
