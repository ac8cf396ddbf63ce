import { describe, expect, it } from "vitest";

import type { Role, RoomStatus } from "../../api/protocol";
import { roomJoined, roomLeft } from "../room/roomSlice";
import reducer, { canEdit, roomStatusChanged } from "./accessSlice";

function joinedAs(role: Role, status: RoomStatus) {
  return roomJoined({
    room: { id: "r", name: "Kata", language: "python", status },
    you: { id: "me", name: "Ada", color: "#111111", role },
    participants: [],
  });
}

describe("accessSlice", () => {
  const start = reducer(undefined, { type: "init" });

  it("allows nothing before the welcome", () => {
    expect(start.role).toBeNull();
    expect(canEdit(start)).toBe(false);
  });

  it("takes the role and the room's status from the welcome", () => {
    expect(reducer(start, joinedAs("viewer", "ended"))).toEqual({
      role: "viewer",
      status: "ended",
    });
  });

  it.each<[Role, RoomStatus, boolean]>([
    ["host", "active", true],
    ["host", "ended", true],
    ["editor", "active", true],
    ["editor", "ended", false],
    ["viewer", "active", false],
    ["viewer", "ended", false],
  ])("lets a %s in an %s room edit: %s", (role, status, allowed) => {
    expect(canEdit(reducer(start, joinedAs(role, status)))).toBe(allowed);
  });

  it("follows the interview ending and reopening", () => {
    let state = reducer(start, joinedAs("editor", "active"));
    state = reducer(state, roomStatusChanged({ status: "ended", userId: "host" }));
    expect(canEdit(state)).toBe(false);
    state = reducer(state, roomStatusChanged({ status: "active", userId: "host" }));
    expect(canEdit(state)).toBe(true);
  });

  it("forgets the room when the page is left", () => {
    expect(reducer(reducer(start, joinedAs("host", "ended")), roomLeft())).toEqual(start);
  });
});
