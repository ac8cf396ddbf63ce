import { useState } from "react";

import { useGetRoomQuery } from "../../api/pairpadApi";
import { roomPath } from "../../app/router";
import { Dialog } from "../../components/Dialog";
import { CopyField } from "./CopyField";
import { hiddenHostLink, hostLink } from "./hostLink";

function ShareIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true">
      <path
        d="M8 10V2.5M5 5.5l3-3 3 3M3.5 8.5v4.5h9V8.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/** The room's three links: to edit, to watch, and the host's own (its key kept off the screen). */
function ShareDialog({
  roomId,
  hostKey,
  onClose,
}: {
  roomId: string;
  hostKey: string;
  onClose: () => void;
}) {
  const viewId = useGetRoomQuery(roomId).data?.viewId;
  const origin = window.location.origin;

  return (
    <Dialog title="Share this room" onClose={onClose}>
      <div className="share-links">
        <CopyField
          label="Edit link"
          hint="For the candidate or your pair: they can type, run the code and rename the room."
          value={`${origin}${roomPath(roomId)}`}
        />
        {viewId && (
          <CopyField
            label="View link"
            hint="For observers: they watch everything live and can change nothing."
            value={`${origin}${roomPath(viewId)}`}
          />
        )}
        <CopyField
          label="Host link"
          hint="Opens this room as its host in another browser. Keep it to yourself; the key is hidden here in case your screen is shared."
          value={hostLink(origin, roomId, hostKey)}
          shown={hiddenHostLink(origin, roomId)}
        />
      </div>
    </Dialog>
  );
}

export function ShareButton({ roomId, hostKey }: { roomId: string; hostKey: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        className="button button-small"
        type="button"
        aria-haspopup="dialog"
        aria-label="Share"
        onClick={() => {
          setOpen(true);
        }}
      >
        <ShareIcon />
        <span className="share-label" aria-hidden="true">
          Share
        </span>
      </button>
      {open && (
        <ShareDialog
          roomId={roomId}
          hostKey={hostKey}
          onClose={() => {
            setOpen(false);
          }}
        />
      )}
    </>
  );
}
