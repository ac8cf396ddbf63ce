import { AppLink } from "../../components/AppLink";
import { CenteredPage } from "../../components/CenteredPage";
import { useNewRoom } from "./useNewRoom";

export function RoomNotFound({ roomId }: { roomId: string }) {
  const newRoom = useNewRoom();
  return (
    <CenteredPage>
      <div className="card stack" role="alert">
        <div>
          <h1 className="card-title">Room not found</h1>
          <p className="muted">
            There is no room <code className="room-id">{roomId}</code>. It may have been deleted, or
            the link may be mistyped.
          </p>
        </div>
        <button
          className="button button-primary"
          type="button"
          disabled={newRoom.isCreating}
          onClick={() => void newRoom.start()}
        >
          {newRoom.isCreating ? "Creating…" : "Create a new room"}
        </button>
        {newRoom.error && <p className="field-error">{newRoom.error}</p>}
        <AppLink href="/" className="link">
          Back to the start page
        </AppLink>
      </div>
    </CenteredPage>
  );
}
