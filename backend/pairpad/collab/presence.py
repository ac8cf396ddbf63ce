"""The people in a room, and those of them connected to other instances.

Messages from the other instances (`participant_joined`, `participant_left`) keep the view of
the people elsewhere current at once. Messages can be lost, though (Redis restarted or was out
of reach), so the shared presence record is also read every few seconds and the view is
reconciled with it. A read can cross a message in flight and be a moment out of date, so a read
only changes the view when the reads since the last message about that person agree: twice
present to add someone, three times absent to remove someone.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

READS_TO_ADD = 2
READS_TO_REMOVE = 3


@dataclass(frozen=True, slots=True)
class Participant:
    id: str
    name: str
    color: str
    role: str = "editor"
    """viewer, editor or host (collab/permissions.py)."""

    def as_json(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "color": self.color, "role": self.role}


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
