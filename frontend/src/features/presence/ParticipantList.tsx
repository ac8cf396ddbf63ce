import type { CSSProperties } from "react";

import type { Participant, Role } from "../../api/protocol";
import { useAppSelector } from "../../app/hooks";
import { initials } from "./initials";

const ROLE_NOTES: Record<Role, string> = { host: " · host", editor: "", viewer: " · watching" };

function ParticipantItem({
  participant,
  isMe,
  onRemove,
}: {
  participant: Participant;
  isMe: boolean;
  onRemove: ((participant: Participant) => void) | undefined;
}) {
  const label = isMe ? `${participant.name} (you)` : participant.name;
  return (
    <li
      className="participant"
      title={label + ROLE_NOTES[participant.role]}
      data-participant-id={participant.id}
      data-role={participant.role}
      style={{ "--participant-color": participant.color } as CSSProperties}
    >
      <span className="avatar" aria-hidden="true">
        {initials(participant.name)}
      </span>
      <span className="participant-name">{label}</span>
      {onRemove && !isMe && (
        <button
          className="participant-remove"
          type="button"
          aria-label={`Remove ${participant.name} from the room`}
          title={`Remove ${participant.name} from the room`}
          onClick={() => {
            onRemove(participant);
          }}
        >
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <path d="M5 5l6 6M11 5l-6 6" stroke="currentColor" strokeWidth="1.6" />
          </svg>
        </button>
      )}
    </li>
  );
}

/** Everyone in the room, in their cursor colors; you first. `onRemove`: the host's ✕ on each other chip. */
export function ParticipantList({
  onRemove,
}: {
  onRemove: ((participant: Participant) => void) | undefined;
}) {
  const { me, others } = useAppSelector((state) => state.presence);
  if (!me) return null;
  return (
    <ul className="participants" aria-label={`${others.length + 1} in the room`}>
      <ParticipantItem participant={me} isMe onRemove={onRemove} />
      {others.map((participant) => (
        <ParticipantItem
          key={participant.id}
          participant={participant}
          isMe={false}
          onRemove={onRemove}
        />
      ))}
    </ul>
  );
}
