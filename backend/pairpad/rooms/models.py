"""Tables of the rooms feature: each room's identity, links, name, status, its host's notes and
its input box.

A room's text is collab/models.py's. The room's `id` is internal: people reach a room through
its edit link (`edit_id`, the same as `id` until the host rotates it) or its view link.
"""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from pairpad.db import Base


class Room(Base):
    __tablename__ = "rooms"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    edit_id: Mapped[str] = mapped_column(String(32), unique=True)
    view_id: Mapped[str] = mapped_column(String(32), unique=True)
    host_key_hash: Mapped[str] = mapped_column(String(64))
    """SHA-256 of the host key: a database dump does not hand out ownership."""
    name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), server_default="active")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RoomNotes(Base):
    """The host's private notes on a room: never sent to anyone else."""

    __tablename__ = "room_notes"

    room_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("rooms.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RoomInput(Base):
    """The room's input box: what its runs read as stdin, shared by everyone in the room.

    A table of its own, not a column of rooms: it changes as people type, and the rooms row is
    read on every join.
    """

    __tablename__ = "room_inputs"

    room_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("rooms.id", ondelete="CASCADE"), primary_key=True
    )
    stdin: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
