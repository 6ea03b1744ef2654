"""Indexes for the queue's order: 15,000 cases are paged without sorting the whole table.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 00:15:00
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply."""
    op.create_index("ix_cases_status_created", "cases", ["status", "created_at", "id"])
    op.create_index("ix_cases_created", "cases", ["created_at", "id"])


def downgrade() -> None:
    """Revert."""
    op.drop_index("ix_cases_created", table_name="cases")
    op.drop_index("ix_cases_status_created", table_name="cases")
