import { describe, expect, it } from "vitest";

import { roomJoined, roomLeft } from "../room/roomSlice";
import reducer, { participantJoined, participantLeft } from "./presenceSlice";

const ada = { id: "a", name: "Ada", color: "#e6194b", role: "editor" } as const;
const bob = { id: "b", name: "Bob", color: "#3cb44b", role: "editor" } as const;
const cy = { id: "c", name: "Cy", color: "#4363d8", role: "viewer" } as const;

const joined = roomJoined({
  room: { id: "r", name: "R", language: "python", status: "active" },
  you: ada,
  participants: [bob],
});

describe("presenceSlice", () => {
  const start = reducer(undefined, { type: "init" });

  it("knows who I am and who was there first", () => {
    expect(reducer(start, joined)).toEqual({ me: ada, others: [bob] });
  });

  it("adds people in joining order, once, and never myself", () => {
    let state = reducer(start, joined);
    state = reducer(state, participantJoined(cy));
    state = reducer(state, participantJoined(cy));
    state = reducer(state, participantJoined(ada));
    expect(state.others).toEqual([bob, cy]);
  });

  it("removes people who leave", () => {
    const state = reducer(reducer(start, joined), participantLeft("b"));
    expect(state.others).toEqual([]);
  });

  it("starts over with a new welcome and forgets everyone on leaving", () => {
    const rejoined = roomJoined({ ...joined.payload, you: { ...ada, id: "a2" } });
    const state = reducer(reducer(start, joined), rejoined);
    expect(state.me?.id).toBe("a2");
    expect(reducer(state, roomLeft())).toEqual(start);
  });
});
