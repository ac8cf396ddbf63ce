"""How a room reaches the other server instances: a bus for its messages, a record of who is
connected to which instance, and stop requests for runs going on elsewhere.

One instance needs none, and LocalBus, LocalPresence and LocalStopRequests do nothing. With
several, Redis carries all three (collab/redis_*.py); PostgreSQL still decides the order of every
update, so the bus only carries news, and a lost message costs a look in the database.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol


class RoomEvents(Protocol):
    """What an open room hears from the other instances."""

    def message_arrived(self, event: dict[str, Any], raw: str) -> None:
        """A message another instance sent to the room (parsed, and as sent)."""

    def look_for_missed_updates(self) -> None:
        """Messages may have been lost: read the database for updates stored elsewhere."""

    def presence_read(self, people: list[dict[str, str]]) -> None:
        """The people the shared record lists on other instances, read just now."""

    def people_gone(self, people_ids: list[str]) -> None:
        """These people's instance stopped: they are gone."""


class OpenRooms(Protocol):
    """This instance's open rooms, as the bus and the presence record see them."""

    def room_events(self, room_id: str) -> RoomEvents | None: ...

    def open_room_ids(self) -> list[str]: ...

    def people_here(self, room_id: str) -> list[dict[str, str]]:
        """The room's people connected to this instance."""


class Bus(ABC):
    @abstractmethod
    async def start(self, rooms: OpenRooms) -> None: ...

    @abstractmethod
    async def stop(self) -> None: ...

    @abstractmethod
    def publish(self, room_id: str, message: str) -> None:
        """Send `message` to the room on every other instance."""

    @abstractmethod
    async def listen(self, room_id: str) -> None:
        """Hand what other instances publish for the room to its RoomEvents until told not to."""

    @abstractmethod
    async def stop_listening(self, room_id: str) -> None: ...


class PresenceRecord(ABC):
    @abstractmethod
    async def start(self, rooms: OpenRooms) -> None: ...

    @abstractmethod
    async def stop(self) -> None: ...

    @abstractmethod
    def changed(self, room_id: str) -> None:
        """This instance's people in the room changed: record them as they are now, before
        any message published after this call."""

    @abstractmethod
    async def elsewhere(self, room_id: str) -> list[dict[str, str]]:
        """The room's people connected to other instances."""


StopHere = Callable[[str], bool]
"""Stops the room's runs on this instance; False if it has none."""


class StopRequests(ABC):
    """A run goes on in the instance where it started: a stop from another one goes there."""

    @abstractmethod
    async def start(self, stop_here: StopHere) -> None:
        """Answer other instances' requests with `stop_here` until stopped."""

    @abstractmethod
    async def stop(self) -> None: ...

    @abstractmethod
    async def ask(self, room_id: str, *, wait: bool) -> bool:
        """Ask every other instance to stop the room's runs. With `wait`, True once one says it
        stopped some, False if none says so within a short while; without, False at once."""


class LocalBus(Bus):
    """No other instance to reach."""

    async def start(self, rooms: OpenRooms) -> None: ...

    async def stop(self) -> None: ...

    def publish(self, room_id: str, message: str) -> None: ...

    async def listen(self, room_id: str) -> None: ...

    async def stop_listening(self, room_id: str) -> None: ...


class LocalPresence(PresenceRecord):
    """Everyone is here; each room keeps its own people."""

    async def start(self, rooms: OpenRooms) -> None: ...

    async def stop(self) -> None: ...

    def changed(self, room_id: str) -> None: ...

    async def elsewhere(self, room_id: str) -> list[dict[str, str]]:
        return []


class LocalStopRequests(StopRequests):
    """Every run is here."""

    async def start(self, stop_here: StopHere) -> None: ...

    async def stop(self) -> None: ...

    async def ask(self, room_id: str, *, wait: bool) -> bool:
        return False


class Lifecycle(Protocol):
    async def start(self) -> None: ...

    async def stop(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Fanout:
    """The bus, the presence record and the stop requests an instance runs with, and the
    connection they share. The stop requests start apart, once the runs they stop can."""

    bus: Bus
    presence: PresenceRecord
    link: Lifecycle | None = None
    stop_requests: StopRequests = field(default_factory=LocalStopRequests)

    async def start(self, rooms: OpenRooms) -> None:
        if self.link is not None:
            await self.link.start()
        await self.bus.start(rooms)
        await self.presence.start(rooms)

    async def stop(self) -> None:
        await self.stop_requests.stop()
        await self.presence.stop()
        await self.bus.stop()
        if self.link is not None:
            await self.link.stop()


def local_fanout() -> Fanout:
    return Fanout(LocalBus(), LocalPresence())
