/** Running the room's text: who started the run under way, and the output everyone sees. */
import { createSlice, type PayloadAction } from "@reduxjs/toolkit";

import type { RunResult, RunStarted } from "../../api/protocol";
import type { ServerError } from "../connection/connectionSlice";
import { roomJoined, roomLeft } from "../room/roomSlice";

/** Error codes that answer a `run`: they concern the runner only, so the run panel shows them. */
const RUN_ERROR_CODES: ReadonlySet<string> = new Set([
  "run_in_progress",
  "language_unavailable",
  "execution_unavailable",
  "too_many_runs",
  "too_many_runs_from_address",
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
  /** Why this editor's last request was refused. */
  refusal: ServerError | null;
  panelOpen: boolean;
}

const initialState: RunState = {
  status: "idle",
  run: null,
  result: null,
  refusal: null,
  panelOpen: false,
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
      state.refusal = null;
      state.panelOpen = true;
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
    runPanelToggled(state) {
      state.panelOpen = !state.panelOpen;
    },
  },
  extraReducers: (builder) => {
    builder
      // A result broadcast while this editor was disconnected never arrives: do not wait for it.
      .addCase(roomJoined, (state) => {
        state.status = "idle";
      })
      .addCase(roomLeft, () => initialState);
  },
});

export const { runRequested, runStarted, runFinished, runRefused, runPanelToggled } =
  runSlice.actions;
export default runSlice.reducer;
