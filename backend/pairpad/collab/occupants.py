"""Who is in one room: this instance's connections and the people on other instances."""

from dataclasses import dataclass

from pairpad.collab.peer import Peer
from pairpad.collab.presence import Participant, RemotePresence
from pairpad.collab.protocol import message

PALETTE = (
    "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4",
    "#f032e6", "#9a6324", "#469990", "#800000", "#808000", "#000075",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Connection:
    peer: Peer
    participant: Participant
    link: str
    """The room id the connection came through (an edit or a view link)."""


class Occupants:
    """This instance's connections to a room, each with its participant, and the people
    connected to other instances: the one place either is kept."""

    def __init__(self) -> None:
        self._here: dict[str, Connection] = {}
        self.elsewhere = RemotePresence()

    def __bool__(self) -> bool:
        """Whether anyone is connected to this instance."""
        return bool(self._here)

    @property
    def everyone(self) -> list[Participant]:
        here = [connection.participant for connection in self._here.values()]
        return [*self.elsewhere.participants.values(), *here]

    def people_here(self) -> list[dict[str, str]]:
        return [connection.participant.as_json() for connection in self._here.values()]

    def count(self, role: str) -> int:
        return sum(participant.role == role for participant in self.everyone)

    def pick_color(self) -> str:
        used = {participant.color for participant in self.everyone}
        free = [color for color in PALETTE if color not in used]
        return free[0] if free else PALETTE[len(used) % len(PALETTE)]

    def add(self, peer: Peer, participant: Participant, link: str) -> None:
        self._here[peer.id] = Connection(peer, participant, link)

    def remove(self, peer: Peer) -> Participant | None:
        connection = self._here.pop(peer.id, None)
        return connection.participant if connection else None

    def deliver(self, text: str, exclude: str | None = None, replaces: str | None = None) -> None:
        """Send a message to this instance's connections, except the one with id `exclude`;
        `replaces` names what a newer message makes stale (see SocketPeer.send)."""
        for peer_id, connection in list(self._here.items()):
            if peer_id != exclude:
                connection.peer.send(text, replaces)

    def close(
        self,
        code: int,
        reason: str,
        *,
        person: str | None = None,
        link: str | None = None,
        sparing: str | None = None,
    ) -> bool:
        """Close the connections of `person`, or that came through `link`, or all of them,
        except those whose role is `sparing`; True if there was any."""
        closing = [
            connection
            for connection in self._here.values()
            if (person is None or connection.participant.id == person)
            and (link is None or connection.link == link)
            and connection.participant.role != sparing
        ]
        for connection in closing:
            connection.peer.close(code, reason)
        return bool(closing)

    def reconcile(self, seen: list[dict[str, str]]) -> None:
        """Heal who is shown as elsewhere from a read of the shared record (see RemotePresence)
        and tell this instance's connections what changed."""
        arrived, gone = self.elsewhere.observed(Participant(**user) for user in seen)
        for participant in arrived:
            self.deliver(message("participant_joined", user=participant.as_json()))
        for participant_id in gone:
            self.deliver(message("participant_left", userId=participant_id))
