"""A room's text lives in its snapshots only: the latest snapshot moves off the rooms table.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Each room's latest text becomes a snapshot, unless one at that version is filed already.
    op.execute(
        "INSERT INTO room_snapshots (room_id, version, code) "
        "SELECT id, version, code FROM rooms WHERE NOT EXISTS ("
        "SELECT 1 FROM room_snapshots s WHERE s.room_id = rooms.id AND s.version = rooms.version)"
    )
    with op.batch_alter_table("rooms") as rooms:
        rooms.drop_column("code")
        rooms.drop_column("version")


def downgrade() -> None:
    with op.batch_alter_table("rooms") as rooms:
        rooms.add_column(sa.Column("code", sa.Text(), nullable=False, server_default=""))
        rooms.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="0"))
    op.execute(
        "UPDATE rooms SET (version, code) = (SELECT s.version, s.code FROM room_snapshots s "
        "WHERE s.room_id = rooms.id ORDER BY s.version DESC LIMIT 1)"
    )
