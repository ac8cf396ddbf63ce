import { useAppSelector } from "../../app/hooks";
import { useRoomStatusChange } from "../host/useRoomStatusChange";

/** Across the room while the interview is ended: read-only for all but the host, who may reopen. */
export function InterviewEndedBanner({ roomId }: { roomId: string }) {
  const { role, status } = useAppSelector((state) => state.access);
  const statusChange = useRoomStatusChange(roomId);
  if (status !== "ended" || role === null) return null;

  if (role !== "host") {
    return (
      <div className="room-banner" role="status">
        <span>
          <strong>The interview has ended.</strong> The text is read-only now.
        </span>
      </div>
    );
  }
  return (
    <div className="room-banner" role="status">
      <span>
        <strong>The interview has ended.</strong> Only you can still edit.
      </span>
      <button
        className="button button-small"
        type="button"
        disabled={statusChange.isChanging}
        onClick={() => void statusChange.change("active")}
      >
        Reopen interview
      </button>
    </div>
  );
}
