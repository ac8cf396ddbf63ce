import { useRef, useState, type KeyboardEvent } from "react";

import { ROOM_NAME_MAX } from "../../api/protocol";
import { useAppSelector } from "../../app/hooks";
import { useIsConnected } from "../connection/useIsConnected";

/**
 * The room's name; for those who may rename it, editable in place: Enter or leaving the field
 * renames, Escape cancels.
 */
export function RoomNameField({
  editable,
  onRename,
}: {
  editable: boolean;
  onRename: (name: string) => void;
}) {
  const name = useAppSelector((state) => state.room.name);
  const connected = useIsConnected();
  const [draft, setDraft] = useState<string | null>(null);
  const cancelled = useRef(false);

  function commit() {
    const next = draft?.trim() ?? "";
    setDraft(null);
    if (cancelled.current) {
      cancelled.current = false;
      return;
    }
    if (next && next !== name) onRename(next);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter") event.currentTarget.blur();
    if (event.key === "Escape") {
      cancelled.current = true;
      event.currentTarget.blur();
    }
  }

  if (!editable) return <h1 className="room-name room-name-text">{name}</h1>;
  return (
    <input
      className="room-name"
      aria-label="Room name"
      title="Rename the room"
      maxLength={ROOM_NAME_MAX}
      disabled={!connected}
      value={draft ?? name}
      onFocus={(event) => {
        setDraft(name);
        event.currentTarget.select();
      }}
      onChange={(event) => {
        setDraft(event.target.value);
      }}
      onBlur={commit}
      onKeyDown={onKeyDown}
    />
  );
}
