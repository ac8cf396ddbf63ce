import { useState, type SubmitEvent } from "react";

import { CenteredPage } from "../../components/CenteredPage";
import { cleanDisplayName } from "./displayName";
import { NameField } from "./NameField";

/** Asked once, before joining a room through a link, when this browser has no name yet. */
export function NamePrompt({
  roomName,
  onName,
}: {
  roomName: string;
  onName: (name: string) => void;
}) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);

  function submit(event: SubmitEvent) {
    event.preventDefault();
    if (!cleanDisplayName(name)) {
      setError("Enter a name so the others know who is typing.");
      return;
    }
    onName(name);
  }

  return (
    <CenteredPage>
      <form className="card stack" onSubmit={submit}>
        <div>
          <h1 className="card-title">Join “{roomName}”</h1>
          <p className="muted">Pick the name the other people in the room will see.</p>
        </div>
        <NameField value={name} onChange={setName} error={error} autoFocus />
        <button className="button button-primary" type="submit">
          Join room
        </button>
      </form>
    </CenteredPage>
  );
}
