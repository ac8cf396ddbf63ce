/** The History panel: whether it replaces live editing, the version shown, and the replay. */
import { createSlice, type PayloadAction } from "@reduxjs/toolkit";

import { roomLeft } from "../room/roomSlice";

export const PLAYBACK_SPEEDS = [1, 4, 16] as const;
export type PlaybackSpeed = (typeof PLAYBACK_SPEEDS)[number];

export interface HistoryState {
  open: boolean;
  /** The version shown; null for the newest one loaded. */
  version: number | null;
  playing: boolean;
  speed: PlaybackSpeed;
}

const initialState: HistoryState = { open: false, version: null, playing: false, speed: 1 };

const historySlice = createSlice({
  name: "history",
  initialState,
  reducers: {
    historyOpened(state) {
      state.open = true;
      state.version = null;
      state.playing = false;
    },
    historyClosed(state) {
      state.open = false;
      state.playing = false;
    },
    versionSelected(state, action: PayloadAction<number>) {
      state.version = action.payload;
    },
    playbackStarted(state) {
      state.playing = true;
    },
    playbackPaused(state) {
      state.playing = false;
    },
    playbackSpeedChanged(state, action: PayloadAction<PlaybackSpeed>) {
      state.speed = action.payload;
    },
  },
  extraReducers: (builder) => {
    builder.addCase(roomLeft, () => initialState);
  },
});

export const {
  historyOpened,
  historyClosed,
  versionSelected,
  playbackStarted,
  playbackPaused,
  playbackSpeedChanged,
} = historySlice.actions;
export default historySlice.reducer;
