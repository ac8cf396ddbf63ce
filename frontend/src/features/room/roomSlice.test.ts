import { describe, expect, it } from "vitest";

import reducer, {
  editLinkRotated,
  languageChanged,
  removedByHost,
  roomJoined,
  roomLeft,
  roomNotFound,
  roomRenamed,
  type RoomState,
} from "./roomSlice";

const joined = roomJoined({
  room: { id: "r1", name: "Kata", language: "javascript", status: "active" },
  you: { id: "me", name: "Ada", color: "#111111", role: "editor" },
  participants: [],
});

describe("roomSlice", () => {
  const start = reducer(undefined, { type: "init" });

  it("starts by joining", () => {
    expect(start.status).toBe("joining");
  });

  it("takes the room's name and language from the welcome", () => {
    expect(reducer(start, joined)).toEqual<RoomState>({
      status: "joined",
      id: "r1",
      name: "Kata",
      language: "javascript",
    });
  });

  it("follows renames and language changes", () => {
    let state = reducer(start, joined);
    state = reducer(state, roomRenamed({ name: "Interview", userId: "u2" }));
    state = reducer(state, languageChanged({ language: "typescript", userId: "api" }));
    expect(state).toMatchObject({ name: "Interview", language: "typescript" });
  });

  it("remembers a room that is gone until the page is left", () => {
    const gone = reducer(reducer(start, joined), roomNotFound());
    expect(gone.status).toBe("notFound");
    expect(reducer(gone, roomLeft())).toEqual(start);
  });

  it("remembers why the server turned this page away for good", () => {
    const joinedState = reducer(start, joined);
    expect(reducer(joinedState, removedByHost()).status).toBe("removedByHost");
    expect(reducer(joinedState, editLinkRotated()).status).toBe("editLinkRotated");
  });
});
