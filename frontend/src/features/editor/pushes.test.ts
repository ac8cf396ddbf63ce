import { EditorState } from "@codemirror/state";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { ClientMessage } from "../../api/protocol";
import { collab } from "./orderedCollab";
import { Pushes } from "./pushes";

describe("Pushes", () => {
  let state: EditorState;
  let sent: ClientMessage[];
  let pushes: Pushes;

  const type = (text: string) => {
    state = state.update({ changes: { from: state.doc.length, insert: text } }).state;
  };
  const versions = () => sent.map((message) => (message.type === "push" ? message.version : -1));

  beforeEach(() => {
    vi.useFakeTimers();
    state = EditorState.create({
      doc: "abc",
      extensions: collab({ startVersion: 3, clientID: "me" }),
    });
    sent = [];
    pushes = new Pushes({
      state: () => state,
      send: (message) => sent.push(message) > 0,
    });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("keeps one push in flight, at the synced version, until it is confirmed", () => {
    type("d");
    pushes.schedule();
    vi.advanceTimersByTime(0);
    type("e");
    pushes.schedule();
    vi.advanceTimersByTime(100);
    expect(versions()).toEqual([3]);

    pushes.confirmed();
    pushes.schedule();
    vi.advanceTimersByTime(0);
    expect(versions()).toEqual([3, 3]);
  });

  it("leaves 40 ms between pushes", () => {
    type("d");
    pushes.schedule();
    vi.advanceTimersByTime(0);
    pushes.confirmed();
    pushes.schedule();
    vi.advanceTimersByTime(39);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(2);
  });

  it("after a rejection, waits for the version the server named", () => {
    type("d");
    pushes.schedule();
    vi.advanceTimersByTime(0);
    pushes.rejected(5);
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(1);
  });

  it("tries a push the busy room refused again after a second", () => {
    type("d");
    pushes.schedule();
    vi.advanceTimersByTime(0);
    pushes.refused("room_busy");
    vi.advanceTimersByTime(999);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(2);
  });

  it("keeps waiting for its answer when an error concerns something else", () => {
    type("d");
    pushes.schedule();
    vi.advanceTimersByTime(0);
    pushes.refused("too_many_runs");
    pushes.schedule();
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(1);
  });
});
