"""The connection manager: which peers are in which room, and fan-out of frames to them.

`Hub` is the interface the collaboration code speaks. `LocalHub` keeps everything in this
process; `RedisHub` (collab/redis_hub.py) adds other server instances behind the same interface.
"""

from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Callable
from typing import Any, Protocol


class Peer(Protocol):
    """One live connection that can be handed frames without waiting."""

    id: str

    def send(self, frame: str, replaces: str | None = None) -> None:
        """Queue `frame`; one still waiting with the same `replaces` key is dropped."""

    def close(self, code: int, reason: str) -> None: ...


RoomListener = Callable[[dict[str, Any], str], None]
"""Called with a frame another instance published for a room (parsed, and as sent)."""


class Hub(ABC):
    @abstractmethod
    def attach(self, room_id: str, peer: Peer) -> None:
        """Start delivering the room's frames to `peer`."""

    @abstractmethod
    def detach(self, room_id: str, peer: Peer) -> None:
        """Stop delivering to `peer`; unknown peers are ignored."""

    @abstractmethod
    def deliver(
        self, room_id: str, frame: str, exclude: str | None = None, replaces: str | None = None
    ) -> None:
        """Hand `frame` to this instance's peers of the room, except the one with id `exclude`;
        `replaces` names what a newer frame makes stale (see Peer.send)."""

    @abstractmethod
    def publish(
        self, room_id: str, frame: str, exclude: str | None = None, replaces: str | None = None
    ) -> None:
        """Deliver `frame` here and to the room's peers on every other instance."""

    @abstractmethod
    def announce(self, room_id: str, frame: str) -> None:
        """Send `frame` to the other instances only (their rooms' listeners get it)."""

    @abstractmethod
    def close_room(self, room_id: str, code: int, reason: str) -> None:
        """Close this instance's connections to the room."""

    @abstractmethod
    async def watch(self, room_id: str, listener: RoomListener) -> None:
        """Receive what other instances publish for the room until `unwatch`."""

    @abstractmethod
    async def unwatch(self, room_id: str) -> None: ...

    @abstractmethod
    def participant_joined(self, room_id: str, participant: dict[str, str]) -> None:
        """Record a participant of this instance where the other instances can see it."""

    @abstractmethod
    def participant_left(self, room_id: str, participant_id: str) -> None: ...

    @abstractmethod
    async def participants_elsewhere(self, room_id: str) -> list[dict[str, str]]:
        """The room's participants connected to other instances."""

    @abstractmethod
    async def start(self) -> None:
        """Connect to whatever the hub needs; called once at startup."""

    @abstractmethod
    async def stop(self) -> None:
        """Release it; called once at shutdown."""


class LocalHub(Hub):
    """Everything in this process: a dictionary of rooms to their peers."""

    def __init__(self) -> None:
        self._rooms: defaultdict[str, dict[str, Peer]] = defaultdict(dict)

    def attach(self, room_id: str, peer: Peer) -> None:
        self._rooms[room_id][peer.id] = peer

    def detach(self, room_id: str, peer: Peer) -> None:
        peers = self._rooms.get(room_id)
        if peers is None:
            return
        peers.pop(peer.id, None)
        if not peers:
            del self._rooms[room_id]

    def deliver(
        self, room_id: str, frame: str, exclude: str | None = None, replaces: str | None = None
    ) -> None:
        for peer_id, peer in list(self._rooms.get(room_id, {}).items()):
            if peer_id != exclude:
                peer.send(frame, replaces)

    def publish(
        self, room_id: str, frame: str, exclude: str | None = None, replaces: str | None = None
    ) -> None:
        self.deliver(room_id, frame, exclude, replaces)

    def announce(self, room_id: str, frame: str) -> None:
        """No other instances to tell."""

    def close_room(self, room_id: str, code: int, reason: str) -> None:
        for peer in list(self._rooms.pop(room_id, {}).values()):
            peer.close(code, reason)

    async def watch(self, room_id: str, listener: RoomListener) -> None:
        """Nothing arrives from elsewhere."""

    async def unwatch(self, room_id: str) -> None:
        """Nothing was watched."""

    def participant_joined(self, room_id: str, participant: dict[str, str]) -> None:
        """Only this instance exists: the room itself knows its participants."""

    def participant_left(self, room_id: str, participant_id: str) -> None:
        """See participant_joined."""

    async def participants_elsewhere(self, room_id: str) -> list[dict[str, str]]:
        return []

    async def start(self) -> None:
        """Nothing to connect to."""

    async def stop(self) -> None:
        """Nothing to release."""
