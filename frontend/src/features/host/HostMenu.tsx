import { useState } from "react";

import { useAppSelector } from "../../app/hooks";
import { MenuButton } from "../../components/MenuButton";
import { DeleteRoomDialog, RotateEditLinkDialog } from "./HostDialogs";
import { useRoomStatusChange } from "./useRoomStatusChange";

function KeyIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true">
      <circle cx="5.5" cy="10.5" r="3" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M7.7 8.3L13 3m-2 2l1.5 1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

/** What only the host may do: end or reopen the interview, notes, a new edit link, delete. */
export function HostMenu({
  roomId,
  hostKey,
  notesOpen,
  onNotesToggled,
}: {
  roomId: string;
  hostKey: string;
  notesOpen: boolean;
  onNotesToggled: () => void;
}) {
  const ended = useAppSelector((state) => state.access.status === "ended");
  const statusChange = useRoomStatusChange(roomId);
  const [asking, setAsking] = useState<"rotate" | "delete" | null>(null);
  const closeDialog = () => {
    setAsking(null);
  };

  return (
    <>
      <MenuButton label="Host" icon={<KeyIcon />}>
        {(close) => (
          <>
            <button
              className="menu-item"
              type="button"
              disabled={statusChange.isChanging}
              onClick={() => {
                close();
                void statusChange.change(ended ? "active" : "ended");
              }}
            >
              {ended ? "Reopen interview" : "End interview"}
            </button>
            <button
              className="menu-item"
              type="button"
              aria-pressed={notesOpen}
              onClick={() => {
                close();
                onNotesToggled();
              }}
            >
              Notes
            </button>
            <button
              className="menu-item"
              type="button"
              onClick={() => {
                close();
                setAsking("rotate");
              }}
            >
              Rotate edit link…
            </button>
            <button
              className="menu-item menu-item-danger"
              type="button"
              onClick={() => {
                close();
                setAsking("delete");
              }}
            >
              Delete room…
            </button>
          </>
        )}
      </MenuButton>
      {asking === "rotate" && (
        <RotateEditLinkDialog roomId={roomId} hostKey={hostKey} onClose={closeDialog} />
      )}
      {asking === "delete" && <DeleteRoomDialog roomId={roomId} onClose={closeDialog} />}
    </>
  );
}
