/** The state of the link to the server, and how many local edits it has not confirmed yet. */
import { createSlice, type PayloadAction } from "@reduxjs/toolkit";

import { roomJoined, roomLeft } from "../room/roomSlice";

export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "offline";

export interface ServerError {
  code: string;
  message: string;
}

export interface ConnectionState {
  socket: "connecting" | "open" | "closed";
  online: boolean;
  hasJoined: boolean;
  pendingEdits: number;
  lastError: ServerError | null;
}

const initialState: ConnectionState = {
  socket: "connecting",
  online: true,
  hasJoined: false,
  pendingEdits: 0,
  lastError: null,
};

const connectionSlice = createSlice({
  name: "connection",
  initialState,
  reducers: {
    connectionStarted(state) {
      state.socket = "connecting";
    },
    connectionLost(state) {
      state.socket = "closed";
    },
    networkStatusChanged(state, action: PayloadAction<{ online: boolean }>) {
      state.online = action.payload.online;
    },
    pendingEditsChanged(state, action: PayloadAction<number>) {
      state.pendingEdits = action.payload;
      if (action.payload === 0) state.lastError = null;
    },
    serverErrorReceived(state, action: PayloadAction<ServerError>) {
      state.lastError = action.payload;
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(roomJoined, (state) => {
        state.socket = "open";
        state.hasJoined = true;
        state.lastError = null;
      })
      .addCase(roomLeft, () => initialState);
  },
});

/** What the status bar says: offline wins, then whether this editor ever got in. */
export function connectionStatus(state: ConnectionState): ConnectionStatus {
  if (!state.online) return "offline";
  if (state.socket === "open") return "connected";
  return state.hasJoined ? "reconnecting" : "connecting";
}

export const {
  connectionStarted,
  connectionLost,
  networkStatusChanged,
  pendingEditsChanged,
  serverErrorReceived,
} = connectionSlice.actions;
export default connectionSlice.reducer;
