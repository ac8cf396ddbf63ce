/** Running the room's text: who started the run under way, and the output everyone sees. */
import { createSlice, type PayloadAction } from "@reduxjs/toolkit";

import type { RunOutputChunk, RunResult, RunStarted } from "../../api/protocol";
import type { ServerError } from "../connection/connectionSlice";
import { roomJoined, roomLeft } from "../room/roomSlice";

/** Error codes that answer a `run`: they concern the runner only, so the run panel shows them. */
const RUN_ERROR_CODES: ReadonlySet<string> = new Set([
  "run_in_progress",
  "language_unavailable",
  "execution_unavailable",
  "too_many_runs",
  "too_many_runs_from_address",
  "stdin_too_large",
  "no_run_in_progress",
]);

export function isRunError(code: string): boolean {
  return RUN_ERROR_CODES.has(code);
}

export interface RunState {
  /** `requested`: this editor asked and waits for the server; `running`: a run is under way. */
  status: "idle" | "requested" | "running";
  /** The run under way, or the last one that ended. */
  run: RunStarted | null;
  /** The output of `run`, once it has ended. */
  result: RunResult | null;
  /** What the run under way has printed so far, as it came. */
  live: { stdout: string; stderr: string };
  /** Why this editor's last request was refused. */
  refusal: ServerError | null;
  panelOpen: boolean;
  /** The room's input box, shared by everyone in the room. */
  stdin: string;
  /** This editor's id in the room, to tell its own `stdin` messages coming back. */
  selfId: string | null;
  /** This editor's `stdin` messages not yet back from the server: others' wait until then. */
  stdinPending: number;
}

const initialState: RunState = {
  status: "idle",
  run: null,
  result: null,
  live: { stdout: "", stderr: "" },
  refusal: null,
  panelOpen: false,
  stdin: "",
  selfId: null,
  stdinPending: 0,
};

const runSlice = createSlice({
  name: "run",
  initialState,
  reducers: {
    runRequested(state) {
      if (state.status === "idle") state.status = "requested";
      state.refusal = null;
      state.panelOpen = true;
    },
    runStarted(state, action: PayloadAction<RunStarted>) {
      state.status = "running";
      state.run = action.payload;
      state.result = null;
      state.live = { stdout: "", stderr: "" };
      state.refusal = null;
      state.panelOpen = true;
    },
    runOutputReceived(state, action: PayloadAction<RunOutputChunk[]>) {
      if (state.status !== "running") return;
      for (const { stream, text } of action.payload) state.live[stream] += text;
    },
    runFinished(state, action: PayloadAction<RunResult>) {
      state.status = "idle";
      state.run = action.payload;
      state.result = action.payload;
      state.panelOpen = true;
    },
    runRefused(state, action: PayloadAction<ServerError>) {
      // Someone else's run may have started meanwhile; it still goes on.
      if (state.status === "requested") state.status = "idle";
      state.refusal = action.payload;
      state.panelOpen = true;
    },
    /** This editor typed in the input box and sent the whole of it. */
    stdinEdited(state, action: PayloadAction<string>) {
      state.stdin = action.payload;
      state.stdinPending += 1;
    },
    /**
     * The server's order decides (last write wins): while this editor's own messages are on
     * their way, what comes before them is already overwritten; its last echo is the room's.
     */
    stdinReceived(state, action: PayloadAction<{ stdin: string; userId: string | null }>) {
      const { stdin, userId } = action.payload;
      if (userId !== null && userId === state.selfId && state.stdinPending > 0) {
        state.stdinPending -= 1;
        if (state.stdinPending === 0) state.stdin = stdin;
      } else if (state.stdinPending === 0) {
        state.stdin = stdin;
      }
    },
    runPanelToggled(state) {
      state.panelOpen = !state.panelOpen;
    },
  },
  extraReducers: (builder) => {
    builder
      // A result broadcast while this editor was disconnected never arrives: do not wait for it.
      .addCase(roomJoined, (state, action) => {
        state.status = "idle";
        state.selfId = action.payload.you.id;
        state.stdinPending = 0;
      })
      .addCase(roomLeft, () => initialState);
  },
});

export const {
  runRequested,
  runStarted,
  runFinished,
  runOutputReceived,
  runRefused,
  runPanelToggled,
  stdinEdited,
  stdinReceived,
} = runSlice.actions;
export default runSlice.reducer;
