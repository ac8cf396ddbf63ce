"""Each room's input box (the stdin its runs read) is stored with the room, in a table of its own.

Before, it lived in the memory of one server process. Existing rooms start with an empty box.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "room_inputs",
        sa.Column("room_id", sa.String(length=32), nullable=False),
        sa.Column("stdin", sa.Text(), nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["rooms.id"], name=op.f("fk_room_inputs_room_id_rooms"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("room_id", name=op.f("pk_room_inputs")),
    )


def downgrade() -> None:
    op.drop_table("room_inputs")
