"""Review desk sessions kept in the store (logout, password change and disabling end them).

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-01 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"  # no 0004 was written (the record form needed no table)
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply."""
    op.create_table(
        "desk_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_name", sa.String(length=64), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_desk_sessions_user_name", "desk_sessions", ["user_name"])
    op.create_index("ix_desk_sessions_last_seen", "desk_sessions", ["last_seen"])


def downgrade() -> None:
    """Revert."""
    op.drop_index("ix_desk_sessions_last_seen", table_name="desk_sessions")
    op.drop_index("ix_desk_sessions_user_name", table_name="desk_sessions")
    op.drop_table("desk_sessions")
