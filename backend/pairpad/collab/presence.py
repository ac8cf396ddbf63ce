"""Who is in a room: this instance's connections, and the people on other instances.

Messages from the other instances (`participant_joined`, `participant_left`) keep the view of
the people elsewhere current at once. Messages can be lost, though (Redis restarted or was out
of reach), so the shared presence record is also read every few seconds and the view is
reconciled with it. A read can cross a message in flight and be a moment out of date, so a read
only changes the view when the reads since the last message about that person agree: twice
present to add someone, three times absent to remove someone.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from pairpad.collab.peer import Peer
from pairpad.collab.protocol import message

READS_TO_ADD = 2
READS_TO_REMOVE = 3


@dataclass(frozen=True, slots=True)
class Participant:
    id: str
    name: str
    color: str

    def as_json(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "color": self.color}


@dataclass(slots=True)
class RemotePresence:
    participants: dict[str, Participant] = field(default_factory=dict)
    _present: dict[str, int] = field(default_factory=dict)
    _absent: dict[str, int] = field(default_factory=dict)

    def joined(self, participant: Participant) -> bool:
        """Note a `participant_joined` frame; False if it changes nothing that was shown."""
        self._forget_reads(participant.id)
        known = self.participants.get(participant.id)
        self.participants[participant.id] = participant
        return known != participant

    def left(self, participant_id: str) -> bool:
        """Note a `participant_left` frame; False if that person was not shown."""
        self._forget_reads(participant_id)
        return self.participants.pop(participant_id, None) is not None

    def observed(self, seen: Iterable[Participant]) -> tuple[list[Participant], list[str]]:
        """Take one read of the shared record; returns who to show as joined and as left."""
        record = {participant.id: participant for participant in seen}
        self._present = {id: self._present.get(id, 0) + 1 for id in record}
        self._absent = {
            id: self._absent.get(id, 0) + 1 for id in self.participants if id not in record
        }
        arrived = [
            participant
            for id, participant in record.items()
            if id not in self.participants and self._present[id] >= READS_TO_ADD
        ]
        gone = [id for id, reads in self._absent.items() if reads >= READS_TO_REMOVE]
        for participant in arrived:
            self.participants[participant.id] = participant
        for id in gone:
            del self.participants[id]
            del self._absent[id]
        return arrived, gone

    def _forget_reads(self, participant_id: str) -> None:
        """Reads taken before a frame say nothing about what came after it."""
        self._present.pop(participant_id, None)
        self._absent.pop(participant_id, None)


PALETTE = (
    "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4",
    "#f032e6", "#9a6324", "#469990", "#800000", "#808000", "#000075",
)  # fmt: skip


class Occupants:
    """Who is in one room: this instance's connections, each with its participant, and the
    people connected to other instances. The one place either is kept."""

    def __init__(self) -> None:
        self._here: dict[str, tuple[Peer, Participant]] = {}
        self.elsewhere = RemotePresence()

    def __bool__(self) -> bool:
        """Whether anyone is connected to this instance."""
        return bool(self._here)

    @property
    def everyone(self) -> list[Participant]:
        here = [participant for _, participant in self._here.values()]
        return [*self.elsewhere.participants.values(), *here]

    def people_here(self) -> list[dict[str, str]]:
        return [participant.as_json() for _, participant in self._here.values()]

    def pick_color(self) -> str:
        used = {participant.color for participant in self.everyone}
        free = [color for color in PALETTE if color not in used]
        return free[0] if free else PALETTE[len(used) % len(PALETTE)]

    def add(self, peer: Peer, participant: Participant) -> None:
        self._here[peer.id] = (peer, participant)

    def remove(self, peer: Peer) -> Participant | None:
        entry = self._here.pop(peer.id, None)
        return entry[1] if entry else None

    def deliver(
        self, message: str, exclude: str | None = None, replaces: str | None = None
    ) -> None:
        """Send `message` to this instance's connections, except the one with id `exclude`;
        `replaces` names what a newer message makes stale (see SocketPeer.send)."""
        for peer_id, (peer, _) in list(self._here.items()):
            if peer_id != exclude:
                peer.send(message, replaces)

    def reconcile(self, seen: list[dict[str, str]]) -> None:
        """Heal who is shown as elsewhere from a read of the shared record (see RemotePresence)
        and tell this instance's connections what changed."""
        arrived, gone = self.elsewhere.observed(Participant(**user) for user in seen)
        for participant in arrived:
            self.deliver(message("participant_joined", user=participant.as_json()))
        for participant_id in gone:
            self.deliver(message("participant_left", userId=participant_id))

    def close_all(self, code: int, reason: str) -> None:
        for peer, _ in list(self._here.values()):
            peer.close(code, reason)
