import { useState, type SubmitEvent } from "react";

import { navigate, roomPath } from "../../app/router";
import { CenteredPage } from "../../components/CenteredPage";
import { cleanDisplayName, useDisplayName } from "../profile/displayName";
import { NameField } from "../profile/NameField";
import { useNewRoom } from "../room/useNewRoom";
import { parseRoomInput } from "./parseRoomInput";

export function HomePage() {
  const [savedName, rememberName] = useDisplayName();
  const [name, setName] = useState(savedName);
  const [nameError, setNameError] = useState<string | null>(null);
  const [roomInput, setRoomInput] = useState("");
  const [roomError, setRoomError] = useState<string | null>(null);
  const newRoom = useNewRoom();

  /** Every way into a room needs a name; keep it for next time. */
  function acceptName(): boolean {
    if (!cleanDisplayName(name)) {
      setNameError("Enter a name so the others know who is typing.");
      return false;
    }
    setNameError(null);
    rememberName(name);
    return true;
  }

  function startRoom(event: SubmitEvent) {
    event.preventDefault();
    if (acceptName()) void newRoom.start();
  }

  function joinRoom(event: SubmitEvent) {
    event.preventDefault();
    const roomId = parseRoomInput(roomInput);
    if (!roomId) {
      setRoomError("Paste a room link, or type its id (like k3fq-7zpm-x2dr4).");
      return;
    }
    setRoomError(null);
    if (acceptName()) navigate(roomPath(roomId));
  }

  return (
    <CenteredPage>
      <div className="card stack">
        <div>
          <h1 className="card-title">Code together, live</h1>
          <p className="muted">
            One link, one editor: everyone types at once and sees each other’s cursors.
          </p>
        </div>
        <form className="stack" onSubmit={startRoom}>
          <NameField value={name} onChange={setName} error={nameError} autoFocus={!savedName} />
          <button className="button button-primary" type="submit" disabled={newRoom.isCreating}>
            {newRoom.isCreating ? "Creating…" : "New room"}
          </button>
          {newRoom.error && <p className="field-error">{newRoom.error}</p>}
        </form>
        <div className="divider">
          <span>or join a room</span>
        </div>
        <form className="join-form" onSubmit={joinRoom}>
          <label className="field">
            <span className="visually-hidden">Room link or id</span>
            <input
              className="input"
              name="room"
              placeholder="Room link or id"
              value={roomInput}
              aria-invalid={roomError ? true : undefined}
              onChange={(event) => {
                setRoomInput(event.target.value);
              }}
            />
          </label>
          <button className="button" type="submit">
            Join
          </button>
          {roomError && <p className="field-error join-error">{roomError}</p>}
        </form>
      </div>
    </CenteredPage>
  );
}
