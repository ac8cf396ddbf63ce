/**
 * What the page shows about the room: its name, its language, and whether this page is in it,
 * or was turned away for good (the room is gone, the host removed us, or the link was retired).
 */
import { createSlice, type PayloadAction } from "@reduxjs/toolkit";

import type { Language, Participant, RoomStatus } from "../../api/protocol";

export interface RoomInfo {
  id: string;
  name: string;
  language: Language;
  status: RoomStatus;
}

export interface RoomJoined {
  room: RoomInfo;
  you: Participant;
  participants: Participant[];
}

export interface RoomState {
  status: "joining" | "joined" | "notFound" | "removedByHost" | "editLinkRotated";
  id: string | null;
  name: string;
  language: Language;
}

const initialState: RoomState = { status: "joining", id: null, name: "", language: "python" };

const roomSlice = createSlice({
  name: "room",
  initialState,
  reducers: {
    roomJoined(_, action: PayloadAction<RoomJoined>) {
      const { id, name, language } = action.payload.room;
      return { status: "joined", id, name, language };
    },
    roomRenamed(state, action: PayloadAction<{ name: string; userId: string }>) {
      state.name = action.payload.name;
    },
    languageChanged(state, action: PayloadAction<{ language: Language; userId: string }>) {
      state.language = action.payload.language;
    },
    roomNotFound(state) {
      state.status = "notFound";
    },
    /** The host closed this page's connection (close code 4403). */
    removedByHost(state) {
      state.status = "removedByHost";
    },
    /** The host gave the room a new edit link; the one this page came through is dead (4410). */
    editLinkRotated(state) {
      state.status = "editLinkRotated";
    },
    roomLeft() {
      return initialState;
    },
  },
});

export const {
  roomJoined,
  roomRenamed,
  languageChanged,
  roomNotFound,
  removedByHost,
  editLinkRotated,
  roomLeft,
} = roomSlice.actions;
export default roomSlice.reducer;
