import type { CSSProperties } from "react";

import type { Participant } from "../../api/protocol";
import { useAppSelector } from "../../app/hooks";
import { initials } from "./initials";

function ParticipantItem({ participant, isMe }: { participant: Participant; isMe: boolean }) {
  const label = isMe ? `${participant.name} (you)` : participant.name;
  return (
    <li
      className="participant"
      title={label}
      data-participant-id={participant.id}
      style={{ "--participant-color": participant.color } as CSSProperties}
    >
      <span className="avatar" aria-hidden="true">
        {initials(participant.name)}
      </span>
      <span className="participant-name">{label}</span>
    </li>
  );
}

/** Everyone in the room, in their cursor colors; you first. */
export function ParticipantList() {
  const { me, others } = useAppSelector((state) => state.presence);
  if (!me) return null;
  return (
    <ul className="participants" aria-label={`${others.length + 1} in the room`}>
      <ParticipantItem participant={me} isMe />
      {others.map((participant) => (
        <ParticipantItem key={participant.id} participant={participant} isMe={false} />
      ))}
    </ul>
  );
}
