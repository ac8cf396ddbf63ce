"""One open room: its name, language and status, its text, who is in it, and its worker.

Joining reads the text and registers the connection with no await in between, so a newcomer's
welcome and the broadcasts that follow neither overlap nor leave a gap. Changes go to the
room's worker (collab/room_worker.py), which orders, stores and only then broadcasts them.
"""

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

from pairpad.collab.fanout import Fanout
from pairpad.collab.occupants import Occupants
from pairpad.collab.peer import Peer
from pairpad.collab.permissions import Role, Status
from pairpad.collab.presence import Participant
from pairpad.collab.protocol import CloseCode, message
from pairpad.collab.recent import RecentLog
from pairpad.collab.records import RoomRecord
from pairpad.collab.repository import LoggedUpdate
from pairpad.collab.room_text import RoomText
from pairpad.collab.room_worker import RoomOutlet, RoomWorker
from pairpad.collab.sequencer import Outcome, Submission
from pairpad.collab.store import LoadedText, RoomStore
from pairpad.config import Settings


class LiveRoom:
    def __init__(
        self,
        room_id: str,
        record: RoomRecord,
        loaded: LoadedText,
        *,
        fanout: Fanout,
        store: RoomStore,
        settings: Settings,
        on_idle: Callable[["LiveRoom"], None],
    ) -> None:
        self.id = room_id
        self.name = record.name
        self.language = record.language
        self.status = record.status
        recent = RecentLog(settings.recent_updates_kept, settings.recent_cost_kept)
        self.text = RoomText(loaded.document, loaded.version, loaded.snapshot_version, recent)
        self.occupants = Occupants()
        self.holds = 0
        self._gone = False
        self._bus = fanout.bus
        self._presence = fanout.presence
        self._on_idle = on_idle
        outlet = RoomOutlet(self.occupants.deliver, self.broadcast, self.close_connections)
        self._worker = RoomWorker(
            room_id, self.text, outlet, store=store, settings=settings, on_idle=self._went_idle
        )

    @property
    def in_use(self) -> bool:
        return bool(self.occupants) or self.holds > 0 or self._worker.busy

    @property
    def broken(self) -> bool:
        """Deleted, or memory and the stored log may disagree: load the room anew."""
        return self._gone or self._worker.broken

    def join(
        self,
        peer: Peer,
        participant: Participant,
        link: str,
        since: int | None,
        older: Sequence[LoggedUpdate],
    ) -> None:
        """Register the connection and send its welcome, atomically with respect to broadcasts.
        The welcome names the room by the `link` the connection came through."""
        text = self.text
        welcome: dict[str, Any] = {
            "you": participant.as_json(),
            "room": {
                "id": link,
                "name": self.name,
                "language": self.language,
                "status": self.status,
                "version": text.version,
                "doc": text.document.text,
            },
            "participants": [p.as_json() for p in self.occupants.everyone],
        }
        if since is not None and since <= text.version:
            caught_up = [*older, *text.recent_after(older[-1].version if older else since)]
            welcome["updates"] = [item.as_json() for item in caught_up]
        self.occupants.add(peer, participant, link)
        # Recorded before it is announced, so an instance that hears of it finds it recorded.
        self._presence.changed(self.id)
        self.broadcast(message("participant_joined", user=participant.as_json()), exclude=peer.id)
        peer.send(message("welcome", **welcome))

    def leave(self, peer: Peer) -> None:
        if self.occupants.remove(peer) is not None:
            self._presence.changed(self.id)
            self.broadcast(message("participant_left", userId=peer.id))

    def broadcast(self, text: str, exclude: str | None = None, replaces: str | None = None) -> None:
        """Send to everyone in the room, on every instance (`exclude` and `replaces` apply to
        this instance's connections: see Occupants.deliver)."""
        self.occupants.deliver(text, exclude, replaces)
        self._bus.publish(self.id, text)

    def close_connections(self, code: int, reason: str) -> None:
        self.occupants.close(code, reason)

    def submit(self, submission: Submission) -> asyncio.Future[Outcome]:
        return self._worker.submit(submission)

    def remove(self, person: str) -> None:
        """Close a participant's connections, on whichever instance they are."""
        if not self.occupants.close(CloseCode.REMOVED, "removed by the host", person=person):
            self._bus.publish(self.id, message("remove", userId=person))

    def revoke(self, link: str) -> None:
        """Close the connections that came through `link`, on every instance (the host, who
        holds the key, keeps theirs)."""
        self._close_revoked(link)
        self._bus.publish(self.id, message("link_revoked", link=link))

    def _close_revoked(self, link: str) -> None:
        self.occupants.close(CloseCode.LINK_REVOKED, "link revoked", link=link, sparing=Role.HOST)

    def deleted(self) -> None:
        self._gone = True
        self.close_connections(CloseCode.ROOM_NOT_FOUND, "room deleted")

    # What the room hears from other instances (collab/fanout.py's RoomEvents).

    def message_arrived(self, event: dict[str, Any], raw: str) -> None:
        occupants = self.occupants
        match event.get("type"):
            case "updates" | "cursor":
                # A cursor names a version: it goes out after the updates published before it.
                self._worker.arrived(event, raw)
            case "room_deleted":
                self.deleted()
            case "remove":
                occupants.close(CloseCode.REMOVED, "removed by the host", person=event["userId"])
            case "link_revoked":
                self._close_revoked(event["link"])
            case "participant_joined":
                if occupants.elsewhere.joined(Participant(**event["user"])):
                    occupants.deliver(raw)
            case "participant_left":
                if occupants.elsewhere.left(event["userId"]):
                    occupants.deliver(raw)
            case kind:
                if kind == "language":
                    self.language = event["language"]
                elif kind == "rename":
                    self.name = event["name"]
                elif kind == "status":
                    self.status = Status(event["status"])
                occupants.deliver(raw)

    def look_for_missed_updates(self) -> None:
        self._worker.look_in_database()

    def presence_read(self, people: list[dict[str, str]]) -> None:
        self.occupants.reconcile(people)

    def people_gone(self, people_ids: list[str]) -> None:
        for participant_id in people_ids:
            left = message("participant_left", userId=participant_id)
            if self.occupants.elsewhere.left(participant_id):
                self.occupants.deliver(left)
            self._bus.publish(self.id, left)

    async def drained(self) -> None:
        await self._worker.drained()

    async def stop(self) -> None:
        await self._worker.stop()

    def _went_idle(self) -> None:
        if not self.in_use:
            self._on_idle(self)
