"""Tables of a room's text: its ordered log of updates, and snapshots of the whole text.

A room's row (rooms/models.py) is referred to by table name only: this package stands below
the rooms feature and never imports it.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from pairpad.db import Base

JSONColumn = JSON().with_variant(JSONB(), "postgresql")


class RoomUpdate(Base):
    """One accepted change: it turns version - 1 into version."""

    __tablename__ = "room_updates"

    room_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("rooms.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64))
    author_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    author_color: Mapped[str | None] = mapped_column(String(16), nullable=True)
    changes: Mapped[Any] = mapped_column(JSONColumn)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RoomSnapshot(Base):
    """The full text at a version: the room's first text (version 0), every SNAPSHOT_INTERVAL
    updates, and when a room closes. A room loads from its latest; history replays from one."""

    __tablename__ = "room_snapshots"

    room_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("rooms.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
