"""The connection manager: which peers are in which room, and fan-out of frames to them.

`Hub` is the interface the collaboration service speaks; `LocalHub` keeps everything in this
process. A Redis-backed hub can stand behind the same interface when rooms span instances.
"""

from abc import ABC, abstractmethod
from collections import defaultdict
from typing import Protocol


class Peer(Protocol):
    """One live connection that can be handed frames without waiting."""

    id: str

    def send(self, frame: str) -> None: ...

    def close(self, code: int, reason: str) -> None: ...


class Hub(ABC):
    @abstractmethod
    def attach(self, room_id: str, peer: Peer) -> None:
        """Start delivering the room's frames to `peer`."""

    @abstractmethod
    def detach(self, room_id: str, peer: Peer) -> None:
        """Stop delivering to `peer`; unknown peers are ignored."""

    @abstractmethod
    def publish(self, room_id: str, frame: str, exclude: str | None = None) -> None:
        """Deliver `frame` to every peer of the room except the one with id `exclude`."""

    @abstractmethod
    def peer_count(self, room_id: str) -> int:
        """How many peers the room has."""

    @abstractmethod
    def close_room(self, room_id: str, code: int, reason: str) -> None:
        """Close every connection of the room."""


class LocalHub(Hub):
    """In-process fan-out: a dictionary of rooms to their peers."""

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

    def publish(self, room_id: str, frame: str, exclude: str | None = None) -> None:
        for peer_id, peer in list(self._rooms.get(room_id, {}).items()):
            if peer_id != exclude:
                peer.send(frame)

    def peer_count(self, room_id: str) -> int:
        return len(self._rooms.get(room_id, ()))

    def close_room(self, room_id: str, code: int, reason: str) -> None:
        for peer in list(self._rooms.pop(room_id, {}).values()):
            peer.close(code, reason)
