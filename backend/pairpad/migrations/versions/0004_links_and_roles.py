"""Links with roles: an edit id and a view id per room, a host key (hashed), a status, notes.

Rooms that exist already keep their id as their edit link, get a view link, and get a host key
nobody knows: `pairpad host-key <roomId>` makes a new one for whoever runs the server.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

import hashlib
import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"


def _new_id() -> str:
    """A room id's shape (rooms/ids.py), frozen here as this migration wrote it."""
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(n)) for n in (4, 4, 5))


def upgrade() -> None:
    with op.batch_alter_table("rooms") as rooms:
        rooms.add_column(sa.Column("edit_id", sa.String(length=32), nullable=True))
        rooms.add_column(sa.Column("view_id", sa.String(length=32), nullable=True))
        rooms.add_column(sa.Column("host_key_hash", sa.String(length=64), nullable=True))
        rooms.add_column(
            sa.Column("status", sa.String(length=16), server_default="active", nullable=False)
        )
    connection = op.get_bind()
    for (room_id,) in connection.execute(sa.text("SELECT id FROM rooms")).all():
        unknown_key = hashlib.sha256(secrets.token_bytes(32)).hexdigest()
        connection.execute(
            sa.text(
                "UPDATE rooms SET edit_id = :id, view_id = :view, host_key_hash = :key "
                "WHERE id = :id"
            ),
            {"id": room_id, "view": _new_id(), "key": unknown_key},
        )
    with op.batch_alter_table("rooms") as rooms:
        rooms.alter_column("edit_id", existing_type=sa.String(length=32), nullable=False)
        rooms.alter_column("view_id", existing_type=sa.String(length=32), nullable=False)
        rooms.alter_column("host_key_hash", existing_type=sa.String(length=64), nullable=False)
        rooms.create_unique_constraint(op.f("uq_rooms_edit_id"), ["edit_id"])
        rooms.create_unique_constraint(op.f("uq_rooms_view_id"), ["view_id"])
    op.create_table(
        "room_notes",
        sa.Column("room_id", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["rooms.id"], name=op.f("fk_room_notes_room_id_rooms"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("room_id", name=op.f("pk_room_notes")),
    )


def downgrade() -> None:
    op.drop_table("room_notes")
    with op.batch_alter_table("rooms") as rooms:
        rooms.drop_constraint(op.f("uq_rooms_view_id"), type_="unique")
        rooms.drop_constraint(op.f("uq_rooms_edit_id"), type_="unique")
        for column in ("status", "host_key_hash", "view_id", "edit_id"):
            rooms.drop_column(column)
