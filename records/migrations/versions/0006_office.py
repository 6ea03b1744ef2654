"""The office around the desk: the scanner hot folder's ledger and the case checklists.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply."""
    op.create_table(
        "watch_files",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("folder", sa.String(length=1000), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("group_id", sa.String(length=32), nullable=True),
        sa.Column("case_id", sa.String(length=32), nullable=True),
        sa.Column("nik", sa.String(length=16), nullable=True),
        sa.Column("stored", sa.JSON(), nullable=True),
        sa.Column("documents", sa.JSON(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256", name="uq_watch_files_sha256"),
    )
    op.create_index("ix_watch_files_status", "watch_files", ["status"])
    op.create_index("ix_watch_files_group_id", "watch_files", ["group_id"])
    op.create_index("ix_watch_files_case_id", "watch_files", ["case_id"])
    op.create_table(
        "case_checklists",
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("application", sa.String(length=64), nullable=False),
        sa.Column("confirmed", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("case_id"),
    )


def downgrade() -> None:
    """Revert."""
    op.drop_table("case_checklists")
    op.drop_index("ix_watch_files_case_id", table_name="watch_files")
    op.drop_index("ix_watch_files_group_id", table_name="watch_files")
    op.drop_index("ix_watch_files_status", table_name="watch_files")
    op.drop_table("watch_files")
