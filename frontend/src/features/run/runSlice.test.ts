import { describe, expect, it } from "vitest";

import type { RunResult, RunStarted } from "../../api/protocol";
import { roomJoined, roomLeft } from "../room/roomSlice";
import reducer, {
  isRunError,
  runFinished,
  runOutputReceived,
  runPanelToggled,
  runRefused,
  runRequested,
  runStarted,
  stdinEdited,
  stdinReceived,
} from "./runSlice";

function started(fields: Partial<RunStarted> = {}): RunStarted {
  return { userId: "u-ada", name: "Ada", language: "python", version: 3, ...fields };
}

function result(fields: Partial<RunResult> = {}): RunResult {
  return {
    ...started(),
    stdout: "hello 42\n",
    stderr: "",
    exitCode: 0,
    durationMs: 41,
    timedOut: false,
    truncated: false,
    ...fields,
  };
}

const joined = roomJoined({
  room: { id: "r", name: "Room", language: "python", status: "active" },
  you: { id: "u-ada", name: "Ada", color: "#e6194b", role: "editor" },
  participants: [],
});

describe("runSlice", () => {
  const start = reducer(undefined, { type: "init" });

  it("waits for the server after a request, then shows the run under way", () => {
    const requested = reducer(start, runRequested());
    expect(requested).toMatchObject({ status: "requested", panelOpen: true });
    const running = reducer(requested, runStarted(started()));
    expect(running).toMatchObject({ status: "running", run: started(), result: null });
  });

  it("keeps the output of the run that ended", () => {
    const running = reducer(start, runStarted(started()));
    const finished = reducer(running, runFinished(result()));
    expect(finished).toMatchObject({ status: "idle", result: result(), run: result() });
  });

  it("clears the previous output when the next run starts", () => {
    const finished = reducer(start, runFinished(result()));
    expect(reducer(finished, runStarted(started({ version: 9 })))).toMatchObject({
      status: "running",
      run: { version: 9 },
      result: null,
    });
  });

  it("shows a refusal to the runner and lets them try again", () => {
    const refusal = { code: "language_unavailable", message: "TypeScript cannot run here." };
    const refused = reducer(reducer(start, runRequested()), runRefused(refusal));
    expect(refused).toMatchObject({ status: "idle", refusal });
    expect(reducer(refused, runRequested()).refusal).toBeNull();
  });

  it("leaves someone else's run going when this editor's request is refused", () => {
    const both = reducer(reducer(start, runRequested()), runStarted(started({ name: "Bob" })));
    const refused = reducer(both, runRefused({ code: "run_in_progress", message: "Busy." }));
    expect(refused.status).toBe("running");
  });

  it("stops waiting when the editor joins again, since a result may have been missed", () => {
    const running = reducer(start, runStarted(started()));
    expect(reducer(running, joined).status).toBe("idle");
    expect(reducer(running, roomLeft())).toEqual(start);
  });

  it("shows what others type in the input box", () => {
    const seen = reducer(reducer(start, joined), stdinReceived({ stdin: "2 3", userId: "u-bob" }));
    expect(seen.stdin).toBe("2 3");
  });

  it("ends with the room's input when two type at once, whoever's comes last", () => {
    // Ada typed "x"; Bob's "y" reached the server after it; the server's order is x, y.
    let ada = reducer(reducer(start, joined), stdinEdited("x"));
    ada = reducer(ada, stdinReceived({ stdin: "x", userId: "u-ada" }));
    ada = reducer(ada, stdinReceived({ stdin: "y", userId: "u-bob" }));
    expect(ada.stdin).toBe("y");
    // Bob's page: its own "y" is on the way when Ada's older "x" arrives.
    const bobJoined = roomJoined({
      ...joined.payload,
      you: { ...joined.payload.you, id: "u-bob" },
    });
    let bob = reducer(reducer(start, bobJoined), stdinEdited("y"));
    bob = reducer(bob, stdinReceived({ stdin: "x", userId: "u-ada" }));
    expect(bob.stdin).toBe("y");
    bob = reducer(bob, stdinReceived({ stdin: "y", userId: "u-bob" }));
    expect(bob.stdin).toBe("y");
  });

  it("keeps typing ahead of its own echoes", () => {
    let ada = reducer(reducer(start, joined), stdinEdited("a"));
    ada = reducer(ada, stdinEdited("ab"));
    ada = reducer(ada, stdinReceived({ stdin: "a", userId: "u-ada" }));
    expect(ada.stdin).toBe("ab");
    ada = reducer(ada, stdinReceived({ stdin: "ab", userId: "u-ada" }));
    expect(ada).toMatchObject({ stdin: "ab", stdinPending: 0 });
  });

  it("takes the room's input when joining", () => {
    const typed = reducer(reducer(start, joined), stdinEdited("mine"));
    const rejoined = reducer(typed, joined);
    expect(reducer(rejoined, stdinReceived({ stdin: "room's", userId: null })).stdin).toBe(
      "room's",
    );
  });

  it("gathers output as it comes while the run goes on, and starts over with the next", () => {
    let state = reducer(start, runStarted(started()));
    state = reducer(state, runOutputReceived([{ stream: "stdout", text: "0\n" }]));
    state = reducer(
      state,
      runOutputReceived([
        { stream: "stderr", text: "warn\n" },
        { stream: "stdout", text: "1\n" },
      ]),
    );
    expect(state.live).toEqual({ stdout: "0\n1\n", stderr: "warn\n" });
    expect(reducer(state, runStarted(started())).live).toEqual({ stdout: "", stderr: "" });
  });

  it("ignores output of a run it did not see start", () => {
    const idle = reducer(start, runOutputReceived([{ stream: "stdout", text: "late" }]));
    expect(idle.live.stdout).toBe("");
  });

  it("opens and closes the panel", () => {
    expect(reducer(start, runPanelToggled()).panelOpen).toBe(true);
  });

  it("tells run errors from the others", () => {
    expect(isRunError("too_many_runs")).toBe(true);
    expect(isRunError("too_many_runs_from_address")).toBe(true);
    expect(isRunError("room_busy")).toBe(false);
  });
});
