"""Historical snapshots, so any version's text is a snapshot plus a short replay.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "room_snapshots",
        sa.Column("room_id", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["room_id"],
            ["rooms.id"],
            name=op.f("fk_room_snapshots_room_id_rooms"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("room_id", "version", name=op.f("pk_room_snapshots")),
    )
    # Rooms that already exist keep the one snapshot they have; older versions stay unknown.
    op.execute(
        "INSERT INTO room_snapshots (room_id, version, code) SELECT id, version, code FROM rooms"
    )


def downgrade() -> None:
    op.drop_table("room_snapshots")
