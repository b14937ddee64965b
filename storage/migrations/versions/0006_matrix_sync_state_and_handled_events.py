"""matrix sync state, handled events and the instance id

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 07:12:15
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "handled_events",
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("handled_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_handled_events")),
    )
    with op.batch_alter_table("handled_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handled_events_handled_at"), ["handled_at"], unique=False)
    op.create_table(
        "instance_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_instance_meta")),
    )
    op.create_table(
        "sync_state",
        sa.Column("account", sa.String(length=255), nullable=False),
        sa.Column("next_batch", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("account", name=op.f("pk_sync_state")),
    )


def downgrade() -> None:
    op.drop_table("sync_state")
    op.drop_table("instance_meta")
    with op.batch_alter_table("handled_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handled_events_handled_at"))
    op.drop_table("handled_events")
