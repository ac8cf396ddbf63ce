import { describe, expect, it } from "vitest";

import { roomJoined } from "../room/roomSlice";
import reducer, {
  connectionLost,
  connectionStarted,
  connectionStatus,
  networkStatusChanged,
  pendingEditsChanged,
  serverErrorReceived,
} from "./connectionSlice";

const joined = roomJoined({
  room: { id: "r", name: "R", language: "python", status: "active" },
  you: { id: "me", name: "Ada", color: "#000000", role: "editor" },
  participants: [],
});

describe("connectionSlice", () => {
  const start = reducer(undefined, { type: "init" });

  it("is connecting until the first welcome", () => {
    expect(connectionStatus(start)).toBe("connecting");
    expect(connectionStatus(reducer(start, connectionLost()))).toBe("connecting");
    expect(connectionStatus(reducer(start, joined))).toBe("connected");
  });

  it("is reconnecting after losing a room it was in", () => {
    let state = reducer(reducer(start, joined), connectionLost());
    expect(connectionStatus(state)).toBe("reconnecting");
    state = reducer(state, connectionStarted());
    expect(connectionStatus(state)).toBe("reconnecting");
    expect(connectionStatus(reducer(state, joined))).toBe("connected");
  });

  it("says offline whenever the browser is", () => {
    const state = reducer(reducer(start, joined), networkStatusChanged({ online: false }));
    expect(connectionStatus(state)).toBe("offline");
  });

  it("counts unconfirmed edits and forgets an error once all are saved", () => {
    let state = reducer(start, pendingEditsChanged(3));
    state = reducer(state, serverErrorReceived({ code: "room_busy", message: "Busy." }));
    expect(state).toMatchObject({ pendingEdits: 3, lastError: { code: "room_busy" } });
    state = reducer(state, pendingEditsChanged(0));
    expect(state).toMatchObject({ pendingEdits: 0, lastError: null });
  });
});
