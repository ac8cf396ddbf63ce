import { ChangeSet, EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";

import { collab } from "./orderedCollab";
import { fromSyncedPosition, RecentChanges, toSyncedPosition } from "./positions";

/** "hello world" at the server's version, then local unconfirmed edits. */
function editedLocally(...edits: { from: number; to?: number; insert?: string }[]): EditorState {
  let state = EditorState.create({
    doc: "hello world",
    extensions: collab({ startVersion: 0, clientID: "me" }),
  });
  for (const edit of edits) state = state.update({ changes: edit }).state;
  return state;
}

describe("positions against the confirmed version", () => {
  it("are unchanged without local edits", () => {
    const state = editedLocally();
    expect(toSyncedPosition(state, 4)).toBe(4);
    expect(fromSyncedPosition(state, 4)).toBe(4);
  });

  it("map back through unconfirmed inserts and deletes", () => {
    const state = editedLocally({ from: 0, insert: ">> " }, { from: 8, to: 11 });
    expect(state.doc.toString()).toBe(">> hellorld");
    expect(toSyncedPosition(state, 3)).toBe(0);
    expect(toSyncedPosition(state, 11)).toBe(11);
    expect(toSyncedPosition(state, 8)).toBe(5);
  });

  it("map forward through unconfirmed edits", () => {
    const state = editedLocally({ from: 0, insert: ">> " });
    expect(fromSyncedPosition(state, 0)).toBe(3);
    expect(fromSyncedPosition(state, 11)).toBe(14);
  });
});

describe("RecentChanges", () => {
  const insertAtStart = (length: number) => ChangeSet.of({ from: 0, insert: "xx" }, length).desc;

  it("maps a position from an older version to the latest", () => {
    const recent = new RecentChanges(10);
    recent.add([insertAtStart(5), insertAtStart(7)]);
    expect(recent.version).toBe(12);
    expect(recent.mapFrom(10, 3)).toBe(7);
    expect(recent.mapFrom(11, 3)).toBe(5);
    expect(recent.mapFrom(12, 3)).toBe(3);
  });

  it("does not know versions it never saw or has forgotten", () => {
    const recent = new RecentChanges(0, 2);
    recent.add([insertAtStart(1), insertAtStart(3), insertAtStart(5)]);
    expect(recent.mapFrom(0, 0)).toBeNull();
    expect(recent.mapFrom(1, 0)).toBe(4);
    expect(recent.mapFrom(4, 0)).toBeNull();
  });

  it("starts over at a reset", () => {
    const recent = new RecentChanges(0);
    recent.add([insertAtStart(1)]);
    recent.reset(40);
    expect(recent.version).toBe(40);
    expect(recent.mapFrom(40, 2)).toBe(2);
  });
});
