"""A room's text as this instance holds it: the document at its version, and the batches of
updates that brought it there lately (for catching up with `since`, and for rebasing)."""

from dataclasses import dataclass, field

from pairpad.collab.protocol import message
from pairpad.collab.recent import RecentLog
from pairpad.collab.repository import LoggedUpdate
from pairpad.text.document import Document


@dataclass(slots=True)
class RoomText:
    document: Document
    version: int
    snapshot_version: int
    """The version of the newest snapshot stored; a new one is due every SNAPSHOT_INTERVAL."""
    recent: RecentLog = field(default_factory=lambda: RecentLog(0))

    def covers(self, since: int) -> bool:
        """Whether the updates after `since` are all still held in memory."""
        return self.recent.covers(since, self.version)

    def recent_after(self, version: int) -> list[LoggedUpdate]:
        return self.recent.after(version)

    def advance(self, document: Document, updates: list[LoggedUpdate]) -> str:
        """Move to the text after `updates`, a batch already stored, and return the `updates`
        message announcing them."""
        first_version = self.version
        self.document, self.version = document, updates[-1].version
        self.recent.add_batch(updates)
        return message("updates", version=first_version, updates=[u.as_json() for u in updates])

    def take_stored(self, updates: list[LoggedUpdate]) -> str | None:
        """Take in updates stored by another instance; the message announcing them, if any."""
        if not updates:
            return None
        document = self.document
        for item in updates:
            document = document.apply(item.changes)
        return self.advance(document, updates)
